"""MT940 as text: bytes -> decoded lines -> tagged fields with their line numbers.

Why our own tokenizer in front of the ``mt-940`` package: the package parses a
whole file at once and reports a bad field without its line; feeding it one
field at a time lets every error name the line, and lets us set aside what it
would misfile (the statement-level ``:86:`` after ``:62F:``, SWIFT headers
and trailers).

Encoding: SWIFT MT940 is 7-bit text, but banks export UTF-8 (bunq),
Windows-1252 (German umlauts) or a DOS code page (CP852 in Poland, Hungary,
North Macedonia; CP437). The user's choice decides when given; else a
byte-order mark; else UTF-8, else Windows-1252 unless the text has bytes
Windows-1252 leaves undefined or that only make sense as DOS letters, then
CP852. Control characters (NUL, ...) mean a binary file or a wrong encoding
and refuse the file with the line they are on; SWIFT's block characters (SOH
and ETX around a message) and Ctrl-Z (the end-of-file mark between
concatenated DOS exports) are line breaks, not text.

Line ends: CR LF, LF or CR alone (old Mac exports).

Invariants:
    - a field starts on a line beginning with ``:NN:``/``:NNa:``/``:NS:``
      where ``NN`` is a tag the package knows, exactly as the package splits;
    - text before the first field (``{1:...}{2:...}{4:``, ``ABNANL2A``,
      ``940``) is ignored; a trailer line (``-}``, ``{5:``) ends a field, and
      so does a lone ``-`` when the next field starts a new message;
    - fields before the first ``:20:`` are an ``ImportFileError``;
    - ``:28C:`` is normalised to ``number[/sequence]``: blanks dropped and a
      continuation line (Dutch legacy layout, ``:28C:0000`` then ``0``) joined
      as its sequence number.
"""

from __future__ import annotations

import codecs
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import BinaryIO, Final

import mt940.tags

from asiento.importers.base import ImportFileError

_TAG = re.compile(r":(?P<id>[0-9]{2}|NS)(?P<sub>[A-Z])?:")
KNOWN_TAGS = frozenset(str(key)[:2] for key in mt940.tags.TAG_BY_ID)
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_UTF16_BOMS = (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)
MAX_FIELD = 8000  # SWIFT allows 6 x 65 for :86:; long bank exports stay far below
_CHUNK: Final = 1 << 20
_LOW: Final = bytes(range(0x80))
_BREAKS = str.maketrans({"\x01": "\n", "\x03": "\n", "\x1a": "\n"})  # SOH, ETX, Ctrl-Z
# Bytes undefined in Windows-1252, and CP852 letters (ą ę ł ś ź ż ő ű č ř ...) whose
# Windows-1252 reading would be a box-drawing-free but absurd symbol in a bank text.
_CP1252_UNDEFINED = frozenset(b"\x81\x8d\x8f\x90\x9d")
_CP852_LETTERS = frozenset(b"\xa5\xa9\x88\x98\xab\xbe\x8b\xfb\x9f\xfd\xa4\xa8\x86\xe4\xe7")


def _single_byte(high: bytes) -> str:
    """cp1252, or cp852 when the bytes above 0x7F look like DOS Central European text.

    ``high`` is the file's bytes above 0x7F only, in order.
    """
    if not high:
        return "cp1252"
    if any(byte in _CP1252_UNDEFINED for byte in high):
        return "cp852"
    dos = sum(byte in _CP852_LETTERS for byte in high)
    return "cp852" if dos * 2 > len(high) else "cp1252"


@dataclass(frozen=True, slots=True)
class Field:
    """One MT940 field: its tag (``61``, ``60F``, ``28C``), first line and text."""

    tag: str
    line: int
    text: str

    @property
    def kind(self) -> str:
        """The tag without its letter option: ``60F`` -> ``60``."""
        return self.tag[:2]

    @property
    def value(self) -> str:
        """The content after ``:tag:``, continuation lines included."""
        return self.text[len(self.tag) + 2 :].strip()


def text_lines(source: BinaryIO, encoding: str | None = None) -> Iterator[str]:
    """The file's lines, decoded, with CR LF, CR, SOH, ETX and Ctrl-Z as line breaks.

    Streamed: a chunk of the file at a time. Detection (no ``encoding``, no
    byte-order mark) reads the file once first: UTF-8 when all of it is, else
    the single-byte code page its bytes above 0x7F point to.

    Raises:
        ImportFileError: undecodable bytes or control characters, with the line.
    """
    source.seek(0)
    head = source.read(len(codecs.BOM_UTF8))
    skip = 0
    if encoding:
        choice: tuple[str, ...] = (encoding,)
    elif head.startswith(codecs.BOM_UTF8):
        choice, skip = ("utf-8",), len(codecs.BOM_UTF8)
    elif head.startswith(_UTF16_BOMS):
        choice = ("utf-16",)
    else:
        choice = (_detected(source),)
    source.seek(skip)
    return _lines(_decoded(source, choice[0]))


def _detected(source: BinaryIO) -> str:
    """UTF-8 when the whole file decodes as UTF-8, else a single-byte code page."""
    source.seek(0)
    decoder = codecs.getincrementaldecoder("utf-8")()
    high = bytearray()
    utf8 = True
    for chunk in iter(lambda: source.read(_CHUNK), b""):
        high += chunk.translate(None, _LOW)
        if utf8:
            try:
                decoder.decode(chunk)
            except UnicodeDecodeError:
                utf8 = False
    if utf8:
        try:
            decoder.decode(b"", final=True)
        except UnicodeDecodeError:
            utf8 = False
    return "utf-8" if utf8 else _single_byte(bytes(high))


