"""A bounded uvicorn for the concurrency harness: loopback only, and it stops itself.

Run as ``python -m tests.concurrency.serve PORT WORKERS DEADLINE PARENT``. The
supervisor (uvicorn's multi-worker manager) receives SIGTERM, and so shuts its
workers down cleanly, when the harness that started it exits or dies (its
parent pid changes) or when ``DEADLINE`` seconds have passed, whichever
comes first: a crashed test run never leaves a server behind.
"""

from __future__ import annotations

import os
import signal
import sys
import threading
import time

import uvicorn


def _watch(parent: int, deadline: float) -> None:
    while time.monotonic() < deadline and os.getppid() == parent:
        time.sleep(0.5)
    os.kill(os.getpid(), signal.SIGTERM)


def main(argv: list[str]) -> None:
    port, workers, seconds, parent = (int(a) for a in argv)
    deadline = time.monotonic() + seconds
    threading.Thread(target=_watch, args=(parent, deadline), daemon=True).start()
    uvicorn.run(
        "asiento.app:create_app",
        factory=True,
        host="127.0.0.1",
        port=port,
        workers=workers,
        log_level="warning",
        timeout_graceful_shutdown=5,
    )


if __name__ == "__main__":
    main(sys.argv[1:])
