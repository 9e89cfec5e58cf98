"""Which bank-file format a file is, from its content, and one door to parse it.

Why from content: file names lie ("export.txt" is MT940, "statement.xml" may be
OFX 2), and an upload may have no name at all.

Detection asks each format module's ``detect`` in a fixed order, most
specific first: OFX/QFX (an ``OFXHEADER`` or ``<OFX>`` at the start), CAMT.053,
MT940, and CSV last, because almost any text looks a little like CSV. The
CAMT.053 and MT940 modules are imported lazily; while one is not installed,
a small signature check stands in for its ``detect`` (the camt.053 namespace;
``:20:`` then ``:25:`` or ``:60F:`` tags), so that such a file is still named
correctly and then refused as unsupported rather than misread as CSV.

Invariants:
    - ``detect_format`` returns one of ``FORMATS`` or raises ``ImportFileError``;
    - a CSV profile applies to CSV only: given with another format (stated
      or detected), it is ignored, so a journal's saved CSV profile does not
      block that journal's OFX or CAMT imports.
"""

from __future__ import annotations

import codecs
import importlib
import re
from collections.abc import Callable, Iterator
from types import ModuleType
from typing import Final, Protocol, cast

from asiento.importers import csv as csv_importer
from asiento.importers import ofx
from asiento.importers.base import (
    ImportFileError,
    Input,
    Item,
    ParsedStatement,
    Parser,
    head_of,
    items_of,
    open_input,
)
from asiento.importers.csv_profiles import CsvProfile

FORMATS: Final = ("ofx", "camt053", "mt940", "csv")
"""Supported formats, in detection order."""

_HEAD: Final = 8192
DETECT_BYTES: Final = 64 * 1024 + 1
"""Enough of a file's start for every format's ``detect`` (CSV's sniff window + 1)."""
_MT940_START: Final = re.compile(rb"(?:\A|\n|\{4:)\s*:20:")
_MT940_NEXT: Final = re.compile(rb"\n:(?:25|25P|60[FM]):")


def detect_format(content: bytes) -> str:
    """The format of ``content``: "camt053", "mt940", "ofx" or "csv".

    Raises:
        ImportFileError: no supported format recognises the content.
    """
    for fmt in FORMATS:
        if _detects(fmt, content):
            return fmt
    message, where = _why_unrecognised(content)
    raise ImportFileError(
        f"unrecognised file format (not CAMT.053, MT940, OFX/QFX or CSV): {message}",
        location=where,
    )


def _why_unrecognised(content: bytes) -> tuple[str, str]:
    """What is wrong, and where: empty, binary, malformed or foreign XML, unknown text."""
    if not content.strip():
        return "the file is empty", "file"
    head = content[:_HEAD]
    if head.lstrip(b"\xef\xbb\xbf \t\r\n").startswith(b"<"):
        return _xml_problem(content)
    nul = head.find(b"\x00")
    if nul >= 0:
        return f"a binary file (NUL byte at offset {nul}), not bank statement text", "file"
    try:
        text = head.decode("utf-8")
    except UnicodeDecodeError as exc:
        if exc.start < len(head) - 4:  # not a character cut by the window
            text = head.decode("cp1252", errors="replace")
        else:
            text = head[: exc.start].decode("utf-8")
    first = next((line.strip() for line in text.splitlines() if line.strip()), "")
    return (
        f"no OFX header, no MT940 :20: field and no CSV header of a built-in profile; "
        f"first line {first[:80]!r}; choose the format, the CSV profile or the encoding",
        "line 1",
    )


def _xml_problem(content: bytes) -> tuple[str, str]:
    """A malformed XML file's error with its line and column, or what the document is."""
    from asiento.importers._xml import parse_xml

    try:
        root = parse_xml(content)
    except ImportFileError as exc:
        reason = exc.message.removeprefix(f"{exc.location}: ")
        return f"XML that cannot be read: {reason}", exc.location or "file"
    name = root.tag.split("}")[-1] if isinstance(root.tag, str) else "?"
    namespace = root.tag[1:].split("}")[0] if isinstance(root.tag, str) and "}" in root.tag else ""
    return (
        f"an XML document <{name}>{f' in {namespace}' if namespace else ''} without a "
        "camt.053 BkToCstmrStmt element",
        name,
    )