def _decoded(source: BinaryIO, encoding: str) -> Iterator[str]:
    """Decoded text pieces; a byte that does not decode names its line."""
    decoder = codecs.getincrementaldecoder(encoding)()
    newlines = 0  # b"\n" in the bytes before the chunk being decoded
    final = False
    while not final:
        chunk = source.read(_CHUNK)
        final = not chunk
        pending = len(decoder.getstate()[0])
        try:
            yield decoder.decode(chunk, final=final)
        except UnicodeDecodeError as exc:
            at = max(exc.start - pending, 0)
            line = newlines + chunk.count(b"\n", 0, at) + 1
            bad = (exc.object[exc.start : exc.start + 1] or b"?")[0]
            raise ImportFileError(
                f"byte 0x{bad:02X} is not text in {encoding}", location=f"line {line}"
            ) from exc
        newlines += chunk.count(b"\n")


def _lines(pieces: Iterator[str]) -> Iterator[str]:
    """Lines (without their ends) from decoded pieces; control characters refused."""
    carry = ""
    number = 0  # lines completed so far
    for piece in pieces:
        text = carry + piece
        if text.endswith("\r"):  # a CR LF may be cut between two pieces
            text, cut = text[:-1], "\r"
        else:
            cut = ""
        text = text.replace("\r\n", "\n").replace("\r", "\n").translate(_BREAKS)
        bad = _CONTROL.search(text)
        if bad is not None:
            raise ImportFileError(
                f"control character U+{ord(bad.group()):04X}: not MT940 text "
                "(a binary file or a wrong encoding)",
                location=f"line {number + text.count(chr(10), 0, bad.start()) + 1}",
            )
        *done, rest = text.split("\n")
        number += len(done)
        yield from done
        carry = rest + cut
    if carry.endswith("\r"):  # the file ends with a CR: one more, empty line
        yield carry[:-1]
        yield ""
    else:
        yield carry


def fields(lines: Iterable[str]) -> Iterator[Field]:
    """Every field of the file, in order, with its first line number (streamed)."""
    span: _Span | None = None
    for number, line in enumerate(lines, start=1):
        match = _TAG.match(line)
        if match and match.group("id") in KNOWN_TAGS:
            tag = match.group("id") + (match.group("sub") or "")
            if span is not None:
                yield span.field(closes_message=tag == "20")
            span = _Span(tag, number, line)
        elif span is not None:
            span.add(line)
    if span is not None:
        yield span.field(closes_message=True)


class _Span:
    """The lines of one field, cut at a SWIFT trailer, stored up to ``MAX_FIELD``.

    A trailer (``-}``, ``{``) ends the field; a lone ``-`` ends it when the
    next field starts a new message (known only then). Lines beyond
    ``MAX_FIELD`` characters are counted, not stored: such a field is refused.
    """

    def __init__(self, tag: str, number: int, first: str) -> None:
        self.tag, self.number = tag, number
        self.lines = [first]
        self.size = len(first)
        self.dash: tuple[int, int] | None = None  # (lines, size) before a lone "-"
        self.cut = False

    def add(self, line: str) -> None:
        if self.cut:
            return
        stripped = line.strip()
        if stripped.startswith(("-}", "{")):
            self.cut = True
            return
        if stripped == "-" and self.dash is None:
            self.dash = (len(self.lines), self.size)
        self.size += len(line)
        if self.size <= MAX_FIELD:
            self.lines.append(line)

    def field(self, closes_message: bool) -> Field:
        count, size = (len(self.lines), self.size)
        if closes_message and self.dash is not None:
            count, size = self.dash
        if size > MAX_FIELD:
            raise ImportFileError(
                f"field :{self.tag}: is {size:,} characters; at most {MAX_FIELD:,}",
                location=f"line {self.number}",
            )
        kept = self.lines[:count]
        text = _statement_number(kept) if self.tag == "28C" else "\n".join(kept)
        return Field(self.tag, self.number, text)


def _statement_number(lines: list[str]) -> str:
    """``:28C:`` as ``number[/sequence]``: blanks dropped, a continuation joined."""
    parts = ["".join(line.split()) for line in lines]
    parts[0] = parts[0][len(":28C:") :]
    parts = [part for part in parts if part and part != "-"]
    if len(parts) > 1 and "/" not in parts[0] and not parts[1].startswith("/"):
        parts[1] = "/" + parts[1]
    return ":28C:" + "".join(parts)


def checked(all_fields: Iterable[Field]) -> Iterator[Field]:
    """The fields, refusing a file without any and a field before the first ``:20:``.

    Raises:
        ImportFileError: no field at all, or a field before the first ``:20:``.
    """
    empty = True
    for field in all_fields:
        if empty and field.kind != "20":
            raise ImportFileError(
                f"field :{field.tag}: comes before the statement's :20: reference",
                location=f"line {field.line}",
            )
        empty = False
        yield field
    if empty:
        raise ImportFileError("no MT940 field (:20:, :25:, :60F: ...) found", location="line 1")
