"""What the report pages ask for: the catalogue's titles, each report's filters, and parsing.

Kept apart from the routes so the page module stays small; the words here
are marked with ``_`` for the catalogues and translated when rendered.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Final

from asiento.domain.errors import InvalidInput
from asiento.reports import catalog
from asiento.reports.params import journal_key, parse_buckets


def _(message: str) -> str:
    return message


@dataclass(frozen=True, slots=True)
class ReportInfo:
    name: str
    title: str
    description: str
    fields: tuple[str, ...]


_PERIOD: Final = ("date_from", "date_to", "journal", "partner_id", "account_from", "account_to",
                  "include_draft")  # fmt: skip
_AS_OF: Final = ("date_to", "journal", "partner_id", "account_from", "account_to", "include_draft")

INFO: Final = {
    i.name: i
    for i in (
        ReportInfo("general-ledger", _("General ledger"),
                   _("Every item per account, with opening and running balances."), _PERIOD),
        ReportInfo("trial-balance", _("Trial balance"),
                   _("Opening, debit, credit and closing per account; optional comparison."),
                   (*_PERIOD, "compare_from", "compare_to")),
        ReportInfo("aged-receivable", _("Aged receivable"),
                   _("What customers owe, by days overdue."), (*_AS_OF, "buckets")),
        ReportInfo("aged-payable", _("Aged payable"),
                   _("What is owed to suppliers, by days overdue."), (*_AS_OF, "buckets")),
        ReportInfo("partner-ledger", _("Partner ledger"),
                   _("Receivable and payable items per partner."), (*_PERIOD, "kind")),
        ReportInfo("journal", _("Journals"),
                   _("Every entry of one journal in number order."), _PERIOD),
        ReportInfo("profit-and-loss", _("Profit and loss"),
                   _("Income and expenses of the period; optional comparison."),
                   (*_PERIOD, "compare_from", "compare_to")),
        ReportInfo("balance-sheet", _("Balance sheet"),
                   _("Assets, liabilities and equity at a date; optional comparison."),
                   (*_AS_OF, "compare_to")),
        ReportInfo("tax", _("Tax report"),
                   _("Bases and taxes per tax, output and input tax, net payable."), _PERIOD),
        ReportInfo("tax-boxes", _("Tax return boxes"),
                   _("The boxes of the tax return for the period."), _PERIOD),
        ReportInfo("tax-box-items", _("Tax return box items"),
                   _("The journal items behind one box of the tax return."), (*_PERIOD, "box")),
    )
}  # fmt: skip

WORDS: Final = (
    # columns and row labels of ``reports.tabular`` (translated when shown)
    _("code"), _("account"), _("opening"), _("debit"), _("credit"), _("closing"), _("group"),
    _("date"), _("entry"), _("journal"), _("partner"), _("label"), _("balance"), _("ref"),
    _("section"), _("amount"), _("tax group"), _("tax"), _("usage"), _("base"), _("tax amount"),
    _("total"), _("box"), _("base or tax"), _("Output tax"), _("Input tax"),
    _("Net payable (refundable if negative)"),
)  # fmt: skip
ROW_LABELS: Final = frozenset((_("Opening balance"), _("Closing balance"), _("Total")))

FILTER_NAMES: Final = ("date_from", "date_to", "journal", "partner_id", "account_from",
                       "account_to", "include_draft", "compare_from", "compare_to", "buckets",
                       "kind", "box")  # fmt: skip


def report_info(name: str) -> ReportInfo:
    if name not in INFO:
        raise InvalidInput(f"report must be one of {', '.join(catalog.REPORTS)}", field="report")
    return INFO[name]


def _date(params: Mapping[str, str], name: str) -> dt.date | None:
    raw = params.get(name, "").strip()
    if not raw:
        return None
    try:
        return dt.date.fromisoformat(raw)
    except ValueError:
        raise InvalidInput(f"{name}: {raw!r} is not a date (YYYY-MM-DD)", field=name) from None


def _int(params: Mapping[str, str], name: str) -> int | None:
    raw = params.get(name, "").strip()
    if not raw:
        return None
    if not raw.isdigit():
        raise InvalidInput(f"{name}: {raw!r} is not a number", field=name)
    return int(raw)


def filters_of(params: Mapping[str, str], today: dt.date) -> dict[str, str]:
    """The form's values as given (strings), ``date_to`` defaulting to today."""
    values = {k: params.get(k, "").strip() for k in FILTER_NAMES}
    values["date_to"] = values["date_to"] or today.isoformat()
    return values


def report_request(company_id: int, values: Mapping[str, str]) -> catalog.ReportRequest:
    """The catalogue's request from the form's strings, as the API builds it."""
    date_to = _date(values, "date_to")
    if date_to is None:
        raise InvalidInput("date_to is required", field="date_to")
    return catalog.ReportRequest(
        company_id,
        date_to,
        date_from=_date(values, "date_from"),
        journal=journal_key(values.get("journal") or None),
        partner_id=_int(values, "partner_id"),
        account_from=values.get("account_from") or None,
        account_to=values.get("account_to") or None,
        include_draft=values.get("include_draft") in ("1", "on", "true"),
        compare_from=_date(values, "compare_from"),
        compare_to=_date(values, "compare_to"),
        buckets=parse_buckets(values.get("buckets") or None),
        partner_kind=values.get("kind") or "all",
        box=values.get("box") or None,
    )
