"""CSV import profiles in the browser: list, create, edit (other settings kept), delete, preview."""

from __future__ import annotations

import httpx
from fastapi.testclient import TestClient

from asiento.services.bank.statement_profiles import journal_profiles, save_profile
from asiento.services.demo.seed import SeededCompany, seed_company
from asiento.store.uow import UnitOfWork
from tests.builders.ledger import row_counts
from tests.web.conftest import WebClient, csrf_of

FORM = {
    "name": "mybank", "encoding": "utf-8-sig", "delimiter": ";", "decimal_separator": ",",
    "thousands_separator": ".", "date_formats": "%d.%m.%Y", "skip_rows": "1", "currency": "eur",
    "has_header": "1", "date": "Buchungstag", "value_date": "Valuta", "amount": "Betrag",
    "counterparty_name": "Name", "communication": "Zweck|Info",
}  # fmt: skip
FILE = (
    "Kontoauszug Januar\n"
    "Buchungstag;Valuta;Betrag;Name;Zweck;Info\n"
    "02.01.2026;03.01.2026;1.234,56;Acme GmbH;Rechnung 7;Danke\n"
    "05.01.2026;05.01.2026;-12,50;Bank;Gebühr;\n"
).encode()


def send(
    client: TestClient, url: str, page: str, data: dict[str, str], file: bytes | None = None
) -> httpx.Response:
    token = csrf_of(client.get(page).text)
    files = {"file": ("export.csv", file, "text/csv")} if file is not None else None
    response: httpx.Response = client.post(
        url, data={**data, "csrf_token": token}, files=files, follow_redirects=False
    )
    return response


def test_a_profile_is_created_from_the_form_and_listed(
    as_user: WebClient, uow: UnitOfWork, company: SeededCompany
) -> None:
    jid = company.journals["BNK1"]
    client = as_user("accountant")
    listing = client.get(f"/csv-profiles?journal_id={jid}").text
    assert 'id="new-profile"' in listing and "odoo_generic" in listing
    done = send(client, f"/csv-profiles/{jid}/save", f"/csv-profiles/{jid}/new", FORM)
    assert (done.status_code, done.headers["location"]) == (303, f"/csv-profiles?journal_id={jid}")
    (profile,) = journal_profiles(uow, company.id, jid)
    assert profile.to_dict() | {"columns": None} == {
        **profile.to_dict(), "columns": None, "name": "mybank", "delimiter": ";",
        "decimal_separator": ",", "thousands_separator": ".", "date_formats": ["%d.%m.%Y"],
        "skip_rows": 1, "currency": "EUR", "has_header": True, "invert_sign": False,
    }  # fmt: skip
    assert profile.columns.date == ("Buchungstag",)
    assert profile.columns.communication == ("Zweck", "Info")
    assert 'id="profile-mybank"' in client.get(f"/csv-profiles?journal_id={jid}").text


def test_editing_keeps_the_settings_the_form_does_not_show(
    as_user: WebClient, uow: UnitOfWork, company: SeededCompany
) -> None:
    jid = company.journals["BNK1"]
    save_profile(uow, company.id, jid, {
        "name": "ubs", "columns": {"date": ["Date"], "amount": ["Amount"]},
        "footer_after_blank_line": True, "preamble": [["account", 0, 1]],
    })  # fmt: skip
    client = as_user("accountant")
    form = client.get(f"/csv-profiles/{jid}/ubs/edit").text
    assert 'value="ubs"' in form and "readonly" in form
    data = {**FORM, "name": "ubs", "editing": "ubs"}
    done = send(client, f"/csv-profiles/{jid}/save", f"/csv-profiles/{jid}/ubs/edit", data)
    assert done.status_code == 303
    (profile,) = journal_profiles(uow, company.id, jid)
    assert (profile.delimiter, profile.footer_after_blank_line, profile.preamble) == (
        ";", True, (("account", 0, 1),),
    )  # fmt: skip
    renamed = send(client, f"/csv-profiles/{jid}/save", f"/csv-profiles/{jid}/ubs/edit",
                   {**data, "name": "other"})  # fmt: skip
    assert renamed.status_code == 422 and "keeps its name" in renamed.text


