"""``Idempotency-Key`` for money-moving POSTs: replay the first response.

The request fingerprint is the method, path, query and the *parsed* body, so
whitespace or key order in the JSON does not make a retry look different.
See ``asiento.services.access.idempotency`` for how the key commits with the operation.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Annotated, Any

from fastapi import Depends, Header, Request, Response
from pydantic import BaseModel
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, sessionmaker

from asiento.domain.errors import AsientoError
from asiento.http.deps import (
    CompanyDep,
    KeyScope,
    RequestTransaction,
    SessionFactoryDep,
    no_key_scope,
    request_transaction,
)
from asiento.services.access import idempotency
from asiento.store.uow import UnitOfWork

Operation = Callable[[UnitOfWork], BaseModel]
SessionOperation = Callable[[Session], BaseModel]


@dataclass(frozen=True, slots=True)
class Idempotency:
    factory: sessionmaker[Session]
    company_id: int
    key: str | None
    request: Request
    held: UnitOfWork | None = None
    """The request's transaction, opened by the token check (``request_idempotency``)."""
    stored: idempotency.Stored | None = None
    """The key's row as the token check read it (None: not read there)."""

    def claim(self, scope: str, payload: BaseModel | None) -> idempotency.Claim:
        r = self.request
        query = "&".join(sorted(f"{k}={v}" for k, v in r.query_params.multi_items()))
        body = payload.model_dump_json() if payload is not None else ""
        digest = idempotency.request_hash(r.method, r.url.path, query, body)
        return idempotency.make_claim(self.company_id, scope, self.key or "", digest)


async def get_idempotency(
    request: Request,
    factory: SessionFactoryDep,
    company_id: CompanyDep,
    key: Annotated[str | None, Header(alias="Idempotency-Key", max_length=200)] = None,
) -> Idempotency:
    return Idempotency(factory, company_id, key, request)


IdempotencyDep = Annotated[Idempotency, Depends(get_idempotency)]


def request_idempotency(key_scope: KeyScope = no_key_scope) -> Any:
    """``IdempotencyDep`` whose token check opened the request's one transaction and read the
    key of ``key_scope`` (``http.deps.request_transaction``): ``run_in_one`` runs there; any
    other use of the database must ``release`` it first."""
    transaction = request_transaction(key_scope)

    async def get_request_idempotency(
        request: Request,
        factory: SessionFactoryDep,
        held: RequestTransaction = Depends(transaction),
        key: Annotated[str | None, Header(alias="Idempotency-Key", max_length=200)] = None,
    ) -> Idempotency:
        company_id = held.principal.company_id
        return Idempotency(factory, company_id, key, request, held.uow, held.key)

    return Depends(get_request_idempotency)


def release(idem: Idempotency) -> None:
    """End the transaction the token check opened (nothing written in it): a route that then
    works in transactions of its own must, or on SQLite it would wait on its own lock."""
    if idem.held is not None:
        idem.held.rollback()


def json_response(body: str, status: int, replayed: bool = False) -> Response:
    headers = {"Idempotent-Replayed": "true"} if replayed else None
    return Response(body, status_code=status, media_type="application/json", headers=headers)


def run(
    idem: Idempotency, scope: str, payload: BaseModel | None, operation: Operation, status: int
) -> Response:
    """Run ``operation`` once per key; later calls with the key replay its response."""
    if idem.key is None:
        return json_response(operation(UnitOfWork(idem.factory)).model_dump_json(), status)
    claim = idem.claim(scope, payload)
    plain = UnitOfWork(idem.factory)
    replay = idempotency.lookup(plain, claim)
    if replay is not None:
        return json_response(replay.body, replay.status, replayed=True)
    try:
        result = operation(idempotency.IdempotentUnitOfWork(idem.factory, claim))
    except (IntegrityError, AsientoError):
        replay = idempotency.lookup(plain, claim)  # a concurrent twin may have won
        if replay is None:
            raise
        return json_response(replay.body, replay.status, replayed=True)
    body = result.model_dump_json()
    idempotency.complete(plain, claim, status, body)
    return json_response(body, status)


def run_in_one(
    idem: Idempotency,
    scope: str,
    payload: BaseModel | None,
    operation: SessionOperation,
    status: int,
) -> Response:
    """``run`` in one transaction: look the key up, run ``operation`` in the same session,
    store the key with its response and commit once (two statements for the key instead of
    four and three transactions). A concurrent twin with the same key fails on the key's
    unique constraint, is rolled back whole and replays the winner's response."""
    claim = idem.claim(scope, payload) if idem.key is not None else None
    try:
        if idem.held is not None:
            return _once(idem.held, claim, operation, status, idem.stored)
        with UnitOfWork(idem.factory) as uow:
            return _once(uow, claim, operation, status)
    except (IntegrityError, AsientoError):
        release(idem)  # rolled back before the look-up's own transaction (SQLite's one lock)
        replay = idempotency.lookup(UnitOfWork(idem.factory), claim) if claim else None
        if replay is None:
            raise
        return json_response(replay.body, replay.status, replayed=True)


def _once(
    uow: UnitOfWork,
    claim: idempotency.Claim | None,
    operation: SessionOperation,
    status: int,
    stored: idempotency.Stored | None = None,
) -> Response:
    """Look the key up (``stored``: read already with the token, in this transaction), run
    ``operation``, store the key with its response, commit: in ``uow`` (entered by the
    caller, who rolls back what is not committed)."""
    replay = None
    if (
        claim is not None
        and stored is not None
        and (stored.scope, stored.key)
        == (
            claim.scope,
            claim.key,
        )
    ):
        replay = idempotency.replay_of(stored, claim)
    elif claim is not None:
        replay = idempotency.lookup_in(uow.session, claim)
    if replay is not None:
        return json_response(replay.body, replay.status, replayed=True)
    body = operation(uow.session).model_dump_json()
    if claim is not None:
        idempotency.record_in(uow.session, claim, status, body)
    uow.commit()
    return json_response(body, status)
