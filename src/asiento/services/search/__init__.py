"""Search as you type: one function per kind of record, and a global search.

Each function answers at most ``limit`` :class:`Hit` rows, best first, for the
text a user typed, from indexed queries only (see ``store.text_search`` and the
``0014_search_indexes`` migration), so a keystroke costs about the same at
5,000 and at 100,000 partners. Pickers use the name searches; list pages and the
header use the document searches.

Invariants:
    - every query filters on ``company_id``;
    - an empty text finds nothing (never a full table);
    - prefix matches come before substring matches, and no row appears twice.
"""

from __future__ import annotations

from asiento.services.search.documents import (
    search_entries,
    search_invoices,
    search_payments,
)
from asiento.services.search.hits import KINDS, Hit
from asiento.services.search.names import search_accounts, search_partners, search_products
from asiento.store.uow import UnitOfWork

GLOBAL_LIMIT = 5


def global_search(uow: UnitOfWork, company_id: int, text: str) -> dict[str, list[Hit]]:
    """Up to five hits of each kind, for the header's search box; empty kinds left out."""
    found = {
        "invoice": search_invoices(uow, company_id, text, GLOBAL_LIMIT, vendor=False),
        "bill": search_invoices(uow, company_id, text, GLOBAL_LIMIT, vendor=True),
        "payment": search_payments(uow, company_id, text, GLOBAL_LIMIT),
        "entry": search_entries(uow, company_id, text, GLOBAL_LIMIT),
        "partner": search_partners(uow, company_id, text, GLOBAL_LIMIT),
        "product": search_products(uow, company_id, text, GLOBAL_LIMIT),
    }
    return {kind: hits for kind, hits in found.items() if hits}


__all__ = [
    "KINDS",
    "Hit",
    "global_search",
    "search_accounts",
    "search_entries",
    "search_invoices",
    "search_partners",
    "search_payments",
    "search_products",
]
