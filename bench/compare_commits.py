"""Two commits' API request work, in interleaved blocks: which one costs less CPU.

Why: on a shared machine the same code's CPU per request moves by a fifth between runs a
minute apart (session 14: 8.1-11.6 ms for identical code), more than most single changes
save. This bench runs the base commit (a temporary ``git worktree``) and the working tree in
two processes, each on its own fresh PostgreSQL database, and hands them blocks of requests
in turn (base first in even rounds, the working tree first in odd ones), so both see the
same drift. It reports each side's median CPU and wall milliseconds per request and in how
many block pairs the working tree was cheaper.

The workload is the API's create-and-post request without HTTP, in one thread: the token
and Idempotency-Key check, resolving partner and product names, create and post, the
response rendered, the key row written, the commit (the route's own steps, called directly).
The base commit must have those functions (``9634fdc`` and later).

    .venv/bin/python bench/compare_commits.py --base 9634fdc [--block 150] [--blocks 16]
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve()
TREE = HERE.parents[1]
WARM = 200
"""Requests each side runs before the first block (caches, prepared statements)."""


def serve(root: str, total: int) -> None:
    """The child: set up, say ``ready``, then run each block of the size read from stdin and
    answer with its CPU and wall seconds."""
    for part in ("bench", "", "src"):
        sys.path.insert(0, str(Path(root) / part))
    os.environ.setdefault("ASIENTO_SECRET_KEY", "bench-secret-key-0123456789abcdef")
    from bench_api_invoices import bodies  # the side's own, now first on the path
    from common import fresh_database

    from asiento.api.routers.invoices import _create_and_post
    from asiento.services.access import idempotency, tokens, users
    from asiento.services.access import principal as access
    from asiento.services.demo.seed import seed_company, seed_partners_and_products
    from asiento.store.session import make_session_factory
    from asiento.store.uow import UnitOfWork
    from asiento.wire.invoices import InvoiceIn

    with fresh_database("postgresql") as engine:
        uow = UnitOfWork.from_engine(engine)
        company = seed_company(uow, "Bench", "EUR")
        seed_partners_and_products(uow, company)
        users.create_user(uow, company.id, "api@bench.test", "bench password long enough", "admin")
        token = tokens.create_token(uow, company.id, "api@bench.test").token
        factory = make_session_factory(engine)
        data = [InvoiceIn.model_validate(b) for b in bodies(total + WARM)]

        def request(n: int) -> None:
            key = ("invoices:post", f"compare-{n}")
            with UnitOfWork(factory) as u:
                principal, _ = tokens.resolve_token_and_key_in(u.session, token, key)
                access.set_principal(principal)
                body = _create_and_post(u.session, principal.company_id, data[n])
                claim = idempotency.make_claim(principal.company_id, *key, "0" * 64)
                idempotency.record_in(u.session, claim, 201, body.model_dump_json())
                u.commit()

        for n in range(WARM):
            request(n)
        done = WARM
        print("ready", flush=True)
        for line in sys.stdin:
            size = int(line)
            cpu, wall = time.process_time(), time.perf_counter()
            for n in range(done, done + size):
                request(n)
            done += size
            print(time.process_time() - cpu, time.perf_counter() - wall, flush=True)


def compare(base: str, block: int, blocks: int) -> dict[str, Any]:
    """Run both sides in turn; the medians and the pairs the working tree won."""
    with tempfile.TemporaryDirectory() as tmp:
        worktree = str(Path(tmp) / "base")
        git = ["git", "-C", str(TREE)]
        subprocess.run([*git, "worktree", "add", "--detach", "-q", worktree, base], check=True)
        try:
            return _alternate({"base": worktree, "tree": str(TREE)}, block, blocks)
        finally:
            subprocess.run([*git, "worktree", "remove", "--force", worktree], check=False)


def _alternate(roots: dict[str, str], block: int, blocks: int) -> dict[str, Any]:
    sides = {}
    for label, root in roots.items():
        env = dict(os.environ, PYTHONPATH=str(Path(root) / "src"))
        command = [sys.executable, str(HERE), "--serve", root, "--total", str(block * blocks)]
        sides[label] = subprocess.Popen(
            command, stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True, env=env
        )
        while sides[label].stdout.readline().strip() != "ready":  # type: ignore[union-attr]
            pass
    figures: dict[str, list[tuple[float, float]]] = {label: [] for label in sides}
    for k in range(blocks):
        for label in ("base", "tree") if k % 2 == 0 else ("tree", "base"):
            side = sides[label]
            side.stdin.write(f"{block}\n")  # type: ignore[union-attr]
            side.stdin.flush()  # type: ignore[union-attr]
            cpu, wall = map(float, side.stdout.readline().split())  # type: ignore[union-attr]
            figures[label].append((1000 * cpu / block, 1000 * wall / block))
    for side in sides.values():
        side.stdin.close()  # type: ignore[union-attr]
        side.wait()
    won = sum(t[0] < b[0] for t, b in zip(figures["tree"], figures["base"], strict=True))
    return {
        label: {
            "cpu_ms": round(statistics.median(c for c, _ in v), 3),
            "wall_ms": round(statistics.median(w for _, w in v), 3),
        }
        for label, v in figures.items()
    } | {"tree_cheaper_in": f"{won} of {blocks}"}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--base", help="the commit to compare the working tree with")
    parser.add_argument("--block", type=int, default=150, help="requests per block")
    parser.add_argument("--blocks", type=int, default=16, help="blocks per side")
    parser.add_argument("--serve", help=argparse.SUPPRESS)
    parser.add_argument("--total", type=int, default=0, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.serve:
        serve(args.serve, args.total)
        return
    if not args.base:
        parser.error("--base is required")
    result = compare(args.base, args.block, args.blocks)
    print(json.dumps({"name": "compare_commits[postgresql]", "base_commit": args.base,
                      "block": args.block, "blocks": args.blocks, **result,
                      "cores": os.cpu_count(), "load": [round(x, 2) for x in os.getloadavg()]}))  # fmt: skip


if __name__ == "__main__":
    main()
