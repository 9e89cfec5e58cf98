"""Counting how often a key was seen, with memory that does not grow with the file.

Why: numbering repeated transaction ids (``#2``) and repeated identical lines
(occurrence 2, 3 ...) needs every key seen so far. A dict costs about 150
bytes per line, so a 200 MB file with two million lines would need 300 MB for
the count alone. Up to ``MEMORY_KEYS`` keys are counted in a dict (at most about
30 MB); beyond, the counts move to a private temporary SQLite file (deleted when
closed), whose page cache is bounded. The bound was 20,000 keys: a 100,000-line
statement then paid an SQLite upsert per line for 80,000 of its ids (about a
tenth of its parse), so it was raised to cover the issue's 100,000-line files.

Invariants:
    - ``add(key)`` returns 1 the first time a key is added, then 2, 3 ...,
      whether the counts are in memory or on disk;
    - the disk file is private to the counter and removed by ``close``.
"""

from __future__ import annotations

import sqlite3
from types import TracebackType
from typing import Final

MEMORY_KEYS: Final = 200_000
_CACHE_KIB: Final = 4096


class Occurrences:
    """``add(key)`` -> how many times ``key`` has been added, this time included."""

    def __init__(self, memory_keys: int = MEMORY_KEYS) -> None:
        self._limit = memory_keys
        self._memory: dict[str, int] = {}
        self._disk: sqlite3.Connection | None = None

    def add(self, key: str) -> int:
        if self._disk is not None:
            row = self._disk.execute(
                "INSERT INTO seen (k, n) VALUES (?, 1) "
                "ON CONFLICT (k) DO UPDATE SET n = n + 1 RETURNING n",
                (key,),
            ).fetchone()
            return int(row[0])
        count = self._memory.get(key, 0) + 1
        self._memory[key] = count
        if len(self._memory) > self._limit:
            self._spill()
        return count

    def _spill(self) -> None:
        """Move the counts to a private temporary file ("" = deleted on close)."""
        disk = sqlite3.connect("")
        disk.execute("PRAGMA journal_mode = OFF")
        disk.execute("PRAGMA synchronous = OFF")
        disk.execute(f"PRAGMA cache_size = -{_CACHE_KIB}")
        disk.execute("CREATE TABLE seen (k TEXT PRIMARY KEY, n INTEGER NOT NULL) WITHOUT ROWID")
        disk.executemany("INSERT INTO seen (k, n) VALUES (?, ?)", self._memory.items())
        self._memory = {}
        self._disk = disk

    def close(self) -> None:
        if self._disk is not None:
            self._disk.close()
            self._disk = None
        self._memory = {}

    def __enter__(self) -> Occurrences:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()
