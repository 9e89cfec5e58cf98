"""A CSV file's text, a chunk at a time, as the lines ``csv.reader`` reads.

Why not ``io.TextIOWrapper``: it closes the file it wraps when it is dropped,
and the import reads a file twice (check, then write). Lines end as with
``newline=""``: at CR LF, LF or CR, the end kept, nothing translated.

Invariants:
    - the text is decoded strictly; the first byte that does not decode is an
      ``ImportFileError`` naming its line (LFs before it, plus one);
    - concatenating the lines gives the whole decoded text.
"""

from __future__ import annotations

import codecs
import re
from collections.abc import Iterator
from typing import BinaryIO, Final

from asiento.importers.base import ImportFileError

_CHUNK: Final = 1 << 20
_LINE: Final = re.compile(r"[^\r\n]*(?:\r\n|\r|\n)")


def text_lines(source: BinaryIO, encoding: str) -> Iterator[str]:
    """The lines of ``source`` decoded as ``encoding``, ends kept."""
    carry = ""
    for piece in _decoded(source, encoding):
        text = carry + piece
        end = 0
        for match in _LINE.finditer(text):
            if match.end() == len(text) and text.endswith("\r"):
                break  # a CR LF may be cut between two pieces: wait for the next one
            end = match.end()
            yield match.group()
        carry = text[end:]
    if carry:
        yield carry


def _decoded(source: BinaryIO, encoding: str) -> Iterator[str]:
    decoder = codecs.getincrementaldecoder(encoding)()
    source.seek(0)
    newlines = 0
    final = False
    while not final:
        chunk = source.read(_CHUNK)
        final = not chunk
        pending = len(decoder.getstate()[0])
        try:
            yield decoder.decode(chunk, final=final)
        except UnicodeDecodeError as exc:
            line = newlines + chunk.count(b"\n", 0, max(exc.start - pending, 0)) + 1
            bad = (exc.object[exc.start : exc.start + 1] or b"?")[0]
            raise ImportFileError(
                f"not {encoding} text (byte 0x{bad:02x}); choose the file's encoding",
                location=f"line {line}",
            ) from None
        newlines += chunk.count(b"\n")
