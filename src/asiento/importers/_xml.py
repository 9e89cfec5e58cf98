"""Safe, namespace-agnostic reading of ISO 20022 bank XML.

Why: a bank file comes from outside. The parser must never fetch a URL, expand
an entity or build an unbounded tree, and a file that is not well-formed must
say where it breaks. CAMT.053 versions 001.02 to 001.13 differ by namespace
but not in the elements read here, so paths match any namespace (``{*}``).

Invariants:
    - ``parse_xml`` raises only ``ImportFileError`` and never resolves
      entities, loads a DTD or touches the network; a DOCTYPE is refused.
    - error locations are readable element paths such as
      ``Document/BkToCstmrStmt/Stmt[2]/Ntry[3]/Amt`` (an index only where the
      element repeats).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache
from typing import BinaryIO, overload

from lxml import etree

from asiento.documents import untrusted_xml
from asiento.importers.base import ImportFileError

Element = etree._Element
STATEMENT = "a bank statement"


class XmlStream:
    """Untrusted XML read incrementally: iterate for the end of each element named in ``tags``.

    Why: a 100,000-entry statement as one tree costs hundreds of MB; the
    caller may ``clear()`` (and remove) what it has read so memory stays flat.
    The file is handed to the parser ``chunk`` bytes at a time. Same safety as
    ``parse_xml`` (no network, no entities, no DTD) and the same errors: a
    syntax error anywhere wins over anything the caller finds in the elements
    it was given, so a caller should keep its first error and raise it once
    the iteration has ended (the document is then known to be well-formed).
    After the iteration, ``root`` is the root element (what the caller left
    of the tree).

    Raises (from iterating):
        ImportFileError: not well-formed (with its line), empty, or a DOCTYPE.
    """

    def __init__(self, source: BinaryIO, tags: tuple[str, ...], chunk: int) -> None:
        self._source = _Chunked(source, chunk)
        self._tags = tuple(_wildcard(tag) for tag in tags)
        self.root: Element | None = None

    def __iter__(self) -> Iterator[Element]:
        events = etree.iterparse(
            self._source,
            events=("end",),
            tag=self._tags,
            **untrusted_xml.SAFE_OPTIONS,
        )
        try:
            for _event, node in events:
                yield node
        except etree.XMLSyntaxError as exc:
            raise ImportFileError(
                f"not well-formed XML: {exc.msg}", location=f"line {exc.lineno}"
            ) from exc
        root: Element | None = events.root
        if root is None:
            raise ImportFileError("empty XML document", location="line 1")
        try:
            untrusted_xml.refuse_doctype(root, STATEMENT)
        except untrusted_xml.UntrustedXmlRefused as exc:
            raise ImportFileError(exc.message, location=exc.location) from exc
        self.root = root


@dataclass(frozen=True, slots=True)
class _Chunked:
    """A binary file that hands out at most ``size`` bytes per read."""

    file: BinaryIO
    size: int

    def read(self, wanted: int = -1) -> bytes:
        return self.file.read(self.size if wanted < 0 else min(wanted, self.size))


def drop(element: Element) -> None:
    """Clear ``element`` once read and remove its already-cleared previous twin.

    So a parent keeps at most one empty child of that name however many it
    had: memory follows one element, not the file. Element paths computed
    afterwards count only what is left (the caller relocates its messages).
    """
    element.clear()
    previous = element.getprevious()
    parent = element.getparent()
    if previous is not None and parent is not None and previous.tag == element.tag:
        parent.remove(previous)


def parse_xml(content: bytes) -> Element:
    """Parse untrusted XML bytes into the root element.

    Raises:
        ImportFileError: not well-formed (with its line), wrong encoding for
            the declared one, or carrying a DOCTYPE.
    """
    try:
        return untrusted_xml.parse_untrusted(content, STATEMENT)
    except untrusted_xml.UntrustedXmlRefused as exc:
        raise ImportFileError(exc.message, location=exc.location) from exc


@lru_cache(maxsize=512)
def _wildcard(path: str) -> str:
    return "/".join("{*}" + step for step in path.split("/"))


@lru_cache(maxsize=512)
def _steps(path: str) -> tuple[str, ...]:
    return tuple(path.split("/"))


class Node:
    """An element whose children were read once, grouped by local name (see ``tree``).

    Answers the same paths as the element (``find``, ``findall``, ``text``...) with
    the same results, in the same order, by dictionary look-ups instead of a scan
    of the children per path step.
    """

    __slots__ = ("element", "kids")

    def __init__(self, element: Element, kids: dict[str, list[Node]]) -> None:
        self.element = element
        self.kids = kids

    @property
    def text(self) -> str | None:
        return self.element.text

    def get(self, key: str) -> str | None:
        """The attribute ``key`` of the element (no namespace), as ``Element.get``."""
        value = self.element.get(key)
        return None if value is None else str(value)


Readable = Element | Node


def tree(element: Element) -> Node:
    """``element`` and its subtree, walked once into ``Node``s keyed by local name.

    Why: a CAMT.053 entry is asked for about 30 paths, and each namespace-wildcard
    ``find`` scanned the children again at every step (78 % of an import's time).
    Local names make the look-up as namespace-blind as ``{*}``: a bank that mixes
    namespaces inside an entry reads the same. Comments and processing
    instructions are removed by the parser; any other non-element node (an
    unexpanded entity) is skipped, as ElementPath skips it.
    """
    kids: dict[str, list[Node]] = {}
    for child in element:
        tag = child.tag
        if isinstance(tag, str):
            name = tag.rpartition("}")[2]
            found = kids.get(name)
            if found is None:
                kids[name] = [tree(child)]
            else:
                found.append(tree(child))
    return Node(element, kids)


def _first(node: Node, steps: tuple[str, ...], depth: int) -> Node | None:
    """ElementPath's first match: depth first, children in document order."""
    last = depth + 1 == len(steps)
    for kid in node.kids.get(steps[depth], ()):
        found = kid if last else _first(kid, steps, depth + 1)
        if found is not None:
            return found
    return None


@overload
def find(element: Element, path: str) -> Element | None: ...
@overload
def find(element: Node, path: str) -> Node | None: ...
def find(element: Readable, path: str) -> Readable | None:
    """First element at ``path`` (``"Refs/EndToEndId"``) below ``element``."""
    if isinstance(element, Node):
        return _first(element, _steps(path), 0)
    return element.find(_wildcard(path))


@overload
def findall(element: Element, path: str) -> list[Element]: ...
@overload
def findall(element: Node, path: str) -> list[Node]: ...
def findall(element: Readable, path: str) -> list[Element] | list[Node]:
    """Every element at ``path`` below ``element``, in document order."""
    if not isinstance(element, Node):
        return element.findall(_wildcard(path))
    nodes = [element]
    for step in _steps(path):
        nodes = [kid for node in nodes for kid in node.kids.get(step, ())]
    return nodes


def text(element: Readable, path: str) -> str | None:
    """Stripped text at ``path``, or None when absent or blank."""
    node = find(element, path)
    if node is None or node.text is None:
        return None
    stripped: str = node.text.strip()
    return stripped or None


def texts(element: Readable, path: str) -> list[str]:
    """Stripped, non-blank texts of every element at ``path``."""
    found = findall(element, path)
    return [node.text.strip() for node in found if node.text and node.text.strip()]


def local_name(element: Element) -> str:
    """Tag without its namespace (``Ntry``)."""
    return etree.QName(element).localname


def location(element: Readable, child: str | None = None) -> str:
    """Readable path of ``element`` (plus a missing ``child``) for messages."""
    steps: list[str] = [child] if child else []
    node: Element | None = element.element if isinstance(element, Node) else element
    while node is not None:
        parent = node.getparent()
        name = local_name(node)
        if parent is not None:
            same = [sibling for sibling in parent if sibling.tag == node.tag]
            if len(same) > 1:
                name += f"[{same.index(node) + 1}]"
        steps.append(name)
        node = parent
    return "/".join(reversed(steps))


@overload
def required(element: Element, path: str) -> Element: ...
@overload
def required(element: Node, path: str) -> Node: ...
def required(element: Readable, path: str) -> Readable:
    """The element at ``path``; its absence is an ``ImportFileError``."""
    node: Readable | None = find(element, path)
    if node is None:
        raise ImportFileError(f"missing mandatory element {path}", location=location(element, path))
    return node