def parse_file(
    content: bytes,
    fmt: str | None = None,
    profile: CsvProfile | None = None,
    encoding: str | None = None,
) -> tuple[str, list[ParsedStatement]]:
    """Parse ``content`` as ``fmt`` (detected when None); return (format, statements).

    Args:
        content: the file's bytes.
        fmt: one of ``FORMATS``, or None to detect it.
        profile: the CSV profile to read a CSV file with (detected when None).
        encoding: the text encoding the user chose for an MT940 or CSV file
            (XML and OFX files declare their own); None to detect it.

    Raises:
        ImportFileError: unknown format or encoding, or a file the format's
            parser refuses.
    """
    if encoding:
        encoding = _codec(encoding)
    if fmt is None:
        fmt = _detect_with_profile(content) if profile is not None else detect_format(content)
    if fmt not in FORMATS:
        raise ImportFileError(f"unknown format {fmt!r}; expected one of {', '.join(FORMATS)}")
    if fmt == "csv":
        return fmt, csv_importer.parse(content, profile, encoding)
    parser = _parser(fmt)
    if fmt == "mt940":
        return fmt, cast(_TextParser, parser).parse(content, encoding)
    return fmt, parser.parse(content)


Stream = Callable[[], Iterator[Item]]
"""Reads the file afresh each time it is called, yielding ``base.Item``s."""


def stream_file(
    content: Input,
    fmt: str | None = None,
    profile: CsvProfile | None = None,
    encoding: str | None = None,
) -> tuple[str, Stream]:
    """``parse_file`` for a file that may be larger than memory: (format, stream).

    Detection reads the first ``DETECT_BYTES`` only (the whole file just to
    explain a refusal). Every format is streamed: each call of the stream
    reads the file afresh, a chunk at a time.

    Raises:
        ImportFileError: as ``parse_file``; a streamed file's own errors come
            from reading the stream.
    """
    if encoding:
        encoding = _codec(encoding)
    if fmt is None:
        fmt = _detect_head(content, profile)
    if fmt not in FORMATS:
        raise ImportFileError(f"unknown format {fmt!r}; expected one of {', '.join(FORMATS)}")
    if fmt == "csv":
        return fmt, lambda: csv_importer.stream(content, profile, encoding)
    if fmt == "mt940" and _module(fmt) is not None:
        from asiento.importers import mt940

        return fmt, lambda: mt940.stream(content, encoding)
    if fmt == "camt053" and _module(fmt) is not None:
        from asiento.importers import camt053

        return fmt, lambda: camt053.stream(content)
    if fmt == "ofx":
        return fmt, lambda: ofx.stream(content)
    whole = content if isinstance(content, bytes) else open_input(content).read()
    _, statements = parse_file(whole, fmt, profile, encoding)
    return fmt, lambda: items_of(statements)


def _detect_head(content: Input, profile: CsvProfile | None) -> str:
    """The format from the file's head; refused with the whole file's reason."""
    head = head_of(content, DETECT_BYTES)
    if profile is not None:
        return _detect_with_profile(head)
    try:
        return detect_format(head)
    except ImportFileError:
        whole = content if isinstance(content, bytes) else open_input(content).read()
        return detect_format(whole)


class _TextParser(Protocol):
    """A text format's parser, which takes the user's choice of encoding."""

    def parse(self, content: bytes, encoding: str | None = None) -> list[ParsedStatement]: ...


def _codec(name: str) -> str:
    """The Python codec of an encoding name, or ``ImportFileError``."""
    try:
        return codecs.lookup(name.strip()).name
    except LookupError:
        raise ImportFileError(f"unknown encoding {name!r}", location="encoding") from None


def _detect_with_profile(content: bytes) -> str:
    """With a CSV profile in hand, only a file with a clear signature is not CSV."""
    strong = [fmt for fmt in FORMATS[:-1] if _detects(fmt, content)]
    return strong[0] if strong else "csv"


def _detects(fmt: str, content: bytes) -> bool:
    module = _module(fmt)
    if module is not None:
        return bool(cast(Parser, module).detect(content))
    head = content[:_HEAD]
    if fmt == "camt053":
        return b"camt.053" in head and head.lstrip(b"\xef\xbb\xbf \t\r\n").startswith(b"<")
    return bool(_MT940_START.search(head) and _MT940_NEXT.search(head))


def _module(fmt: str) -> ModuleType | None:
    """The format's module, or None while it is not installed (camt053, mt940)."""
    if fmt == "ofx":
        return ofx
    if fmt == "csv":
        return csv_importer
    name = f"asiento.importers.{fmt}"
    try:
        return importlib.import_module(name)
    except ModuleNotFoundError as exc:
        if exc.name != name:
            raise
        return None


def _parser(fmt: str) -> Parser:
    module = _module(fmt)
    if module is None:
        raise ImportFileError(f"{fmt} files are recognised but their importer is not installed")
    return cast(Parser, module)
