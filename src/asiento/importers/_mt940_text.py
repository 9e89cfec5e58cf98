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
from dataclasses import dataclass

import mt940.tags

from asiento.importers.base import ImportFileError

_TAG = re.compile(r":(?P<id>[0-9]{2}|NS)(?P<sub>[A-Z])?:")
KNOWN_TAGS = frozenset(str(key)[:2] for key in mt940.tags.TAG_BY_ID)
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_UTF16_BOMS = (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)
MAX_FIELD = 8000  # SWIFT allows 6 x 65 for :86:; long bank exports stay far below
_BREAKS = str.maketrans({"\x01": "\n", "\x03": "\n", "\x1a": "\n"})  # SOH, ETX, Ctrl-Z
# Bytes undefined in Windows-1252, and CP852 letters (ą ę ł ś ź ż ő ű č ř ...) whose
# Windows-1252 reading would be a box-drawing-free but absurd symbol in a bank text.
_CP1252_UNDEFINED = frozenset(b"\x81\x8d\x8f\x90\x9d")
_CP852_LETTERS = frozenset(b"\xa5\xa9\x88\x98\xab\xbe\x8b\xfb\x9f\xfd\xa4\xa8\x86\xe4\xe7")


def _single_byte(content: bytes) -> str:
    """cp1252, or cp852 when the bytes above 0x7F look like DOS Central European text."""
    high = [byte for byte in content if byte > 0x7F]
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


def decode(content: bytes, encoding: str | None = None) -> str:
    """The file as text with ``\\n`` line ends.

    Args:
        content: the file's bytes.
        encoding: the encoding the user chose, or None to detect it.

    Raises:
        ImportFileError: undecodable bytes or control characters, with the line.
    """
    if encoding:
        text = _decode(content, (encoding,))
    elif content.startswith(codecs.BOM_UTF8):
        text = _decode(content[len(codecs.BOM_UTF8) :], ("utf-8",))
    elif content.startswith(_UTF16_BOMS):
        text = _decode(content, ("utf-16",))
    else:
        text = _decode(content, ("utf-8", _single_byte(content)))
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = text.translate(_BREAKS)
    bad = _CONTROL.search(text)
    if bad is not None:
        raise ImportFileError(
            f"control character U+{ord(bad.group()):04X}: not MT940 text "
            "(a binary file or a wrong encoding)",
            location=f"line {text.count(chr(10), 0, bad.start()) + 1}",
        )
    return text


def _decode(content: bytes, encodings: tuple[str, ...]) -> str:
    """``content`` decoded with the first of ``encodings`` that fits."""
    for encoding in encodings[:-1]:
        try:
            return content.decode(encoding)
        except UnicodeDecodeError:
            continue
    try:
        return content.decode(encodings[-1])
    except UnicodeDecodeError as exc:
        line = content.count(b"\n", 0, exc.start) + 1
        raise ImportFileError(
            f"byte 0x{content[exc.start]:02X} is not text in {' or '.join(encodings)}",
            location=f"line {line}",
        ) from exc


def fields(text: str) -> list[Field]:
    """Every field of the file, in order, with its first line number."""
    spans: list[tuple[str, int, list[str]]] = []
    for number, line in enumerate(text.split("\n"), start=1):
        match = _TAG.match(line)
        if match and match.group("id") in KNOWN_TAGS:
            spans.append((match.group("id") + (match.group("sub") or ""), number, [line]))
        elif spans:
            spans[-1][2].append(line)
    result: list[Field] = []
    for index, (tag, number, lines) in enumerate(spans):
        closes_message = index + 1 == len(spans) or spans[index + 1][0] == "20"
        kept = _trim(lines, closes_message)
        size = sum(len(line) for line in kept)
        if size > MAX_FIELD:
            raise ImportFileError(
                f"field :{tag}: is {size:,} characters; at most {MAX_FIELD:,}",
                location=f"line {number}",
            )
        text = _statement_number(kept) if tag == "28C" else "\n".join(kept)
        result.append(Field(tag, number, text))
    return result


def _statement_number(lines: list[str]) -> str:
    """``:28C:`` as ``number[/sequence]``: blanks dropped, a continuation joined."""
    parts = ["".join(line.split()) for line in lines]
    parts[0] = parts[0][len(":28C:") :]
    parts = [part for part in parts if part and part != "-"]
    if len(parts) > 1 and "/" not in parts[0] and not parts[1].startswith("/"):
        parts[1] = "/" + parts[1]
    return ":28C:" + "".join(parts)


def _trim(lines: list[str], closes_message: bool) -> list[str]:
    """Cut a field's lines at a SWIFT trailer (or a lone ``-`` ending a message)."""
    for index, line in enumerate(lines[1:], start=1):
        stripped = line.strip()
        if stripped.startswith(("-}", "{")) or (closes_message and stripped == "-"):
            return lines[:index]
    return lines


def statements(all_fields: list[Field]) -> list[list[Field]]:
    """The fields grouped per statement: each ``:20:`` starts one.

    Raises:
        ImportFileError: no field at all, or a field before the first ``:20:``.
    """
    if not all_fields:
        raise ImportFileError("no MT940 field (:20:, :25:, :60F: ...) found", location="line 1")
    first = all_fields[0]
    if first.kind != "20":
        raise ImportFileError(
            f"field :{first.tag}: comes before the statement's :20: reference",
            location=f"line {first.line}",
        )
    groups: list[list[Field]] = []
    for field in all_fields:
        if field.kind == "20":
            groups.append([])
        groups[-1].append(field)
    return groups
