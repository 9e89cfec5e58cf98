"""Manual journal entries in the browser (HTTP): the form, post, reverse, the entry page
with its document and reconciliation links, the list's search, bad input, tenant walls.
Runs on SQLite and PostgreSQL."""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal

from httpx import Response

from asiento.services.demo.seed import SeededCompany, seed_company
from asiento.services.ledger import entries as ledger
from asiento.services.ledger.entries import EntryFilter, EntryInput, LineInput
from asiento.services.payments.register_payment import RegisterPaymentInput, register_payment
from asiento.store.uow import UnitOfWork
from tests.builders.invoices import customer, invoice_input, line, posted
from tests.web.conftest import WebClient, post_form

DAY = "2026-03-10"


def _form(company: SeededCompany, **lines: str) -> dict[str, str]:
    data = {"journal": str(company.journals["MISC"]), "date": DAY, "ref": "ACCR-7"}
    data.update(lines)
    return data


def _rent(company: SeededCompany, amount: str = "1200.00") -> dict[str, str]:
    return _form(
        company,
        **{
            "lines-0-account": str(company.accounts["6000"]),
            "lines-0-label": "March rent",
            "lines-0-debit": amount,
            "lines-1-account": str(company.accounts["2200"]),
            "lines-1-credit": "1200.00",
        },
    )


def _saved(answer: object) -> int:
    assert isinstance(answer, Response)
    assert answer.status_code == 303, answer.text
    return int(answer.headers["location"].rsplit("/", 1)[1])


def test_a_manual_entry_is_posted_from_the_form_and_reversed_with_links_both_ways(
    as_user: WebClient, uow: UnitOfWork, company: SeededCompany
) -> None:
    accountant = as_user("accountant")
    entry_id = _saved(post_form(accountant, "/entries/new", {**_rent(company), "op": "post"}))
    posted_entry = ledger.get_entry(uow, company.id, entry_id)
    assert posted_entry.state == "posted" and posted_entry.number
    assert [(i.debit, i.credit) for i in posted_entry.items] == [
        (Decimal("1200.00"), Decimal("0.00")),
        (Decimal("0.00"), Decimal("1200.00")),
    ]
    page = accountant.get(f"/entries/{entry_id}").text
    assert posted_entry.number in page and "6000 Rent" in page and "March rent" in page
    reversed_ = _saved(
        post_form(
            accountant,
            f"/entries/{entry_id}/reverse",
            {"date": "2026-03-31", "reason": "wrong month", "confirm": "1"},
            f"/entries/{entry_id}",
        )
    )
    reversal = ledger.get_entry(uow, company.id, reversed_)
    assert reversal.reversal_of_id == entry_id and reversal.date == dt.date(2026, 3, 31)
    original = accountant.get(f"/entries/{entry_id}").text
    assert f'<a href="/entries/{reversed_}">{reversal.number}</a>' in original
    assert 'id="reverse"' not in original
    mirror = accountant.get(f"/entries/{reversed_}").text
    assert f'<a href="/entries/{entry_id}">{posted_entry.number}</a>' in mirror
    again = post_form(
        accountant, f"/entries/{entry_id}/reverse", {"confirm": "1"}, f"/entries/{entry_id}"
    )
    assert isinstance(again, Response) and again.status_code == 303
    assert "already" in accountant.get(f"/entries/{entry_id}").text


def test_an_unbalanced_entry_is_refused_in_words_and_nothing_is_written(
    as_user: WebClient, uow: UnitOfWork, company: SeededCompany
) -> None:
    accountant = as_user("accountant")
    answer = post_form(accountant, "/entries/new", {**_rent(company, "1000.00"), "op": "post"})
    assert isinstance(answer, Response) and answer.status_code in (409, 422)
    assert 'id="form-error"' in answer.text and "1000.00" in answer.text
    bad = post_form(
        accountant, "/entries/new", {**_rent(company), "lines-0-debit": "12,x", "op": "draft"}
    )
    assert isinstance(bad, Response) and bad.status_code == 422
    assert "line 1 debit" in bad.text
    bad_date = post_form(accountant, "/entries/new", {**_rent(company), "date": "31/03/2026"})
    assert isinstance(bad_date, Response) and bad_date.status_code == 422
    no_account = post_form(
        accountant, "/entries/new", {**_rent(company), "lines-1-account": "", "op": "draft"}
    )
    assert isinstance(no_account, Response) and no_account.status_code == 422
    assert "line 2: choose an account" in no_account.text
    assert ledger.list_entries(uow, company.id, EntryFilter()).entries == []


