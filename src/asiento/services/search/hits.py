"""The shape every search answers, whatever it searched."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Final

KINDS: Final = ("invoice", "bill", "payment", "entry", "partner", "product", "account")


@dataclass(frozen=True, slots=True)
class Hit:
    """One found record: ``label`` is what a person recognises it by (number, name),
    ``detail`` the line under it (partner, amount, date, code)."""

    kind: str
    id: int
    label: str
    detail: str = ""
