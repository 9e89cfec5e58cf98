"""The harness table: every state-changing API operation, its target and its one effect.

Each ``Op`` names a route exactly as the OpenAPI document spells it, how to
aim at a fresh target (``aim`` returns the ``Shot``: path, body, and the check
of the effect) and what N identical simultaneous requests must answer:

- ``once``: exactly one 2xx, every other answer in ``losers`` (409 with the
  current state, or the documented refusal of a cap: 422, or 404 once deleted);
- ``same``: an idempotent write (PATCH/PUT, validate, automatic passes):
  every answer 2xx, and the effect is there once;
- ``keyed``: a creating operation, every request with the same
  ``Idempotency-Key``: 2xx replays (or 409 while the first is in flight), one
  document;
- ``each``: a creating operation without an Idempotency-Key (reference data,
  orders): each request creates its own record, by design; no 5xx.

A new state-changing route joins the harness by being listed here (or in
``EXCLUDED`` with the reason); ``test_every_state_changing_route_is_listed``
fails otherwise.
"""

from __future__ import annotations

from collections.abc import Callable

import httpx

from tests.concurrency import ops_bills as bills
from tests.concurrency import ops_ledger as ledger
from tests.concurrency import ops_operations as ops
from tests.concurrency import ops_recurring as rec
from tests.concurrency import ops_reference as ref
from tests.concurrency import ops_settings as st
from tests.concurrency import ops_years as years
from tests.concurrency import setups as s
from tests.concurrency.conftest import Live
from tests.concurrency.shots import Op, Shot, key

# ---- the table ---------------------------------------------------------------------

GONE = frozenset({404})
CAPPED = frozenset({409, 422})  # 409 state, 422 a cap (nothing left to credit, receive, bill)
RECONCILED = frozenset({409, 404, 422})

