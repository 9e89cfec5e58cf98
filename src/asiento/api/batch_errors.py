"""Errors of one document in a batch request, named by its place in the batch.

A batch (``POST /invoices/batch``) runs its documents one after the other in one
transaction; the first refusal ends it. The refusal keeps its class (status and problem
code) and gains the document's position in every field it names, so ``lines[0].product``
of the fourth invoice reads ``invoices[3].lines[0].product`` in problem+json.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from asiento.domain.errors import AsientoError


@contextmanager
def batch_item(position: int, name: str = "invoices") -> Iterator[None]:
    """Re-raise a refusal inside the block with its fields under ``name[position]``."""
    try:
        yield
    except AsientoError as error:
        error.place_under(f"{name}[{position}]")
        raise
