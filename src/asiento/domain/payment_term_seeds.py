"""The five payment terms every new company starts with, as data.

They are kept in the dict form that ``PaymentTerm.from_dict`` reads, so they
double as examples of it; the demo loader and company set-up persist them as
they are.
"""

from __future__ import annotations

from typing import Any

from asiento.domain.payment_terms import PaymentTerm

SEED_TERM_DICTS: tuple[dict[str, Any], ...] = (
    {"name": "Immediate", "lines": [{"kind": "balance", "due": {}}]},
    {"name": "15 Days", "lines": [{"kind": "balance", "due": {"days": 15}}]},
    {
        "name": "21st of the following month",
        "lines": [{"kind": "balance", "due": {"months": 1, "day_of_month": 21}}],
    },
    {
        "name": "2% 10, Net 30 EOM",
        "lines": [{"kind": "balance", "due": {"months": 1, "end_of_month": True}}],
        "discount": {"percent": "2", "days": 10, "tax_treatment": "reduce_on_early_payment"},
    },
    {
        "name": "30% now, balance end of following month",
        "lines": [
            {"kind": "percent", "value": "30", "due": {}},
            {"kind": "balance", "due": {"months": 1, "end_of_month": True}},
        ],
    },
)


def seed_terms() -> list[PaymentTerm]:
    """The seed terms as domain values, in display order."""
    return [PaymentTerm.from_dict(data) for data in SEED_TERM_DICTS]
