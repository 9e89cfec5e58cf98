"""Words the services return as codes and pages show translated (``{{ _(code) }}``).

Listing them here with ``_`` puts them in the catalogues: extraction cannot
see a code that only arrives at run time.
"""

from __future__ import annotations

from typing import Final


def _(message: str) -> str:
    return message


CODES: Final = (
    # roles
    _("admin"),
    _("accountant"),
    _("billing_clerk"),
    _("auditor"),
    # document types
    _("out_invoice"),
    _("out_refund"),
    _("in_invoice"),
    _("in_refund"),
    # document and entry states
    _("draft"),
    _("proforma"),
    _("posted"),
    _("cancelled"),
    # payment states
    _("not_paid"),
    _("partial"),
    _("in_payment"),
    _("paid"),
    _("reversed"),
    # statement lines and statements
    _("open"),
    _("reconciled"),
    _("validated"),
    # Should Be Paid
    _("yes"),
    _("exception"),
    _("no"),
    # billing status of orders
    _("nothing"),
    _("waiting"),
    _("billed"),
    _("confirmed"),
    _("done"),
    # invoices: batch actions and payment directions
    _("post"),
    _("send"),
    _("print"),
    _("cancel"),
    _("inbound"),
    _("outbound"),
)