def test_add_and_remove_line_keep_what_was_typed(
    as_user: WebClient, company: SeededCompany
) -> None:
    accountant = as_user("accountant")
    added = post_form(accountant, "/entries/new", {**_rent(company), "op": "add"})
    assert isinstance(added, Response) and added.status_code == 200
    assert 'id="eline-2"' in added.text and "March rent" in added.text
    assert "6000 Rent" in added.text
    removed = post_form(accountant, "/entries/new", {**_rent(company), "op": "remove-0"})
    assert isinstance(removed, Response)
    assert "March rent" not in removed.text and 'id="eline-1"' not in removed.text


def test_a_clerk_cannot_save_an_entry_and_an_auditor_sees_no_form_buttons(
    as_user: WebClient, uow: UnitOfWork, company: SeededCompany
) -> None:
    clerk = as_user("billing_clerk")
    answer = post_form(clerk, "/entries/new", {**_rent(company), "op": "draft"})
    assert isinstance(answer, Response) and answer.status_code == 403
    assert ledger.list_entries(uow, company.id, EntryFilter()).entries == []
    auditor = as_user("auditor")
    assert 'id="new-entry"' not in auditor.get("/entries").text


def _manual(uow: UnitOfWork, company: SeededCompany, amount: str, ref: str) -> int:
    cmd = EntryInput(
        journal="MISC",
        date=dt.date(2026, 3, 1),
        ref=ref,
        lines=(
            LineInput(account="6200", debit=Decimal(amount)),
            LineInput(account="1000", credit=Decimal(amount)),
        ),
    )
    return ledger.create_entry(uow, company.id, cmd, post=True).id


def test_the_list_finds_entries_by_number_reference_amount_account_and_partner(
    as_user: WebClient, uow: UnitOfWork, company: SeededCompany
) -> None:
    fees = _manual(uow, company, "17.35", "FEES-MARCH")
    other = _manual(uow, company, "99.00", "OTHER")
    acme = customer(uow, company, "Acme Widgets SL")
    invoice = posted(
        uow, company, invoice_input(acme, line("500.00", account_id=company.accounts["4000"]))
    )
    auditor = as_user("auditor")

    def ids(**params: str) -> set[int]:
        html = auditor.get("/entries", params=params).text
        return {int(m) for m in re.findall(r'<tr id="entry-(\d+)"', html)}

    assert ids(q="17.35") == {fees}
    assert ids(q="FEES-MARCH") == {fees}
    number = ledger.get_entry(uow, company.id, other).number
    assert number and other in ids(q=number)
    assert ids(q="acme widgets") == {invoice.entry_id}
    assert ids(account=str(company.accounts["6200"])) == {fees, other}
    assert ids(partner=str(acme)) == {invoice.entry_id}
    assert ids(q="17.35", account=str(company.accounts["4000"])) == set()
    listing = auditor.get("/entries").text
    assert f'<a href="/invoices/{invoice.id}">{invoice.number}</a>' in listing


def test_the_entry_of_a_paid_invoice_links_its_invoice_and_the_payment_entry(
    as_user: WebClient, uow: UnitOfWork, company: SeededCompany
) -> None:
    acme = customer(uow, company, "Acme SL")
    invoice = posted(
        uow, company, invoice_input(acme, line("80.00", account_id=company.accounts["4000"]))
    )
    payment = register_payment(
        uow, company.id, [invoice.id], RegisterPaymentInput(date=dt.date(2026, 3, 20))
    ).payments[0]
    page = as_user("auditor").get(f"/entries/{invoice.entry_id}").text
    assert f'<a href="/invoices/{invoice.id}">{invoice.number}</a>' in page
    pay_entry = ledger.get_entry(uow, company.id, payment.entry_id)
    assert f'<a href="/entries/{payment.entry_id}">{pay_entry.number}</a>' in page


def test_another_companys_entry_is_not_found_and_its_search_finds_nothing(
    as_user: WebClient, uow: UnitOfWork, company: SeededCompany
) -> None:
    other = seed_company(uow, "Other Company SL", "EUR")
    theirs = _manual(uow, other, "42.00", "THEIRS")
    accountant = as_user("accountant")
    assert accountant.get(f"/entries/{theirs}").status_code == 404
    assert "THEIRS" not in accountant.get("/entries", params={"q": "42.00"}).text
    refused = post_form(accountant, f"/entries/{theirs}/reverse", {"confirm": "1"}, "/entries")
    assert isinstance(refused, Response) and refused.status_code == 404
    assert ledger.get_entry(uow, other.id, theirs).reversed_by_id is None
    foreign = post_form(
        accountant,
        "/entries/new",
        {**_rent(company), "lines-1-account": str(other.accounts["2200"]), "op": "draft"},
    )
    assert isinstance(foreign, Response) and foreign.status_code in (404, 422)
    assert ledger.list_entries(uow, company.id, EntryFilter()).entries == []
