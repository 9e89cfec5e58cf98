"""Codes the services return (states, document types, roles) and the words pages show.

Templates write ``{{ _(invoice.state) }}``: ``i18n.gettext`` looks a code up
here first, then translates its English label. Listing the labels with ``_``
puts them in the catalogues, since extraction cannot see a code that only
arrives at run time.
"""

from __future__ import annotations

from typing import Final


def _(message: str) -> str:
    return message


LABELS: Final[dict[str, str]] = {
    # roles
    "admin": _("Admin"),
    "accountant": _("Accountant"),
    "billing_clerk": _("Billing clerk"),
    "auditor": _("Auditor"),
    # document types
    "customer_invoice": _("Customer invoice"),
    "customer_credit_note": _("Customer credit note"),
    "vendor_bill": _("Vendor bill"),
    "vendor_credit_note": _("Vendor credit note"),
    # document and entry states
    "draft": _("Draft"),
    "proforma": _("Pro-forma"),
    "posted": _("Posted"),
    "cancelled": _("Cancelled"),
    # payment states
    "not_paid": _("Not paid"),
    "partial": _("Partially paid"),
    "in_payment": _("In payment"),
    "paid": _("Paid"),
    "reversed": _("Reversed"),
    # statement lines and statements
    "open": _("Open"),
    "reconciled": _("Reconciled"),
    "validated": _("Validated"),
    # Should Be Paid
    "yes": _("Yes"),
    "exception": _("Exception"),
    "no": _("No"),
    # orders and their billing status
    "confirmed": _("Confirmed"),
    "done": _("Done"),
    "nothing": _("Nothing to Bill"),
    "waiting": _("Waiting Bills"),
    "billed": _("Fully Billed"),
    # follow-ups: channels, history statuses, why a customer was skipped
    "email": _("Email"),
    "letter": _("Letter"),
    "call": _("Call"),
    "sent": _("Sent"),
    "error": _("Error"),
    "todo": _("To do"),
    "nothing_overdue": _("Nothing overdue"),
    "net_credit": _("Net credit"),
    "below_first_level": _("Below the first level"),
    "already_sent": _("Already sent"),
    "disputed_items": _("Disputed items"),
    "on_hold": _("On hold"),
    # orders and settings: bill/invoice control policies, movements, journal kinds,
    # tax usages and types, due-date roll, tax rounding
    "ordered": _("Ordered quantities"),
    "received": _("Received quantities"),
    "delivered": _("Delivered quantities"),
    "receipt": _("Receipt"),
    "delivery": _("Delivery"),
    "return": _("Return"),
    "sale": _("Sale"),
    "purchase": _("Purchase"),
    "bank": _("Bank"),
    "cash": _("Cash"),
    "general": _("General"),
    "none": _("None"),
    "percent": _("Percent"),
    "fixed": _("Fixed"),
    "forward": _("Forward"),
    "backward": _("Backward"),
    "round_per_line": _("Round per line"),
    "round_globally": _("Round globally"),
    # invoices: batch actions and payment directions
    "post": _("Post"),
    "send": _("Send"),
    "print": _("Print"),
    "cancel": _("Cancel"),
    "inbound": _("Inbound"),
    "outbound": _("Outbound"),
    # account types (bank and cash above)
    "receivable": _("Receivable"),
    "payable": _("Payable"),
    "current_asset": _("Current asset"),
    "fixed_asset": _("Fixed asset"),
    "non_current_asset": _("Non-current asset"),
    "prepayment": _("Prepayment"),
    "current_liability": _("Current liability"),
    "non_current_liability": _("Non-current liability"),
    "equity": _("Equity"),
    "income": _("Income"),
    "other_income": _("Other income"),
    "expense": _("Expense"),
    "cost_of_revenue": _("Cost of revenue"),
    "depreciation": _("Depreciation"),
    "off_balance": _("Off balance"),
}