OPS: tuple[Op, ...] = (
    # invoices, bills, credit notes
    Op("POST", "/api/v1/invoices", ledger.create_invoice, "keyed"),
    Op("POST", "/api/v1/invoices/batch", ledger.create_invoice_batch, "keyed"),
    Op("PATCH", "/api/v1/invoices/{invoice_id}", ledger.patch_invoice, "same"),
    Op("DELETE", "/api/v1/invoices/{invoice_id}", ledger.delete_invoice, losers=GONE),
    Op("POST", "/api/v1/invoices/{invoice_id}/proforma", ledger.proforma, state="proforma"),
    Op(
        "POST", "/api/v1/invoices/{invoice_id}/reset-to-draft", ledger.reset_to_draft, state="draft"
    ),
    Op("POST", "/api/v1/invoices/{invoice_id}/post", ledger.post_invoice, state="posted"),
    Op("POST", "/api/v1/invoices/batch/{action}", ledger.batch_post, "same"),
    Op("POST", "/api/v1/invoices/{invoice_id}/credit-note", ledger.credit_note, losers=CAPPED),
    Op("POST", "/api/v1/invoices/{invoice_id}/cancel", ledger.cancel_invoice, state="cancelled"),
    Op("PUT", "/api/v1/bills/{bill_id}/should-be-paid", ledger.should_be_paid, "same"),
    # the same received e-invoice imported N times at once: one bill, every other a duplicate
    Op("POST", "/api/v1/bills/import", bills.import_bill),
    # payments and reconciliation
    Op("POST", "/api/v1/invoices/{invoice_id}/register-payment", ledger.register_payment),
    Op("POST", "/api/v1/payments", ledger.create_payment, "keyed"),
    Op("POST", "/api/v1/payments/{payment_id}/post", ledger.post_payment, state="posted"),
    Op("POST", "/api/v1/payments/{payment_id}/cancel", ledger.cancel_payment, state="cancelled"),
    Op("POST", "/api/v1/reconciliations", ledger.reconcile),
    Op("DELETE", "/api/v1/reconciliations", ledger.unreconcile_partials, losers=RECONCILED),
    Op(
        "DELETE",
        "/api/v1/reconciliations/{full_reconciliation_id}",
        ledger.unreconcile_full,
        losers=RECONCILED,
    ),
    Op("POST", "/api/v1/reconcile/auto", ledger.auto_reconcile, "same"),
    # journal entries
    Op("POST", "/api/v1/entries", ledger.create_entry, "keyed"),
    Op("PUT", "/api/v1/entries/{entry_id}", ledger.replace_entry, "same"),
    Op("PATCH", "/api/v1/entries/{entry_id}", ledger.patch_entry, "same"),
    Op("DELETE", "/api/v1/entries/{entry_id}", ledger.delete_entry, losers=GONE),
    Op("POST", "/api/v1/entries/{entry_id}/post", ledger.post_entry, state="posted"),
    Op("POST", "/api/v1/entries/{entry_id}/reverse", ledger.reverse_entry, state="reversed"),
    # bank statements
    Op("POST", "/api/v1/statements", ops.create_statement, "each"),
    Op("POST", "/api/v1/statements/import", ops.import_file, "settle"),
    Op("POST", "/api/v1/statements/{statement_id}/validate", ops.validate_statement, "same"),
    Op("POST", "/api/v1/statements/reconcile-auto", ops.statement_auto, "same"),
    Op(
        "POST",
        "/api/v1/statement-lines/{line_id}/reconcile",
        ops.reconcile_line,
        state="reconciled",
    ),
    Op("POST", "/api/v1/statement-lines/{line_id}/unreconcile", ops.unreconcile_line, state="open"),
    # purchase and sales orders
    Op("POST", "/api/v1/purchase-orders", ops.create_order("purchase"), "each"),
    Op(
        "POST",
        "/api/v1/purchase-orders/{order_id}/confirm",
        ops.order_move("purchase", "confirm", "confirmed", False),
        state="confirmed",
    ),
    Op(
        "POST",
        "/api/v1/purchase-orders/{order_id}/cancel",
        ops.order_move("purchase", "cancel", "cancelled", False),
        state="cancelled",
    ),
    Op(
        "POST",
        "/api/v1/purchase-orders/{order_id}/done",
        ops.order_move("purchase", "done", "done", True),
        state="done",
    ),
    Op(
        "POST",
        "/api/v1/purchase-orders/{order_id}/create-bill",
        ops.invoice_from_order("purchase"),
        losers=CAPPED,
    ),
    Op("POST", "/api/v1/receipts", ops.movement("purchase"), losers=CAPPED),
    Op("PATCH", "/api/v1/purchase-settings", ops.purchase_settings, "same"),
    Op("POST", "/api/v1/sales-orders", ops.create_order("sales"), "each"),
    Op(
        "POST",
        "/api/v1/sales-orders/{order_id}/confirm",
        ops.order_move("sales", "confirm", "confirmed", False),
        state="confirmed",
    ),
    Op(
        "POST",
        "/api/v1/sales-orders/{order_id}/cancel",
        ops.order_move("sales", "cancel", "cancelled", False),
        state="cancelled",
    ),
    Op(
        "POST",
        "/api/v1/sales-orders/{order_id}/create-invoice",
        ops.invoice_from_order("sales"),
        losers=CAPPED,
    ),
    Op("POST", "/api/v1/deliveries", ops.movement("sales"), losers=CAPPED),
    # follow-ups
    Op("POST", "/api/v1/followups/run", ops.run_followups, "same"),
    Op("POST", "/api/v1/followups/levels", ops.create_level, losers=CAPPED),
    Op("POST", "/api/v1/followups/levels/defaults", ops.seed_levels, "settle"),
    Op("PATCH", "/api/v1/followups/levels/{level_id}", ops.patch_level, "same"),
    Op("DELETE", "/api/v1/followups/levels/{level_id}", ops.delete_level, losers=GONE),
    Op("POST", "/api/v1/followups/disputes", ops.dispute, "same"),
    Op("DELETE", "/api/v1/followups/disputes/{item_id}", ops.resolve_dispute, losers=GONE),
    Op("PUT", "/api/v1/followups/holds/{partner_id}", ops.hold, "same"),
    Op("DELETE", "/api/v1/followups/holds/{partner_id}", ops.release, losers=GONE),
    # reference data
    Op("POST", "/api/v1/accounts", ref.create_unique("/accounts", "accounts", "code", ref.account)),
    Op(
        "PATCH",
        "/api/v1/accounts/{account_id}",
        ref.patch("/accounts", "accounts", "name", ref.made("/accounts", ref.account)),
        "same",
    ),
    Op("POST", "/api/v1/journals", ref.create_unique("/journals", "journals", "code", ref.journal)),
    Op(
        "PATCH",
        "/api/v1/journals/{journal_id}",
        ref.patch("/journals", "journals", "name", ref.made("/journals", ref.journal)),
        "same",
    ),
    Op(
        "POST", "/api/v1/taxes", ref.with_ids(ref.create_unique("/taxes", "taxes", "name", ref.tax))
    ),
    Op(
        "PATCH",
        "/api/v1/taxes/{tax_id}",
        ref.patch("/taxes", "taxes", "name", ref.made("/taxes", ref.tax)),
        "same",
    ),
    Op(
        "POST",
        "/api/v1/products",
        ref.create_unique("/products", "products", "code", lambda v: {"code": v, "name": "Widget"}),
    ),
    Op(
        "PATCH",
        "/api/v1/products/{product_id}",
        ref.patch("/products", "products", "name", s.product),
        "same",
    ),
    Op("POST", "/api/v1/imports/{kind}", ref.import_partners, "same"),
    Op(
        "POST",
        "/api/v1/partners",
        ref.create_each("/partners", "partners", "name", lambda v: {"name": v}),
        "each",
    ),
    Op(
        "PATCH",
        "/api/v1/partners/{partner_id}",
        ref.patch("/partners", "partners", "name", s.partner),
        "same",
    ),
    Op(
        "POST",
        "/api/v1/payment-terms",
        ref.create_unique("/payment-terms", "payment_terms", "name", ref.term),
    ),
    Op(
        "PATCH",
        "/api/v1/payment-terms/{term_id}",
        ref.patch("/payment-terms", "payment_terms", "note", ref.made("/payment-terms", ref.term)),
        "same",
    ),
    Op(
        "DELETE",
        "/api/v1/payment-terms/{term_id}",
        lambda c, lv: ref.deleted(c, lv, "/payment-terms", "payment_terms", ref.term),
        losers=GONE,
    ),
    Op("POST", "/api/v1/currencies", ref.enable_currency, "settle"),
    Op("POST", "/api/v1/currencies/{code}/rates", ref.add_rate),
    Op("POST", "/api/v1/currencies/rates/import", ref.import_rates, losers=CAPPED),
    Op(
        "POST",
        "/api/v1/reconciliation-rules",
        ref.with_ids(
            ref.create_unique("/reconciliation-rules", "reconciliation_rules", "name", ref.rule)
        ),
    ),
    Op(
        "PATCH",
        "/api/v1/reconciliation-rules/{rule_id}",
        ref.patch(
            "/reconciliation-rules",
            "reconciliation_rules",
            "name",
            ref.made("/reconciliation-rules", ref.rule),
        ),
        "same",
    ),
    Op(
        "DELETE",
        "/api/v1/reconciliation-rules/{rule_id}",
        lambda c, lv: ref.deleted(c, lv, "/reconciliation-rules", "reconciliation_rules", ref.rule),
        losers=GONE,
    ),
    # companies, users, tokens
    Op("POST", "/api/v1/companies", ref.create_company, "each"),
    Op("PATCH", "/api/v1/companies/{company_id}", ref.patch_company, "same"),
    Op("POST", "/api/v1/users", ref.create_user, "settle"),
    Op("POST", "/api/v1/tokens", ref.create_token, "each"),
    Op("DELETE", "/api/v1/tokens/{token_id}", ref.revoke_token, "same"),
    Op("PATCH", "/api/v1/users/{user_id}", st.patch_user, "same"),
    Op("POST", "/api/v1/users/{user_id}/password-reset", st.reset_password, "each"),
    Op("POST", "/api/v1/me/password", st.change_own_password, losers=frozenset({403})),
    Op("PUT", "/api/v1/companies/{company_id}/logo", st.put_logo, "same"),
    Op("DELETE", "/api/v1/companies/{company_id}/logo", st.delete_logo, "same"),
    # statement edits, CSV profiles
    Op("PATCH", "/api/v1/statements/{statement_id}", st.patch_statement, "same"),
    Op("DELETE", "/api/v1/statements/{statement_id}", st.delete_statement, losers=GONE),
    Op("PATCH", "/api/v1/statement-lines/{line_id}", st.patch_line, "same"),
    Op("DELETE", "/api/v1/statement-lines/{line_id}", st.delete_line, losers=GONE),
    Op("PUT", "/api/v1/journals/{journal_id}/csv-profiles/{name}", st.save_profile, "same"),
    Op(
        "DELETE",
        "/api/v1/journals/{journal_id}/csv-profiles/{name}",
        st.delete_profile,
        losers=frozenset({422}),  # gone: NotFound on the name field, 422
    ),
    # accounting settings, bank accounts, invoices marked as sent
    Op("PATCH", "/api/v1/accounting-settings", st.patch_settings, "same"),
    Op(
        "PATCH",
        "/api/v1/accounting-settings/payment-terms/{term_id}",
        st.patch_term_accounts,
        "same",
    ),
    Op("POST", "/api/v1/bank-accounts", st.create_bank_account(partner=False), "each"),
    Op(
        "POST",
        "/api/v1/partners/{partner_id}/bank-accounts",
        st.create_bank_account(partner=True),
        "each",
    ),
    Op("PATCH", "/api/v1/bank-accounts/{account_id}", st.patch_bank_account, "same"),
    Op("DELETE", "/api/v1/bank-accounts/{account_id}", st.delete_bank_account, losers=GONE),
    Op("POST", "/api/v1/invoices/{invoice_id}/mark-sent", st.mark_sent, "same"),
    # recurring invoices: the run bills each (template, period) once, whoever races
    Op("POST", "/api/v1/recurring-invoices/run", rec.run, "same"),
    Op("POST", "/api/v1/recurring-invoices", rec.create),
    Op("PUT", "/api/v1/recurring-invoices/{template_id}", rec.replace, "same"),
    Op(
        "POST",
        "/api/v1/recurring-invoices/{template_id}/archive",
        rec.archive,
        state="archived",
    ),
    Op("DELETE", "/api/v1/recurring-invoices/{template_id}", rec.delete, losers=GONE),
    # fiscal years: one closing entry, one reversal of it
    Op("POST", "/api/v1/years/{year}/close", years.close_year),
    Op("POST", "/api/v1/years/{year}/reopen", years.reopen_year),
)


