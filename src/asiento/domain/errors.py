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

    def place_under(self, where: str) -> None:
        """Name every field under ``where`` (a document's place in a batch request)."""
        self.field = f"{where}.{self.field}" if self.field else where
        self.message = f"{where}: {self.message}"


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


class UnknownSchemaRevision(StateConflict):
    """The database was made by a schema this release cannot upgrade from."""

    code = "unknown_schema_revision"


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

    def place_under(self, where: str) -> None:
        super().place_under(where)
        self._problems = [
            Problem(f"{where}.{p.field}" if p.field else where, p.message, p.code)
            for p in self._problems
        ]


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


class UnknownDocumentKind(InvalidInput):
    code = "unknown_document_kind"


class InvalidRate(InvalidInput):
    """A currency rate is not positive, or is not 1 for the company currency."""

    code = "invalid_rate"


class NegativeInvoiceTotal(InvalidInput):
    """A document total below zero: the other document type is the right one."""

    code = "negative_total"


class InstallmentsMismatch(InvalidInput):
    """An installment schedule does not add up to the document total."""

    code = "installments_mismatch"


# --- invoices ---


class InvoiceNotEditable(StateConflict):
    """A posted or cancelled invoice (or a frozen pro-forma) cannot be edited or deleted."""

    code = "invoice_not_editable"


class ProformaNotAllowed(StateConflict):
    """The company does not use pro-forma invoices."""

    code = "proforma_not_allowed"


class InvoiceReconciled(StateConflict):
    """An invoice with reconciled receivable/payable items: unreconcile first."""

    code = "invoice_reconciled"


class MissingLineValue(InvalidInput):
    """A line without a product lacks a value the product would have given."""

    code = "missing_line_value"


class TaxUsageMismatch(InvalidInput):
    """A purchase tax on a customer document, or a sale tax on a vendor document."""

    code = "tax_usage_mismatch"


class JournalKindMismatch(InvalidInput):
    """A customer document in a non-sale journal, or a vendor one in a non-purchase journal."""

    code = "journal_kind_mismatch"


class NoPartnerAccount(InvalidInput):
    """Neither the partner nor the company has a receivable (payable) account."""

    code = "no_partner_account"


class CreditExceedsInvoiced(InvalidInput):
    """Credit notes would credit more of a line than the invoice charged."""

    code = "credit_exceeds_invoiced"


# --- payment terms (service) ---


class PaymentTermInUse(StateConflict):
    """A payment term that invoices or partners name cannot be deleted."""

    code = "payment_term_in_use"


# --- follow-ups ---


class InvalidFollowupLevel(InvalidInput):
    """A follow-up level is malformed, or the levels no longer escalate with sequence."""

    code = "invalid_followup_level"


class NoFollowupLevels(InvalidInput):
    """A follow-up run needs at least one level; none is configured for the company."""

    code = "no_followup_levels"


class NotFollowupItem(InvalidInput):
    """Only posted items on a reconcilable receivable account can be disputed."""

    code = "not_followup_item"


# --- invoice documents, email and batch actions ---


class InvoiceNotSendable(StateConflict):
    """Only a posted or pro-forma invoice is sent: a draft has no number and can change."""

    code = "invoice_not_sendable"


class PartnerWithoutEmail(InvalidInput):
    """The invoice's partner has no email address to send it to."""

    code = "partner_without_email"


class UnknownBatchAction(InvalidInput):
    code = "unknown_batch_action"


class EmptySelection(InvalidInput):
    """A batch needs explicit ids or at least one filter: never "every invoice" by accident."""

    code = "empty_selection"


# --- purchasing ---


class OrderNotOpen(InvalidTransition):
    """Receiving, billing, delivering or invoicing needs a confirmed order."""

    code = "order_not_open"


class OverReceipt(InvalidInput):
    """More received (or delivered) than ordered, beyond the company's tolerance."""

    code = "over_receipt"


class ExcessReturn(InvalidInput):
    """A return sends back more than was received (or delivered)."""

    code = "excess_return"


class NothingToBill(StateConflict):
    """No quantity left to bill (or invoice) on the order under its policies."""

    code = "nothing_to_bill"


class NothingReceived(StateConflict):
    """A received-quantities order with nothing received cannot be billed yet."""

    code = "nothing_received"


class MissingExpenseAccount(InvalidInput):
    """A product on an order has no purchase (expense) or income account to bill it on."""

    code = "missing_product_account"


class PaymentBeforeDelivery(StateConflict):
    """The order waits for payment: its invoice is not paid, so nothing ships."""

    code = "payment_before_delivery"


class BillInException(StateConflict):
    """The company blocks paying vendor bills whose Should Be Paid is Exception."""

    code = "bill_in_exception"


# --- reconciliation and payments ---


class ReconcileRefused(StateConflict):
    """Items that cannot be reconciled together (partner, account, company, state)."""

    code = "reconcile_refused"


