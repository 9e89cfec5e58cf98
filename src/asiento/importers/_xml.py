"""Safe, namespace-agnostic reading of ISO 20022 bank XML.

Why: a bank file comes from outside. The parser must never fetch a URL, expand
an entity or build an unbounded tree, and a file that is not well-formed must
say where it breaks. CAMT.053 versions 001.02 to 001.13 differ by namespace
but not in the elements read here, so paths match any namespace (``{*}``), or
are looked up by local names in a ``Scope``: an element walked once into a
flat index, the way each CAMT.053 entry is read (same answers, one look-up).

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
from typing import BinaryIO

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


class Scope:
    """An element's subtree read once into a flat index: path of local names -> elements.

    Answers the same paths as the element (``find``, ``findall``, ``text``...) with
    the same results in the same order (document order, as ElementPath), by one
    dictionary look-up instead of a scan of the children at every path step.
    ``parts`` holds a scope of its own for each element at the paths named when
    it was read (``wanted``: a CAMT entry's ``NtryDtls/TxDtls``), read in the same
    walk. What lies below a part is indexed in the part only, once: a path that
    goes below one is answered from the parts' indexes, in their (document) order.
    """

    __slots__ = ("element", "heads", "parts", "paths", "wanted")

    def __init__(self, element: Element, wanted: frozenset[str]) -> None:
        self.element = element
        self.wanted = wanted
        self.heads = _heads(wanted)  # what a path below a part starts with
        self.paths: dict[str, list[Element]] = {}
        self.parts: dict[str, list[Scope]] = {}


Readable = Element | Scope

_LOCAL_NAMES: dict[str, str] = {}
"""Tag -> local name, filled as tags are met (a file has a handful of distinct tags; the
cache stops growing at ``_LOCAL_NAMES_MAX`` so a hostile file cannot grow it)."""
_LOCAL_NAMES_MAX = 4096


def _local(tag: str) -> str:
    name = tag[tag.find("}") + 1 :]
    if len(_LOCAL_NAMES) < _LOCAL_NAMES_MAX:
        _LOCAL_NAMES[tag] = name
    return name


def scope(element: Element, parts: frozenset[str] = frozenset()) -> Scope:
    """``element``'s subtree walked once into a ``Scope`` (and a sub-scope per ``parts`` path).

    Why: a CAMT.053 entry is asked for about 30 paths, and each namespace-wildcard
    ``find`` scanned the children again at every step (78 % of an import's time).
    Paths of local names are as namespace-blind as ``{*}``: a bank that mixes
    namespaces inside an entry reads the same. Comments and processing
    instructions are removed by the parser; any other non-element node (an
    unexpanded entity) is skipped, as ElementPath skips it.

    One walk in document order by lxml's own iterator (elements only): each element's
    path is its parent's plus its tag's local name (looked up once per tag), filed in
    the one scope it lies in, so each path's list stays in document order.
    """
    top = Scope(element, parts)
    names = _LOCAL_NAMES
    where: dict[Element, tuple[str, Scope]] = {element: ("", top)}
    walk = element.iter(etree.Element)
    next(walk)  # the element itself
    for node in walk:
        tag = node.tag
        local = names.get(tag) or _local(tag)
        prefix, owner = where[node.getparent()]  # type: ignore[index]  # never None below element
        path = prefix + local
        same = owner.paths.get(path)
        if same is None:
            owner.paths[path] = [node]
        else:
            same.append(node)
        if path in owner.wanted:
            part = Scope(node, _below(owner.wanted, path))
            owner.parts.setdefault(path, []).append(part)
            where[node] = ("", part)
        elif len(node):
            where[node] = (path + "/", owner)
    return top


@lru_cache(maxsize=64)
def _heads(wanted: frozenset[str]) -> tuple[str, ...]:
    return tuple(path + "/" for path in wanted)


@lru_cache(maxsize=64)
def _below(paths: frozenset[str], path: str) -> frozenset[str]:
    """The ``paths`` below ``path``, relative to it (the readers name a few fixed sets:
    cached, rather than built again for each entry's detail)."""
    head = path + "/"
    return frozenset(p[len(head) :] for p in paths if p.startswith(head))


def _split(element: Scope, path: str) -> tuple[list[Scope], str] | None:
    """The parts ``path`` goes below, and the rest of it (None: below no part)."""
    for name, scopes in element.parts.items():
        if path.startswith(name) and path[len(name) : len(name) + 1] == "/":
            return scopes, path[len(name) + 1 :]
    return None


def find(element: Readable, path: str) -> Element | None:
    """First element at ``path`` (``"Refs/EndToEndId"``) below ``element``."""
    if isinstance(element, Scope):  # the hot path: a CAMT entry asks ~30 paths
        elements = element.paths.get(path)
        if elements is not None:
            return elements[0]
        if not path.startswith(element.heads):
            return None
        elements = findall(element, path)
        return elements[0] if elements else None
    return element.find(_wildcard(path))


def findall(element: Readable, path: str) -> list[Element]:
    """Every element at ``path`` below ``element``, in document order."""
    if not isinstance(element, Scope):
        return element.findall(_wildcard(path))
    found = element.paths.get(path)
    if found is not None:
        return found
    if not path.startswith(element.heads):
        return []
    split = _split(element, path)
    return [] if split is None else [e for part in split[0] for e in findall(part, split[1])]


def parts(element: Scope, path: str) -> list[Scope]:
    """The scopes of the elements at ``path``, one of the ``parts`` it was read with."""
    found = element.parts.get(path)
    if found is not None:
        return found
    split = _split(element, path)
    return [] if split is None else [p for part in split[0] for p in parts(part, split[1])]


def child(element: Readable, path: str, parent: Element, name: str) -> Element | None:
    """The first ``name`` child of ``parent``, itself the first element at ``path``.

    ``find(parent, name)``, answered from ``element``'s index when it has one."""
    return child_at(element, f"{path}/{name}", parent, name)


def child_at(element: Readable, path: str, parent: Element, name: str) -> Element | None:
    """``child`` given the child's whole ``path`` (``"ValDt/Dt"``, ending in ``/name``):
    a reader asking it for every entry builds that string once, not per entry."""
    if not isinstance(element, Scope):
        return parent.find(_wildcard(name))
    found = element.paths.get(path)
    for candidate in found if found is not None else findall(element, path):
        if candidate.getparent() is parent:
            return candidate
    return None


def text(element: Readable, path: str) -> str | None:
    """Stripped text at ``path``, or None when absent or blank."""
    node: Element | None
    if isinstance(element, Scope):  # ``find`` inlined: a CAMT entry asks ~20 texts
        found = element.paths.get(path)
        if found is not None:
            node = found[0]
        elif not path.startswith(element.heads):  # below no part: absent (most misses)
            return None
        else:
            node = find(element, path)
    else:
        node = find(element, path)
    if node is None:
        return None
    raw = node.text
    if raw is None:
        return None
    stripped: str = raw.strip()
    return stripped or None


def texts(element: Readable, path: str) -> list[str]:
    """Stripped, non-blank texts of every element at ``path``."""
    found = findall(element, path)
    return [node.text.strip() for node in found if node.text and node.text.strip()]


def local_name(element: Element) -> str:
    """Tag without its namespace (``Ntry``)."""
    tag = element.tag
    if tag.__class__ is not str:
        return str(etree.QName(element).localname)
    return _LOCAL_NAMES.get(tag) or _local(tag)


def location(element: Readable, child: str | None = None) -> str:
    """Readable path of ``element`` (plus a missing ``child``) for messages."""
    steps: list[str] = [child] if child else []
    node: Element | None = element.element if isinstance(element, Scope) else element
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


def required(element: Readable, path: str) -> Element:
    """The element at ``path``; its absence is an ``ImportFileError``."""
    node = find(element, path)
    if node is None:
        raise ImportFileError(f"missing mandatory element {path}", location=location(element, path))
    return node
