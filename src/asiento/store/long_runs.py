"""Long set-based runs hold a large, long-lived working set: keep the garbage collector off it.

Why: the automatic passes load every open item of a company once (hundreds of thousands of
small tuples) and then allocate per chunk; the reconciliation of open items, without a book,
still paid a quarter of its time walking the process's long-lived objects (50,000 + 50,000
items: 4.3 s of 15.9 s). CPython's full collections walk every tracked
object, so each one costs more the bigger the loaded book: a quarter of the statement pass's
time at 5,000 lines was collection. ``gc.freeze()`` moves what exists now (the book) out of
the collector's generations; what the run allocates afterwards is collected as usual, and
``gc.unfreeze()`` hands the book back when the run ends, so nothing leaks.

What a run keeps as it goes (its report, the items it claimed) grows with the run, and full
collections walked that too: at 100,000 statement lines the collector still took a sixth of
the pass. ``freeze_survivors`` between chunks collects what is not frozen (only the last
chunk's survivors, so the walk is short) and freezes what survived it.

Invariant: memory behaviour is unchanged apart from the frozen objects being skipped while
the run lasts (they are alive for the whole run anyway, or are the process's own modules and
tables). ``collect_between_chunks`` turns automatic collection off for the process while
the run lasts: another thread's cyclic garbage then waits for the run's next chunk boundary
(``freeze_survivors`` collects), and collection is back on when the run that turned it off
ends. Runs in other threads that freeze
or unfreeze meanwhile only lose or gain the same speed-up; no object is ever dropped.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy.orm import Session

PASS_CACHE_MIB = 16
"""SQLite page cache of a long run's connection (``page_cache``); the default is 2 MiB.

128 MiB until session 16: since the pass reads by index, a 100,000-line pass took the same
time with 2, 16, 64 or 128 MiB, its file cached by the OS or not, and 128 MiB was a third of
its peak RSS. 16 MiB keeps a margin for passes that touch pages less orderly."""


@contextmanager
def book_frozen(*, collect_between_chunks: bool = False) -> Iterator[None]:
    """Freeze every object alive now (call it right after loading the run's book).

    ``collect_between_chunks``: the run calls ``freeze_survivors`` after each chunk, so the
    automatic collections are off until the run ends (a chunk's cyclic garbage waits for the
    chunk's end): young collections walked each chunk's working rows over and over.
    """
    was_enabled = gc.isenabled()
    gc.freeze()
    if collect_between_chunks:
        gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()
        gc.unfreeze()


def freeze_survivors() -> None:
    """Between two chunks of a run inside ``book_frozen``: collect the unfrozen objects (the
    chunk's own cyclic garbage goes now), then freeze what survived, so no later collection
    walks it again; ``book_frozen``'s end hands it back to the collector."""
    gc.collect()
    gc.freeze()


@contextmanager
def page_cache(session: Session, mib: int = PASS_CACHE_MIB) -> Iterator[None]:
    """SQLite: a page cache of ``mib`` MiB for the session's connection while the run lasts.

    Why: a long run updates items and invoices all over a large database; with SQLite's
    default 2 MiB cache each touched index page was read again from the OS (session 7, at
    100,000 statement lines: 13.8 s of system time of 44 s CPU, 1.1 s with 256 MiB; no longer
    so once the pass read by index: ``PASS_CACHE_MIB``). The previous
    size is set back before the block ends, inside the same transaction, so the pooled
    connection does not keep the memory. PostgreSQL: nothing to do (shared buffers).
    """
    if session.get_bind().dialect.name != "sqlite":
        yield
        return
    conn = session.connection()
    before = int(conn.exec_driver_sql("PRAGMA cache_size").scalar_one())
    conn.exec_driver_sql(f"PRAGMA cache_size = -{int(mib) * 1024}")
    try:
        yield
    finally:
        conn.exec_driver_sql(f"PRAGMA cache_size = {before}")


__all__ = ["book_frozen", "freeze_survivors", "page_cache"]
