"""Schemathesis over every ``/api/v1`` operation, in-process against the ASGI app.

One harness for the short run in ``make test`` (a few examples per operation,
SQLite) and the full run of ``make fuzz`` (both databases, >= 50 examples per
operation). The company is the demo (partners, products, posted documents) so
that generated ids sometimes name real rows; the token is an admin's.

Checks are schemathesis' standard response checks: no server error, status
code, content type, headers and body conforming to the OpenAPI document. The
one 5xx the document allows is the 502 of a mail server refusing a message.
"""

from __future__ import annotations

import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import hypothesis
import schemathesis
from hypothesis import HealthCheck, Phase, given, settings
from schemathesis.checks import not_a_server_error
from schemathesis.generation import GenerationMode
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)
from sqlalchemy import Engine

from asiento.app import create_app
from asiento.services.access import tokens
from asiento.services.demo.demo_users import create_demo_admin
from asiento.services.demo.seed import load_demo
from asiento.store.uow import UnitOfWork

MAIL_502 = ("POST", "/api/v1/invoices/{invoice_id}/send")
"""The one documented 5xx: the mail server (none listens here) refuses the message."""


def no_server_error(ctx: Any, response: Any, case: Any) -> bool | None:
    """``not_a_server_error``, except the documented 502 of sending an invoice."""
    if (case.method.upper(), case.path) == MAIL_502 and response.status_code == 502:
        return True
    result: bool | None = not_a_server_error(ctx, response, case)
    return result


CHECKS = [
    no_server_error,
    status_code_conformance,
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
]


@dataclass
class FuzzReport:
    """What one run did: cases per operation, statuses seen, failures found."""

    database: str
    operations: int = 0
    cases: int = 0
    statuses: Counter[int] = field(default_factory=Counter)
    failures: list[str] = field(default_factory=list)
    failed_calls: list[str] = field(default_factory=list)
    seconds: float = 0.0


def demo_client_headers(engine: Engine) -> Callable[[], dict[str, str]]:
    """Load the demo into an empty database; a maker of fresh admin bearer headers for it.

    Fresh per operation: ``DELETE /tokens/{token_id}`` may well revoke the fuzzer's own token
    (a small id), and every later case would then meet only 401 and test nothing.
    """
    uow = UnitOfWork.from_engine(engine)
    seeded = load_demo(uow)
    assert seeded is not None, "the database was not empty"
    admin = create_demo_admin(uow, seeded.id)

    def fresh() -> dict[str, str]:
        token = tokens.create_token(uow, seeded.id, admin.email).token
        return {"Authorization": f"Bearer {token}"}

    return fresh


def run_fuzz(
    engine: Engine,
    database: str,
    examples: int,
    *,
    modes: tuple[GenerationMode, ...] = (GenerationMode.POSITIVE, GenerationMode.NEGATIVE),
    seed: int | None = 0,
    progress: Callable[[str], None] | None = None,
) -> FuzzReport:
    """Fuzz every operation with ``examples`` cases per generation mode."""
    fresh_headers = demo_client_headers(engine)
    app = create_app(engine)
    schema = schemathesis.openapi.from_asgi("/openapi.json", app)
    report = FuzzReport(database)
    started = time.perf_counter()
    for result in schema.get_all_operations():
        operation = result.ok()
        if not operation.path.startswith("/api/v1"):
            continue
        report.operations += 1
        for mode in modes:
            _fuzz_operation(operation, mode, fresh_headers(), examples, seed, report)
        if progress:
            progress(f"{operation.method.upper()} {operation.path}: {report.cases} cases so far")
    report.seconds = time.perf_counter() - started
    return report


def _fuzz_operation(
    operation: Any,
    mode: GenerationMode,
    headers: dict[str, str],
    examples: int,
    seed: int | None,
    report: FuzzReport,
) -> None:
    strategy = operation.as_strategy(generation_mode=mode)

    @settings(
        max_examples=examples,
        deadline=None,
        database=None,
        derandomize=seed is not None,
        phases=[Phase.explicit, Phase.generate],
        suppress_health_check=list(HealthCheck),
        verbosity=hypothesis.Verbosity.quiet,
    )
    @given(case=strategy)
    def check(case: Any) -> None:
        if mode is GenerationMode.POSITIVE and case.headers:
            case.headers.pop("X-Company-Id", None)  # a random company only ever meets 403
        response = case.call(headers=headers)
        report.cases += 1
        report.statuses[response.status_code] += 1
        try:
            case.validate_response(response, checks=CHECKS, headers=headers)
        except (Exception, BaseExceptionGroup):
            report.failed_calls.append(_describe_call(case, response))
            raise

    seen = len(report.failed_calls)
    try:
        check()
    except hypothesis.errors.Unsatisfiable:
        return  # nothing to negate (an operation without parameters or body)
    except (Exception, BaseExceptionGroup) as exc:  # every failure is reported, not raised
        first = str(exc).strip().splitlines()[:40]
        calls = report.failed_calls[seen : seen + 1]
        report.failures.append(
            f"{operation.method.upper()} {operation.path} [{mode.value}]:\n"
            + "\n".join(first + calls)
        )


def _describe_call(case: Any, response: Any) -> str:
    """The failing call as it was made, kept before hypothesis replays it.

    A state-changing operation may not fail again on replay (its first call changed what the
    second sees), and then hypothesis reports it as flaky without the case; this keeps it.
    """
    return (
        f"first failing call: {case.method.upper()} {case.formatted_path} "
        f"query={case.query!r} body={case.body!r} -> {response.status_code} {response.text[:2000]}"
    )
