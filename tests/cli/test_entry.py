"""Entry commands: exact output in every format, and refused input changing nothing."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import text

from asiento.services.demo.seed import SeededCompany
from asiento.services.reference.companies import set_lock_date
from asiento.store.uow import UnitOfWork
from tests.builders.ledger import post_simple, row_counts
from tests.cli.conftest import Invoke

DEMO_LIST = """\
Entries
┏━━━━┳━━━━━━━━━━━━━━━━━┳━━━━━━━━━━━━┳━━━━━━━━━━━━━━━━━━━━━━┳━━━━━━━━┳━━━━━━━━━━┓
┃ id ┃ number          ┃ date       ┃ ref                  ┃ state  ┃   amount ┃
┡━━━━╇━━━━━━━━━━━━━━━━━╇━━━━━━━━━━━━╇━━━━━━━━━━━━━━━━━━━━━━╇━━━━━━━━╇━━━━━━━━━━┩
│  5 │ MISC/2026/00002 │ 2026-02-28 │ February salaries    │ posted │  8400.00 │
│  4 │ MISC/2026/00001 │ 2026-02-01 │ Equipment purchase   │ posted │  3630.00 │
│  3 │ BNK1/2026/00003 │ 2026-01-31 │ Bank fees January    │ posted │    18.40 │
│  2 │ BNK1/2026/00002 │ 2026-01-05 │ January rent         │ posted │  1200.00 │
│  1 │ BNK1/2026/00001 │ 2026-01-02 │ Capital contribution │ posted │ 50000.00 │
└────┴─────────────────┴────────────┴──────────────────────┴────────┴──────────┘
"""

CREATED = """\
id              1
number          MISC/2026/00001
date            2026-03-01
ref             Rent March
state           posted
hash            {hash}
┏━━━━━━━━━┳━━━━━━━━━┳━━━━━━━━━━━━━┳━━━━━━━━┳━━━━━━━━┓
┃ account ┃ partner ┃ label       ┃  debit ┃ credit ┃
┡━━━━━━━━━╇━━━━━━━━━╇━━━━━━━━━━━━━╇━━━━━━━━╇━━━━━━━━┩
│ 6000    │         │ Rent: March │ 100.00 │   0.00 │
│ 1000    │         │             │   0.00 │ 100.00 │
│ Total   │         │             │ 100.00 │ 100.00 │
└─────────┴─────────┴─────────────┴────────┴────────┘
"""

SHOWN = """\
id              1
number          MISC/2026/00001
date            2026-03-01
ref             Rent March
state           posted
hash            {hash}
┏━━━━━━━━━┳━━━━━━━━━┳━━━━━━━┳━━━━━━━━┳━━━━━━━━┓
┃ account ┃ partner ┃ label ┃  debit ┃ credit ┃
┡━━━━━━━━━╇━━━━━━━━━╇━━━━━━━╇━━━━━━━━╇━━━━━━━━┩
│ 6000    │         │       │ 100.00 │   0.00 │
│ 1000    │         │       │   0.00 │ 100.00 │
│ Total   │         │       │ 100.00 │ 100.00 │
└─────────┴─────────┴───────┴────────┴────────┘
"""

RENT = ["--journal", "MISC", "--date", "2026-03-01", "--ref", "Rent March"]


def _rstrip(text_: str) -> str:
    return "\n".join(line.rstrip() for line in text_.splitlines()) + "\n"


def test_demo_entries_are_listed_newest_first(cli: Invoke) -> None:
    assert cli("demo", "load", "--no-documents").exit_code == 0
    result = cli("entry", "list")
    assert result.exit_code == 0, result.output
    assert _rstrip(result.stdout) == DEMO_LIST


def test_entry_list_as_csv_and_json(cli: Invoke) -> None:
    cli("demo", "load", "--no-documents")
    csv_out = cli("entry", "list", "--journal", "BNK1", "--format", "csv")
    assert csv_out.stdout == (
        "id,number,date,ref,state,amount\n"
        "3,BNK1/2026/00003,2026-01-31,Bank fees January,posted,18.40\n"
        "2,BNK1/2026/00002,2026-01-05,January rent,posted,1200.00\n"
        "1,BNK1/2026/00001,2026-01-02,Capital contribution,posted,50000.00\n"
    )
    rows = json.loads(cli("entry", "list", "--account", "6300", "--format", "json").stdout)
    assert rows == [
        {
            "id": 5,
            "number": "MISC/2026/00002",
            "date": "2026-02-28",
            "ref": "February salaries",
            "state": "posted",
            "amount": "8400.00",
        }
    ]


def test_entry_list_filters_and_pages(cli: Invoke) -> None:
    cli("demo", "load", "--no-documents")
    dated = cli("entry", "list", "--from", "2026-01-05", "--to", "2026-01-31", "-f", "csv")
    assert [r.split(",")[1] for r in dated.stdout.splitlines()[1:]] == [
        "BNK1/2026/00003",
        "BNK1/2026/00002",
    ]
    paged = cli("entry", "list", "--limit", "2")
    assert paged.exit_code == 0 and "more entries: --cursor " in paged.stdout
    assert cli("entry", "list", "--state", "draft", "-f", "csv").stdout == (
        "id,number,date,ref,state,amount\n"
    )


def test_create_post_show_reverse(cli: Invoke, company: SeededCompany) -> None:
    draft = cli("entry", "create", *RENT, "--line", "6000:100.00::", "--line", "1000::100.00",
                "--format", "json")  # fmt: skip
    assert draft.exit_code == 0, draft.output
    view = json.loads(draft.stdout)
    assert (view["state"], view["number"], view["total_debit"]) == ("draft", None, "100.00")
    assert cli("entry", "delete", "1").exit_code == 2
    posted = cli("entry", "post", str(view["id"]), "--format", "json")
    hash_ = json.loads(posted.stdout)["hash"]
    shown = cli("entry", "show", "1")
    assert _rstrip(shown.stdout) == SHOWN.format(hash=hash_)
    reversal = json.loads(
        cli(
            "entry", "reverse", "1", "--date", "2026-03-02", "--reason", "typo", "-f", "json"
        ).stdout
    )
    assert (reversal["number"], reversal["ref"], reversal["narration"]) == (
        "MISC/2026/00002", "Reversal of MISC/2026/00001", "typo",
    )  # fmt: skip
    assert [(i["debit"], i["credit"]) for i in reversal["items"]] == [
        ("0.00", "100.00"),
        ("100.00", "0.00"),
    ]


def test_create_and_post_at_once_with_a_label_containing_colons(
    cli: Invoke, company: SeededCompany
) -> None:
    result = cli("entry", "create", *RENT, "-l", "6000:100.00:::Rent: March", "-l",
                 "1000::100.00", "--post")  # fmt: skip
    assert result.exit_code == 0, result.output
    hash_ = result.stdout.split("hash", 1)[1].split()[0]
    assert _rstrip(result.stdout) == CREATED.format(hash=hash_)


def test_line_with_a_partner(cli: Invoke, company: SeededCompany) -> None:
    partner = cli("partner", "create", "--name", "Smith and Offspring", "-f", "json")
    pid = json.loads(partner.stdout)["id"]
    result = cli("entry", "create", *RENT, "-l", f"1100:121.00::{pid}:Invoice 12",
                 "-l", "4000::121.00", "-f", "csv")  # fmt: skip
    assert result.exit_code == 0, result.output
    assert result.stdout == (
        "account,partner,label,debit,credit\n"
        "1100,Smith and Offspring,Invoice 12,121.00,0.00\n"
        "4000,,,0.00,121.00\n"
    )


@pytest.mark.parametrize("suffix", ["json", "yaml"])
def test_create_from_a_file_reads_amounts_exactly(
    cli: Invoke, company: SeededCompany, tmp_path: Path, suffix: str
) -> None:
    body = (
        '{"journal": "MISC", "date": "2026-03-01", "ref": "From file", "lines": ['
        '{"account": "6100", "debit": 0.1, "label": "pens"}, '
        '{"account": "1000", "credit": 0.10}]}'
    )
    path = tmp_path / f"entry.{suffix}"
    path.write_text(body)  # JSON is valid YAML: floats must still arrive as exact text
    result = cli("entry", "create", "--file", str(path), "--post", "-f", "json")
    assert result.exit_code == 0, result.output
    view = json.loads(result.stdout)
    assert [(i["account_code"], i["debit"], i["credit"]) for i in view["items"]] == [
        ("6100", "0.10", "0.00"),
        ("1000", "0.00", "0.10"),
    ]
    assert view["number"] == "MISC/2026/00001"


BAD_LINES = [
    (["6000:100.00:", "1000::99.99"], "entry is unbalanced: debit 100.00 != credit 99.99 (difference 0.01)"),
    (["6000:100.00:50.00", "1000::50.00"], "line 1: a line carries either a debit or a credit, not both"),
    (["6000:-100.00:", "1000:100.00:"], "line 1: amounts cannot be negative"),
    (["6000:abc:", "1000::100.00"], "line 1 debit: 'abc' is not a number"),
    (["6000:100.00:", "1000::1,00"], "line 2 credit: '1,00' is not a number"),
    (["9999:100.00:", "1000::100.00"], "account 9999 not found"),
    (["6000:100.00:", "1000::100.00:x"], "line 2 partner id: 'x' is not an id"),
    (["6000", "1000::100.00"], "line 1: expected ACCOUNT:DEBIT:CREDIT[:PARTNER_ID[:LABEL]], got '6000'"),
]  # fmt: skip


@pytest.mark.parametrize(("lines", "message"), BAD_LINES)
def test_bad_lines_are_refused_in_one_line(
    cli: Invoke, uow: UnitOfWork, company: SeededCompany, lines: list[str], message: str
) -> None:
    before = row_counts(uow)
    args = [a for line in lines for a in ("--line", line)]
    result = cli("entry", "create", *RENT, *args, "--post")
    assert (result.exit_code, result.stdout) == (1, "")
    assert result.stderr == f"error: {message}\n"
    assert row_counts(uow) == before


def test_a_date_in_a_locked_period_is_refused(
    cli: Invoke, uow: UnitOfWork, company: SeededCompany
) -> None:
    set_lock_date(uow, company.id, date(2026, 3, 31))
    before = row_counts(uow)
    result = cli("entry", "create", *RENT, "-l", "6000:100.00:", "-l", "1000::100.00", "--post")
    assert result.exit_code == 1
    assert result.stderr == (
        "error: date 2026-03-01 is in a locked period (locked up to 2026-03-31)\n"
    )
    assert row_counts(uow) == before


def test_posting_twice_and_reversing_twice_are_refused(
    cli: Invoke, uow: UnitOfWork, company: SeededCompany
) -> None:
    entry = post_simple(uow, company)
    before = row_counts(uow)
    again = cli("entry", "post", str(entry.id))
    assert (again.exit_code, again.stderr) == (
        1,
        "error: entry MISC/2026/00001 is already posted\n",
    )
    assert row_counts(uow) == before
    assert cli("entry", "reverse", str(entry.id)).exit_code == 0
    before = row_counts(uow)
    twice = cli("entry", "reverse", str(entry.id))
    assert (twice.exit_code, twice.stderr) == (
        1,
        "error: entry MISC/2026/00001 is already reversed\n",
    )
    assert row_counts(uow) == before


def test_unknown_entry_journal_and_date(cli: Invoke, company: SeededCompany) -> None:
    assert cli("entry", "show", "999").stderr == "error: entry 999 not found\n"
    assert cli("entry", "list", "--journal", "NOPE").stderr == "error: journal NOPE not found\n"
    bad = cli("entry", "reverse", "1", "--date", "2026-02-30")
    assert (bad.exit_code, bad.stderr) == (
        1,
        "error: date: '2026-02-30' is not a date (YYYY-MM-DD)\n",
    )


def test_verify_passes_then_names_the_tampered_entry(
    cli: Invoke, uow: UnitOfWork, company: SeededCompany
) -> None:
    entries = [post_simple(uow, company, day=date(2026, 3, d)) for d in (1, 2, 3)]
    clean = cli("verify", "-f", "csv")
    assert clean.exit_code == 0, clean.output
    assert "MISC,3,ok,," in clean.stdout.splitlines()
    with uow:
        if uow.dialect == "postgresql":
            uow.session.execute(text("SET LOCAL session_replication_role = replica"))
        uow.session.execute(
            text("UPDATE journal_items SET debit = 1 WHERE entry_id = :e AND debit > 0"),
            {"e": entries[1].id},
        )
        uow.commit()
    broken = cli("verify")
    assert broken.exit_code == 1
    assert broken.stderr == (
        "error: journal MISC: chain broken at MISC/2026/00002: "
        "content does not match its stored hash\n"
    )
    assert "BROKEN" in broken.stdout
