"""``importers.spool``: the import's second pass replays the first read, item for item."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from asiento.importers import camt053, spool
from asiento.importers.base import ImportFileError, Item
from asiento.importers.spool import Spool
from tests.importers.test_camt053_streaming import camt


def test_a_replay_yields_the_first_reads_items_without_reading_the_file_again(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(spool, "BATCH", 7)  # several batches and a partial last one
    content = camt(("S1", "NL91ABNA0417164300", [f"{n}.25" for n in range(1, 31)]))
    reads: list[int] = []

    def source() -> Iterator[Item]:
        reads.append(1)
        return camt053.stream(content)

    with Spool(source) as once:
        first, second, third = list(once()), list(once()), list(once())
    assert first == second == third == list(camt053.stream(content))
    assert len(first) == 31 and len(reads) == 1


def test_a_read_that_raised_is_never_replayed_but_read_again() -> None:
    content = camt(("S1", "NL91ABNA0417164300", ["1.00", "2,00"]))
    with Spool(lambda: camt053.stream(content)) as once:
        for _ in range(2):
            with pytest.raises(ImportFileError, match=r"Ntry\[2\]/Amt: amount '2,00'"):
                list(once())


def test_an_abandoned_read_is_read_again_from_the_source() -> None:
    content = camt(("S1", "NL91ABNA0417164300", ["1.00", "2.00", "3.00"]))
    with Spool(lambda: camt053.stream(content)) as once:
        assert next(once())[1].amount == 1  # type: ignore[union-attr]
        assert len(list(once())) == 4
        assert len(list(once())) == 4
