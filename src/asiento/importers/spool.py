"""A parsed bank file read once, replayed from a temporary file for the import's second pass.

Why: an import reads its file twice (check everything, then write), and a
second parse costs as much as the first (a CAMT.053 entry is an XML subtree
walked and converted; 100,000 of them take seconds). Replaying the first
pass's items costs a few microseconds each. Memory stays flat: items go to
disk a batch at a time and come back a batch at a time.

The temporary file is anonymous (unlinked on creation, readable by this
process only) and holds only what this process wrote, so loading it with
``pickle`` reads back our own objects, never the bank's bytes.

Invariants:
    - every call yields the same items in the same order as the source
      stream would; errors come from the first read only (the replay has
      none to raise: a read that raised was not complete, and an incomplete
      read is never replayed but read afresh from the source);
    - ``close`` (or leaving the ``with`` block) removes the file.
"""

from __future__ import annotations

import copyreg
import pickle
import tempfile
from collections.abc import Callable, Iterator
from dataclasses import fields
from operator import attrgetter
from types import TracebackType
from typing import IO, Any, Final

from asiento.importers.base import Item, StatementLine

BATCH: Final = 1000
"""Items per pickled batch (memory follows a batch, not the file)."""

_LINE_VALUES = attrgetter(*(f.name for f in fields(StatementLine)))


def _reduce_line(line: StatementLine) -> tuple[type[StatementLine], tuple[Any, ...]]:
    """A line as its constructor's arguments: a frozen dataclass's own pickling reads its
    fields one by one in Python, several times slower per line."""
    return StatementLine, _LINE_VALUES(line)


_DISPATCH: Final = {**copyreg.dispatch_table, StatementLine: _reduce_line}


def _dump(batch: list[Item], file: IO[bytes]) -> None:
    pickler = pickle.Pickler(file, pickle.HIGHEST_PROTOCOL)
    pickler.dispatch_table = _DISPATCH
    pickler.dump(batch)


class Spool:
    """``source`` (a stream: each call reads the file afresh) read once, then replayed."""

    def __init__(self, source: Callable[[], Iterator[Item]]) -> None:
        self._source = source
        self._file: IO[bytes] | None = None
        self._complete = False

    def __call__(self) -> Iterator[Item]:
        return self._replay() if self._complete else self._record()

    def _record(self) -> Iterator[Item]:
        self.close()
        file = self._file = tempfile.TemporaryFile()  # noqa: SIM115  (closed by close())
        batch: list[Item] = []
        for item in self._source():
            yield item
            batch.append(item)
            if len(batch) >= BATCH:
                _dump(batch, file)
                batch = []
        _dump(batch, file)
        self._complete = file is self._file

    def _replay(self) -> Iterator[Item]:
        file = self._file
        assert file is not None
        file.seek(0)
        while True:
            try:
                batch: list[Item] = pickle.load(file)  # our own file (see the module)
            except EOFError:
                return
            yield from batch

    def close(self) -> None:
        if self._file is not None:
            self._file.close()
        self._file, self._complete = None, False

    def __enter__(self) -> Spool:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        value: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        self.close()