def test_a_profile_is_deleted(as_user: WebClient, uow: UnitOfWork, company: SeededCompany) -> None:
    jid = company.journals["BNK1"]
    save_profile(uow, company.id, jid, {"name": "x", "columns": {"date": [0], "amount": [1]},
                                        "has_header": False})  # fmt: skip
    client = as_user("accountant")
    done = send(client, f"/csv-profiles/{jid}/x/delete", f"/csv-profiles?journal_id={jid}", {})
    assert done.status_code == 303
    assert journal_profiles(uow, company.id, jid) == []


def test_preview_reads_the_file_with_the_unsaved_form(
    as_user: WebClient, uow: UnitOfWork, company: SeededCompany
) -> None:
    jid = company.journals["BNK1"]
    client = as_user("accountant")
    before = row_counts(uow)
    shown = send(client, f"/csv-profiles/{jid}/preview", f"/csv-profiles/{jid}/new", FORM, FILE)
    assert shown.status_code == 200
    assert 'id="preview"' in shown.text
    assert "2 lines in 1 statement(s)" in shown.text
    assert "Rechnung 7 Danke" in shown.text and "1,234.56" in shown.text
    assert "-12.50" in shown.text
    assert row_counts(uow) == before


def test_bad_profiles_and_unreadable_files_are_refused_in_words(
    as_user: WebClient, uow: UnitOfWork, company: SeededCompany
) -> None:
    jid = company.journals["BNK1"]
    client = as_user("accountant")
    new = f"/csv-profiles/{jid}/new"
    cases = [
        ({**FORM, "date": ""}, None, "a date column is required"),
        ({**FORM, "skip_rows": "x"}, None, "skip_rows: &#39;x&#39; is not a whole number"),
        ({**FORM, "debit": "Soll"}, None, "amount, or debit/credit columns"),
        ({**FORM, "encoding": "klingon"}, None, "unknown encoding"),
    ]
    for data, file, message in cases:
        refused = send(client, f"/csv-profiles/{jid}/save", new, data, file)
        assert refused.status_code == 422, data
        assert 'id="profile-error"' in refused.text and message in refused.text, message
    bad = FILE.replace(b"1.234,56", b"1.234,5x")
    refused = send(client, f"/csv-profiles/{jid}/preview", new, FORM, bad)
    assert refused.status_code == 422
    assert "line 3, column &#39;Betrag&#39;" in refused.text
    assert journal_profiles(uow, company.id, jid) == []


def test_an_auditor_cannot_save_or_delete(
    as_user: WebClient, uow: UnitOfWork, company: SeededCompany
) -> None:
    jid = company.journals["BNK1"]
    save_profile(uow, company.id, jid, {"name": "x", "columns": {"date": ["D"], "amount": ["A"]}})
    auditor = as_user("auditor")
    page = f"/csv-profiles?journal_id={jid}"
    assert 'id="new-profile"' not in auditor.get(page).text
    assert send(auditor, f"/csv-profiles/{jid}/save", page, FORM).status_code == 403
    assert send(auditor, f"/csv-profiles/{jid}/x/delete", page, {}).status_code == 403
    assert [p.name for p in journal_profiles(uow, company.id, jid)] == ["x"]


def test_another_companys_journal_and_profiles_are_out_of_reach(
    as_user: WebClient, uow: UnitOfWork, company: SeededCompany
) -> None:
    other = seed_company(uow, "Other SL", "EUR")
    jid = other.journals["BNK1"]
    save_profile(uow, other.id, jid, {"name": "x", "columns": {"date": ["D"], "amount": ["A"]}})
    before = [p.to_dict() for p in journal_profiles(uow, other.id, jid)]
    client = as_user("accountant")
    for url in (f"/csv-profiles?journal_id={jid}", f"/csv-profiles/{jid}/new",
                f"/csv-profiles/{jid}/x/edit"):  # fmt: skip
        assert client.get(url).status_code == 404, url
    page = "/csv-profiles"
    assert send(client, f"/csv-profiles/{jid}/save", page, FORM).status_code == 404
    assert send(client, f"/csv-profiles/{jid}/x/delete", page, {}).status_code == 404
    assert send(client, f"/csv-profiles/{jid}/preview", page, FORM, FILE).status_code == 404
    assert [p.to_dict() for p in journal_profiles(uow, other.id, jid)] == before
