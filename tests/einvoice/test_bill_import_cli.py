"""``asiento bill import FILE…`` and ``asiento bill original``: one line per file, exit codes."""

from __future__ import annotations

from pathlib import Path

from asiento.store.session import make_engine
from asiento.store.uow import UnitOfWork
from tests.cli.conftest import Invoke, cli  # noqa: F401 (the fixture)
from tests.einvoice.bills import DATA, bill_count, buyer

UBL = str(DATA / "ubl_invoice_two_rates.xml")


def _uow(db_url: str) -> UnitOfWork:
    return UnitOfWork.from_engine(make_engine(db_url))


def test_an_unknown_supplier_is_refused_then_created_with_the_option(
    cli: Invoke,  # noqa: F811
    db_url: str,
) -> None:
    buyer(_uow(db_url))
    refused = cli("bill", "import", UBL)
    assert refused.exit_code == 1
    assert refused.stderr.startswith(
        "refused: ubl_invoice_two_rates.xml: supplier 'Wood Corner GmbH'"
    )
    assert refused.stderr.count("\n") == 1
    made = cli("bill", "import", UBL, "--create-supplier")
    assert made.exit_code == 0, made.output
    assert made.stdout.splitlines()[0] == (
        "ubl_invoice_two_rates.xml: draft bill 1 (WC-2026-0042, Wood Corner GmbH), 0 difference(s)"
    )
    again = cli("bill", "import", UBL)
    assert again.exit_code == 1 and "imported before: draft bill 1" in again.stderr


def test_a_bad_file_among_good_ones_exits_1_and_the_good_one_is_imported(
    cli: Invoke,  # noqa: F811
    db_url: str,
    tmp_path: Path,
) -> None:
    buyer(_uow(db_url))
    bad = tmp_path / "evil.xml"
    bad.write_bytes((DATA / "xxe_attempt.xml").read_bytes())
    result = cli("bill", "import", str(bad), UBL, "--create-supplier")
    assert result.exit_code == 1
    assert result.stderr == (
        "refused: evil.xml: a DOCTYPE is not allowed in an e-invoice (entity expansion risk) "
        "at line 1\n"
    )
    assert bill_count(_uow(db_url)) == 1
    out = tmp_path / "back.xml"
    written = cli("bill", "original", "1", "-o", str(out))
    assert (
        written.exit_code == 0
        and out.read_bytes() == (DATA / "ubl_invoice_two_rates.xml").read_bytes()
    )
    missing = cli("bill", "original", "99", "-o", str(out))
    assert (missing.exit_code, missing.stderr) == (
        1,
        "error: imported e-invoice of bill 99 not found\n",
    )
