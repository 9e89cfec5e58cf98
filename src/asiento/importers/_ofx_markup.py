"""The markup layer of an OFX file read in pieces: body bytes, charset, safe cuts, tree builder.

Why a module of its own: ``ofx`` turns elements into statements; this module
decides which bytes are the body, which charset they really use, and hands the
tree builder text in pieces cut where the whole-text reading would cut too, so
that a 200 MB file is never one string nor one tree.

Rules (the same as a whole-file read):
    - the body runs from the first ``<OFX>`` to the end of the last
      ``</OFX>`` after it (NUL padding after the root is not OFX), or to the
      end of the file when there is none;
    - it is strict UTF-8 when all of it is valid UTF-8 (banks often declare
      1252 and send UTF-8), else the single-byte charset the header declares
      (cp1252 by default) when valid, else Latin-1, which never fails. The
      file is read once more to decide this before the body is parsed;
    - ofxtools' tag-soup regex matches a start tag with its text, its end tag
      and the text after it; a piece is therefore cut only before a ``<``
      that may open a start tag (not ``</`` nor ``<![CDATA[``: never inside
      one match), and, once the text holds a
      ``<![CDATA[``, only before a ``<`` that begins a line (a CDATA section
      is matched within one line).

Invariants:
    - ``body_pieces`` yields text whose concatenation is the decoded body;
    - memory is a chunk of the file plus the text since the last safe cut.
"""

from __future__ import annotations

import codecs
import re
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from typing import Any, BinaryIO, Final

from ofxtools.Parser import ParseError, TreeBuilder

from asiento.importers.base import ImportFileError

_BODY_START: Final = b"<OFX>"
_BODY_END: Final = b"</OFX>"
_BOM: Final = b"\xef\xbb\xbf"
_HEADER_LIMIT: Final = 1 << 20
CHUNK = 1 << 20
"""Bytes read from the file at a time (tests make it small)."""
_CHARSETS: Final = {
    "1252": "cp1252",
    "WINDOWS-1252": "cp1252",
    "CP1252": "cp1252",
    "ISO-8859-1": "latin_1",
    "8859-1": "latin_1",
    "LATIN1": "latin_1",
}
_CHARSET_RE: Final = re.compile(r"(?:CHARSET:\s*|encoding=[\"'])([\w-]+)", re.IGNORECASE)
_TAG_START: Final = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789._ ")
"""What may follow the ``<`` of a start tag (ofxtools' tag pattern, without ``/``)."""
_POSITION: Final = re.compile(r"position=\[(\d+):(\d+)\]$")

# Leaf elements that may come without text; closed at once so that the next
# tag is not read as their child (SGML files write "<MEMO>" then "<NAME>").
_LEAF_NAMES: Final = """
    TRNTYPE DTPOSTED DTUSER DTAVAIL TRNAMT FITID CORRECTFITID CORRECTACTION SRVRTID CHECKNUM
    REFNUM SIC PAYEEID NAME MEMO CURRATE CURSYM CURDEF BANKID BRANCHID ACCTID ACCTTYPE ACCTKEY
    DTSTART DTEND BALAMT DTASOF TRNUID CODE SEVERITY MESSAGE
"""
LEAVES: Final = frozenset(_LEAF_NAMES.split())

MARKUP_ERRORS: Final = (ParseError, ET.ParseError, IndexError, ValueError)
"""What feeding or closing the builder raises for unreadable markup."""


class SgmlTreeBuilder(TreeBuilder):
    """ofxtools' tag-soup parser, with SGML's rules for omitted end tags.

    ``elements`` mirrors the open elements (a subclass reacts to starts and
    ends with their place in the tree); ``feed_piece`` feeds one piece and
    reports a syntax error's position in the whole body.
    """

    def __init__(self) -> None:
        super().__init__()
        self._open: list[str] = []
        self.elements: list[ET.Element] = []
        self._offset = 0

    def feed_piece(self, text: str) -> None:
        try:
            self.feed(text)
        except ParseError as exc:
            message = _POSITION.sub(
                lambda m: f"position=[{int(m[1]) + self._offset}:{int(m[2]) + self._offset}]",
                str(exc.args[0]),
            )
            raise ParseError(message) from None
        self._offset += len(text)

    def start(self, tag: str, attrs: dict[str, str]) -> Any:
        self._open.append(tag)
        elem = super().start(tag, attrs)
        self.elements.append(elem)
        return elem

    def end(self, tag: str) -> Any:
        if tag not in self._open and tag in LEAVES:
            return None  # SGML: a leaf's end tag is optional, closed already (out of order)
        if tag not in self._open:
            raise ParseError(f"end tag </{tag}> has no start tag")
        while self._open[-1] != tag:  # SGML: an end tag closes what is open inside
            self._pop()
        return self._pop()

    def _pop(self) -> Any:
        self.elements.pop()
        return super().end(self._open.pop())

    def _start(self, tag: str, text: str | None, closetag: str | None) -> None:
        super()._start(tag, text, closetag)
        if not text and not closetag and tag in LEAVES:
            self.end(tag)

    def close(self) -> Any:
        if self._open:
            raise ParseError(f"file ends inside <{self._open[-1]}>: truncated before </OFX>")
        return super().close()


