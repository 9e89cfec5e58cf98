"""/reconciliation-rules: what the automatic pass books without a human (fees, interest)."""

from __future__ import annotations

from fastapi import APIRouter, status

from asiento.api.routers.common import Cursor, Limit
from asiento.api.schemas.statements import RuleIn, RulePatch, RulePublic
from asiento.http.deps import CompanyDep, UowDep
from asiento.services.bank import reconciliation_rules as rules
from asiento.wire.common import Page
from asiento.wire.types import Id

router = APIRouter(prefix="/reconciliation-rules", tags=["statements"])


@router.post("", status_code=status.HTTP_201_CREATED)
def create_rule(body: RuleIn, uow: UowDep, company_id: CompanyDep) -> RulePublic:
    return RulePublic.model_validate(rules.create_rule(uow, company_id, body.command()))


@router.get("")
def list_rules(
    uow: UowDep, company_id: CompanyDep, cursor: Cursor = None, limit: Limit = 100
) -> Page[RulePublic]:
    rows, nxt = rules.list_rules(uow, company_id, cursor, limit)
    return Page(items=[RulePublic.model_validate(r) for r in rows], next_cursor=nxt)


@router.get("/{rule_id}")
def read_rule(rule_id: Id, uow: UowDep, company_id: CompanyDep) -> RulePublic:
    return RulePublic.model_validate(rules.get_rule(uow, company_id, rule_id))


@router.patch("/{rule_id}")
def patch_rule(rule_id: Id, body: RulePatch, uow: UowDep, company_id: CompanyDep) -> RulePublic:
    return RulePublic.model_validate(rules.update_rule(uow, company_id, rule_id, body.command()))


@router.delete("/{rule_id}", status_code=status.HTTP_204_NO_CONTENT)
def delete_rule(rule_id: Id, uow: UowDep, company_id: CompanyDep) -> None:
    rules.delete_rule(uow, company_id, rule_id)