EXCLUDED: dict[str, str] = {
    "POST /api/v1/invoices/{invoice_id}/send": (
        "sending again is allowed by design (each request is one email to the customer) and "
        "needs an SMTP server; the invoice row only records the last sent_at"
    ),
    "POST /api/v1/payment-terms/{term_id}/preview": "computes a schedule, writes nothing",
    "POST /api/v1/partners/{partner_id}/contacts": (
        "adds a contact row: two requests add two contacts by design, no state to race (not yet raced)"
    ),
    "DELETE /api/v1/partners/{partner_id}/contacts/{contact_id}": (
        "deletes one contact row; a second delete is a 404 (not yet raced)"
    ),
    "POST /api/v1/journals/{journal_id}/csv-profiles/preview": (
        "reads an uploaded file with a profile and answers its first lines; writes nothing"
    ),
}


def _keyed(aim: Callable[[httpx.Client, Live], Shot]) -> Callable[[httpx.Client, Live], Shot]:
    """The same target, every request carrying one shared ``Idempotency-Key``."""

    def wrapped(c: httpx.Client, live: Live) -> Shot:
        shot = aim(c, live)
        shot.headers = {**(shot.headers or {}), **key("same")}
        return shot

    return wrapped


KEYED: tuple[Op, ...] = tuple(
    Op(method, route, _keyed(aim), "keyed")
    for method, route, aim in (
        ("POST", "/api/v1/invoices", ledger.create_and_post_invoice),
        ("POST", "/api/v1/invoices/{invoice_id}/post", ledger.post_invoice),
        ("POST", "/api/v1/invoices/{invoice_id}/credit-note", ledger.credit_note),
        ("POST", "/api/v1/invoices/{invoice_id}/register-payment", ledger.register_payment),
        ("POST", "/api/v1/payments/{payment_id}/post", ledger.post_payment),
        ("POST", "/api/v1/statements/import", ops.import_file),
        ("POST", "/api/v1/bills/import", bills.import_bill),
        ("POST", "/api/v1/statement-lines/{line_id}/reconcile", ops.reconcile_line),
    )
)
"""Money-moving operations that take an Idempotency-Key: N requests with one key, one effect."""
