"""One hierarchy for every rule asiento enforces.

``AsientoError`` splits into ``NotFound`` (HTTP 404), ``StateConflict`` (409) and
``InvalidInput`` (422). Each leaf is named for the rule it protects and carries a
stable ``code`` (for clients and translations), a one-line ``message`` and an
optional ``field`` naming the input at fault. The API maps them to
problem+json; the CLI prints the message on one line and exits 1.

Checks that can find many problems at once return ``list[Problem]`` and the
service raises a single ``ValidationFailed`` carrying them all.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, ClassVar


@dataclass(frozen=True, slots=True)
class Problem:
    """One thing wrong with an input: where (``field``) and what (``message``)."""

    field: str
    message: str
    code: str = "invalid"


class AsientoError(Exception):
    """Base of every error asiento raises on purpose."""

    status: ClassVar[int] = 400
    code: ClassVar[str] = "asiento_error"
    title: ClassVar[str] = "Request refused"

    def __init__(self, message: str, *, field: str | None = None, **extra: Any) -> None:
        super().__init__(message)
        self.message = message
        self.field = field
        self.extra = extra

    @property
    def problems(self) -> list[Problem]:
        """Field-level problems, for ``errors[]`` in problem+json."""
        if self.field is None:
            return []
        return [Problem(self.field, self.message, self.code)]


class NotFound(AsientoError):
    status = 404
    code = "not_found"
    title = "Not found"

    def __init__(self, kind: str, key: object, *, field: str | None = None) -> None:
        super().__init__(f"{kind} {key!s} not found", field=field)
        self.kind = kind
        self.key = key


class StateConflict(AsientoError):
    status = 409
    code = "state_conflict"
    title = "Conflict with the current state"


class InvalidInput(AsientoError):
    status = 422
    code = "invalid_input"
    title = "Invalid input"


class ValidationFailed(InvalidInput):
    """Several problems found by one check, reported together."""

    code = "validation_failed"

    def __init__(self, problems: Sequence[Problem], summary: str | None = None) -> None:
        first = problems[0] if problems else Problem("", "invalid input")
        prefix = f"{first.field}: " if first.field else ""
        message = summary or f"{prefix}{first.message}"
        if len(problems) > 1 and summary is None:
            message += f" (and {len(problems) - 1} more)"
        super().__init__(message, field=first.field or None)
        self._problems = list(problems)

    @property
    def problems(self) -> list[Problem]:
        return list(self._problems)


# ---- money and currencies -------------------------------------------------


class UnknownCurrency(InvalidInput):
    code = "unknown_currency"

    def __init__(self, currency: object, *, field: str = "currency") -> None:
        super().__init__(f"unknown currency {currency!r}: not an ISO 4217 code", field=field)


class CurrencyMismatch(InvalidInput):
    code = "currency_mismatch"


class InvalidAmount(InvalidInput):
    code = "invalid_amount"


class MissingRate(InvalidInput):
    code = "missing_rate"


# ---- ledger ---------------------------------------------------------------


class UnbalancedEntry(InvalidInput):
    code = "unbalanced_entry"


class PeriodLocked(InvalidInput):
    code = "period_locked"


class PostedEntryImmutable(StateConflict):
    code = "posted_entry_immutable"


class AlreadyPosted(StateConflict):
    code = "already_posted"


class AlreadyReversed(StateConflict):
    code = "already_reversed"


class DuplicateKey(StateConflict):
    """A unique business key (account code, partner ref, ...) is taken."""

    code = "duplicate"


class IdempotencyConflict(StateConflict):
    code = "idempotency_conflict"


class InvalidTransition(StateConflict):
    code = "invalid_transition"


class BrokenChain(StateConflict):
    code = "broken_hash_chain"


# ---- payment terms and cash discounts -------------------------------------


class PaymentTermInvalid(ValidationFailed):
    """A payment term, due-date rule or cash discount breaks a rule.

    Each ``Problem`` carries its own precise code (``percent_over_100``,
    ``last_line_not_balance``, ...); the message names the line.
    """

    code = "payment_term_invalid"

    def __init__(self, problems: Sequence[Problem]) -> None:
        first = problems[0].message if problems else "invalid payment term"
        more = f" (and {len(problems) - 1} more)" if len(problems) > 1 else ""
        super().__init__(problems, summary=first + more)


class InstallmentsExceedTotal(InvalidInput):
    """Fixed or percent lines ask for more than the invoice total."""

    code = "installments_exceed_total"


class WorkingCalendarInvalid(InvalidInput):
    code = "working_calendar_invalid"


class CashDiscountBaseInvalid(InvalidInput):
    """The untaxed base a cash discount is computed on is missing or wrong."""

    code = "cash_discount_base_invalid"


class TaxBreakdownInvalid(InvalidInput):
    """An invoice's base/tax breakdown cannot carry a discount split."""

    code = "tax_breakdown_invalid"


# ---- invoice lines, taxes and totals ---------------------------------------


class NoInvoiceLines(InvalidInput):
    code = "no_lines"


class NonPositiveQuantity(InvalidInput):
    code = "quantity_not_positive"


class UnitPriceTooPrecise(InvalidInput):
    """A unit price has more than six decimals."""

    code = "unit_price_precision"


class DiscountOutOfRange(InvalidInput):
    code = "discount_out_of_range"


class InvalidTaxRule(InvalidInput):
    """A tax definition cannot be applied (unknown type, rate, twice on a line)."""

    code = "invalid_tax"


class FixedTaxPriceIncluded(InvalidInput):
    """A fixed (per-unit) tax is flagged price-included: refused."""

    code = "fixed_tax_price_included"


class ConflictingBaseAccounts(InvalidInput):
    """The taxes of one line name different accounts for its base."""

    code = "conflicting_base_accounts"


class UnknownRoundingMode(InvalidInput):
    code = "unknown_rounding_mode"


class UnknownMoveType(InvalidInput):
    code = "unknown_move_type"


class InvalidRate(InvalidInput):
    """A currency rate is not positive, or is not 1 for the company currency."""

    code = "invalid_rate"


class NegativeInvoiceTotal(InvalidInput):
    """A document total below zero: the other document type is the right one."""

    code = "negative_total"


class InstallmentsMismatch(InvalidInput):
    """An installment schedule does not add up to the document total."""

    code = "installments_mismatch"


# --- access ---


class Unauthenticated(AsientoError):
    """No credentials, or credentials that do not identify an active user."""

    status = 401
    code = "unauthenticated"
    title = "Authentication required"


class Forbidden(AsientoError):
    """The user is known but their role in this company does not allow the action."""

    status = 403
    code = "forbidden"
    title = "Not allowed"


class TooManyAttempts(AsientoError):
    status = 429
    code = "too_many_attempts"
    title = "Too many failed attempts"