def body_pieces(file: BinaryIO) -> Iterator[str]:
    """The decoded OFX body, in pieces cut where the tag regex would not join them.

    Raises:
        ImportFileError: there is no ``<OFX>`` in the file.
    """
    start = _find_first(file, _BODY_START)
    if start < 0:
        raise ImportFileError("no <OFX> element: not an OFX file", location="header")
    last = _find_last(file, _BODY_END, start)
    stop = last + len(_BODY_END) if last >= 0 else None
    decoder = codecs.getincrementaldecoder(_codec(file, start, stop))()
    buffer, cdata = "", False
    for chunk in _chunks(file, start, stop):
        buffer += decoder.decode(chunk)
        cdata = cdata or "<![CDATA[" in buffer
        cut = _last_cut(buffer, cdata)
        if cut > 0:
            yield buffer[:cut]
            buffer = buffer[cut:]
    buffer += decoder.decode(b"", final=True)
    if buffer:
        yield buffer


def _last_cut(text: str, cdata: bool) -> int:
    """The last place before a ``<`` (not ``</``) where ``text`` may be cut; 0 when none."""
    at = len(text) - 1
    while True:
        at = text.rfind("<", 0, at)
        if at <= 0:
            return 0
        if text[at + 1] in _TAG_START and (not cdata or text[at - 1] == "\n"):
            return at


def _codec(file: BinaryIO, start: int, stop: int | None) -> str:
    """UTF-8 when the whole body is, else the declared single-byte charset, else Latin-1."""
    file.seek(0)
    header = file.read(min(start, _HEADER_LIMIT)).removeprefix(_BOM)
    match = _CHARSET_RE.search(header.decode("ascii", "replace"))
    declared = _CHARSETS.get(match.group(1).upper(), "cp1252") if match else "cp1252"
    for codec in ("utf-8", declared):
        if _decodes(file, start, stop, codec):
            return codec
    return "latin_1"


def _decodes(file: BinaryIO, start: int, stop: int | None, codec: str) -> bool:
    decoder = codecs.getincrementaldecoder(codec)()
    try:
        for chunk in _chunks(file, start, stop):
            decoder.decode(chunk)
        decoder.decode(b"", final=True)
    except UnicodeDecodeError:
        return False
    return True


def _chunks(file: BinaryIO, start: int, stop: int | None) -> Iterator[bytes]:
    """The file's bytes from ``start`` to ``stop`` (the end when None), a chunk at a time."""
    file.seek(start)
    left = None if stop is None else stop - start
    while left is None or left > 0:
        chunk = file.read(CHUNK if left is None else min(CHUNK, left))
        if not chunk:
            return
        if left is not None:
            left -= len(chunk)
        yield chunk


def _find_first(file: BinaryIO, needle: bytes) -> int:
    """Offset of the first ``needle`` in the file, or -1."""
    offset, carry = 0, b""
    for chunk in _chunks(file, 0, None):
        window = carry + chunk
        found = window.find(needle)
        if found >= 0:
            return offset - len(carry) + found
        carry = window[-(len(needle) - 1) :]
        offset += len(chunk)
    return -1


def _find_last(file: BinaryIO, needle: bytes, start: int) -> int:
    """Offset of the last ``needle`` at or after ``start``, or -1."""
    offset, carry, last = start, b"", -1
    for chunk in _chunks(file, start, None):
        window = carry + chunk
        found = window.rfind(needle)
        if found >= 0:
            last = max(last, offset - len(carry) + found)
        carry = window[-(len(needle) - 1) :]
        offset += len(chunk)
    return last
