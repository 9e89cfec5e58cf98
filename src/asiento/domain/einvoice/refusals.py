"""Why an incoming e-invoice is refused, or a bill import is stopped.

Every refusal names the file and, where there is one, the place in it (an element path or a
PDF attachment), so a person can tell the supplier what to fix. ``reason`` is a stable word a
client can switch on: ``not_an_invoice``, ``unsupported_syntax``, ``malformed``,
``schema_error``, ``unsupported_content``, ``unknown_supplier``, ``duplicate``,
``buyer_mismatch``.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, ClassVar

from asiento.domain.errors import InvalidInput, Problem, StateConflict


class EInvoiceRefused(InvalidInput):
    """A file that is not an e-invoice asiento can read (422)."""

    code: ClassVar[str] = "einvoice_refused"
    title: ClassVar[str] = "E-invoice refused"

    def __init__(
        self, reason: str, message: str, *, location: str | None = None, file_name: str = ""
    ) -> None:
        where = f" at {location}" if location else ""
        prefix = f"{file_name}: " if file_name else ""
        super().__init__(f"{prefix}{message}{where}", field=location or "file")
        self.reason = reason
        self.location = location
        self.detail_message = message
        self.file_name = file_name
        self.extensions: dict[str, Any] = {"reason": reason, "file": file_name}
        if location:
            self.extensions["location"] = location

    def named(self, file_name: str) -> EInvoiceRefused:
        """The same refusal, naming ``file_name`` (readers do not know it)."""
        return EInvoiceRefused(
            self.reason, self.detail_message, location=self.location, file_name=file_name
        )


class UnknownSupplier(InvalidInput):
    """No partner of the company matches the seller (BG-4): the caller may create it."""

    code: ClassVar[str] = "einvoice_unknown_supplier"
    title: ClassVar[str] = "Unknown supplier"

    def __init__(self, message: str, *, offer: dict[str, Any]) -> None:
        super().__init__(message, field="seller", reason="unknown_supplier")
        self.offer = offer
        self.extensions: dict[str, Any] = {"reason": "unknown_supplier", "offer": offer}


class BuyerMismatch(InvalidInput):
    """The buyer (BG-7) is not this company, and the company checks strictly."""

    code: ClassVar[str] = "einvoice_buyer_mismatch"
    title: ClassVar[str] = "Not addressed to this company"

    def __init__(self, message: str) -> None:
        super().__init__(message, field="buyer", reason="buyer_mismatch")
        self.extensions: dict[str, Any] = {"reason": "buyer_mismatch"}


class DuplicateBill(StateConflict):
    """This supplier's document number was imported before (409, names the existing bill)."""

    code: ClassVar[str] = "einvoice_duplicate"
    title: ClassVar[str] = "Already imported"

    def __init__(self, message: str, *, bill_id: int) -> None:
        super().__init__(message, field="file", reason="duplicate")
        self.bill_id = bill_id
        self.extensions: dict[str, Any] = {"reason": "duplicate", "bill_id": bill_id}


class NothingImported(InvalidInput):
    """Every file of an import was refused: one problem per file, the common status if any.

    ``results`` are the per-file outcomes (file name and refusal), as an extension member.
    """

    code: ClassVar[str] = "einvoice_nothing_imported"
    title: ClassVar[str] = "No bill imported"

    def __init__(self, refusals: Sequence[tuple[str, dict[str, Any]]], results: list[Any]) -> None:
        first = refusals[0][1] if refusals else {"message": "no file given"}
        super().__init__(str(first["message"]), field="files")
        statuses = {int(r.get("status", 422)) for _, r in refusals}
        self.status = statuses.pop() if len(statuses) == 1 else 422  # type: ignore[misc]
        self.refusals = list(refusals)
        self.extensions: dict[str, Any] = {"results": results}
        if len(refusals) == 1:
            self.extensions |= {k: v for k, v in first.items() if k not in ("message", "status")}

    @property
    def problems(self) -> list[Problem]:
        return [
            Problem(name or "file", str(r["message"]), str(r.get("code", self.code)))
            for name, r in self.refusals
        ]
