"""Audit log reads: filter by object kind and by action prefix; the kinds present."""

from __future__ import annotations

from datetime import date

from asiento.domain.commands.companies import CompanyChanges
from asiento.services.access import audit, tokens, users
from asiento.services.demo.seed import SeededCompany
from asiento.services.reference import companies, company_settings
from asiento.store.uow import UnitOfWork


def test_action_prefix_and_object_kind_filters(uow: UnitOfWork, company: SeededCompany) -> None:
    companies.set_lock_date(uow, company.id, date(2026, 1, 31))
    company_settings.update_company(uow, company.id, CompanyChanges(name="Renamed SL"))
    user = users.create_user(uow, company.id, "a@x.test", "long enough pw", "admin")
    tokens.create_token(uow, company.id, user.email)
    actions = [e.action for e in audit.list_events(uow, company.id)]
    assert actions == [
        "token.create",
        "user.add",
        "company.update",
        "company.lock",
        "company.create",
    ]
    by_prefix = [e.action for e in audit.list_events(uow, company.id, action="company.")]
    assert by_prefix == ["company.update", "company.lock", "company.create"]
    assert [e.action for e in audit.list_events(uow, company.id, action="company.l")] == [
        "company.lock"
    ]
    assert audit.list_events(uow, company.id, action="%") == []  # a wildcard is literal
    kinds = [e.action for e in audit.list_events(uow, company.id, object_kind="token")]
    assert kinds == ["token.create"]
    assert audit.object_kinds(uow, company.id) == ["company", "token", "user"]
    assert audit.object_kinds(uow, company.id + 1) == []