class ItemAlreadyReconciled(StateConflict):
    code = "already_reconciled"


class ReconciliationGone(StateConflict):
    """A concurrent unreconcile removed the reconciliation first."""

    code = "reconciliation_gone"


class NothingToMatch(StateConflict):
    """The set has no debit/credit pair and no write-off account closes it."""

    code = "nothing_to_match"


class InvoiceNotPayable(StateConflict):
    """The invoice is cancelled, not posted or already paid."""

    code = "invoice_not_payable"


class PaymentStateInvalid(StateConflict):
    """A payment transition that its state does not allow (post twice, cancel cancelled)."""

    code = "payment_state_invalid"


class AmbiguousMatch(StateConflict):
    """More than one set of open items fits a payment: nothing is reconciled."""

    code = "ambiguous_match"


# --- statements ---


class StatementAccountMismatch(InvalidInput):
    """A bank file is for another account than the journal's IBAN / account number."""

    code = "statement_account_mismatch"


class StatementCurrencyMismatch(InvalidInput):
    """A bank file's statement currency is not the journal's."""

    code = "statement_currency_mismatch"


class NotABankJournal(InvalidInput):
    """Statements belong to bank (or cash) journals only."""

    code = "not_a_bank_journal"


class StatementLineReconciled(StateConflict):
    """The statement line is reconciled already: unreconcile it first."""

    code = "statement_line_reconciled"


class CounterpartMismatch(InvalidInput):
    """The counterparts of a statement line do not add up to its amount."""

    code = "counterpart_mismatch"


class StatementValidated(StateConflict):
    """A validated statement cannot take new lines."""

    code = "statement_validated"


class UploadTooLarge(AsientoError):
    """An uploaded file over the configured size limit: refused whole, never cut."""

    status = 413
    code = "upload_too_large"
    title = "Upload too large"


class StatementUnbalanced(StateConflict):
    """Opening + lines != closing: the statement stays draft; names the difference."""

    code = "statement_unbalanced"

    def __init__(self, message: str, *, difference: str) -> None:
        super().__init__(message, field="closing_balance")
        self.extensions = {"difference": difference}


class StatementUnverifiable(StateConflict):
    """A balance came from nowhere: validating needs an explicit confirmation."""

    code = "statement_unverifiable"


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


class CsrfRejected(Forbidden):
    """A browser form whose CSRF token does not match its session's."""

    code = "csrf_rejected"


# --- cash discount tax treatments ---
class DiscountedBaseUnsupported(InvalidInput):
    """A tax the discounted-base treatment cannot apply (price-included, fixed or cascading)."""

    code = "discounted_base_unsupported"


class StatementLineNotReconciled(StateConflict):
    """The statement line is open: there is nothing to unreconcile."""

    code = "statement_line_not_reconciled"


# --- accounting settings ---
class MissingSetting(StateConflict):
    """A posting needs an account setting the company (or journal, term) has not set.

    ``setting`` names it as the API, the CLI and the settings page do
    (``exchange_gain_account``, ``journal BNK1 outstanding_receipts_account``).
    """

    code = "missing_setting"
    title = "Accounting setting missing"

    def __init__(self, setting: str, needed_for: str) -> None:
        super().__init__(
            f"setting {setting} is not set; it is needed for {needed_for}", field=setting
        )
        self.setting = setting


class SettingAccountInvalid(InvalidInput):
    """An account setting names an account of the wrong kind or of another company."""

    code = "setting_account_invalid"


# --- fiscal year closing ---
class YearNotClosable(StateConflict):
    """Documents of the year are still drafts or unreconciled: each is one problem."""

    code = "year_not_closable"
    title = "The fiscal year cannot be closed yet"

    def __init__(self, year: str, blockers: Sequence[Problem]) -> None:
        super().__init__(
            f"fiscal year {year} cannot be closed: {len(blockers)} document(s) block it "
            f"(first: {blockers[0].field} {blockers[0].message})",
            field="year",
        )
        self._blockers = list(blockers)

    @property
    def problems(self) -> list[Problem]:
        return list(self._blockers)


class YearClosed(StateConflict):
    """The fiscal year is already closed (close twice) or a later one is (re-open)."""

    code = "year_closed"


class YearNotClosed(StateConflict):
    """Re-opening a fiscal year that is open, or closing out of order."""

    code = "year_not_closed"


# --- chart of accounts ---


class AccountInUse(StateConflict):
    """A change to an account that posted data or settings forbid (``domain.chart``)."""

    code = "account_in_use"


# --- recurring invoices ---
class InvalidSchedule(InvalidInput):
    """A schedule that cannot produce dates (unknown frequency, day 0, end before start)."""

    code = "invalid_schedule"


class TemplateArchived(StateConflict):
    """An archived recurring template is not run, edited or archived again."""

    code = "template_archived"


class TemplateInUse(StateConflict):
    """A recurring template that produced invoices is archived, never deleted."""

    code = "template_in_use"
