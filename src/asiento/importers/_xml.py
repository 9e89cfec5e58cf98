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

import io
from collections.abc import Callable
from functools import lru_cache

from lxml import etree

from asiento.importers.base import ImportFileError

Element = etree._Element


def stream_xml(content: bytes, tag: str, visit: Callable[[Element], None]) -> Element:
    """Parse untrusted XML incrementally, calling ``visit`` at the end of each ``tag``.

    Why: a 100,000-entry statement as one tree costs hundreds of MB; ``visit``
    may ``clear()`` what it has read so memory stays flat. Same safety as
    ``parse_xml`` (no network, no entities, no DTD) and the same errors: a
    syntax error anywhere wins over anything ``visit`` might raise later, so
    callers should stop visiting after their first error and re-raise it
    once the whole document is known to be well-formed.

    Returns:
        the root element (with whatever ``visit`` left of the tree).

    Raises:
        ImportFileError: not well-formed (with its line), empty, or a DOCTYPE.
    """
    events = etree.iterparse(
        io.BytesIO(content),
        events=("end",),
        tag=_wildcard(tag),
        resolve_entities=False,
        no_network=True,
        load_dtd=False,
        dtd_validation=False,
        huge_tree=False,
        remove_comments=True,
        remove_pis=True,
        collect_ids=False,
    )
    try:
        for _event, node in events:
            visit(node)
    except etree.XMLSyntaxError as exc:
        raise ImportFileError(
            f"not well-formed XML: {exc.msg}", location=f"line {exc.lineno}"
        ) from exc
    root: Element | None = events.root
    if root is None:
        raise ImportFileError("empty XML document", location="line 1")
    _refuse_doctype(root)
    return root


def _refuse_doctype(root: Element) -> None:
    if root.getroottree().docinfo.internalDTD is not None:
        raise ImportFileError(
            "a DOCTYPE is not allowed in a bank statement (entity expansion risk)",
            location="line 1",
        )


def parse_xml(content: bytes) -> Element:
    """Parse untrusted XML bytes into the root element.

    Raises:
        ImportFileError: not well-formed (with its line), wrong encoding for
            the declared one, or carrying a DOCTYPE.
    """
    parser = etree.XMLParser(
        resolve_entities=False,
        no_network=True,
        load_dtd=False,
        dtd_validation=False,
        huge_tree=False,
        remove_comments=True,
        remove_pis=True,
        collect_ids=False,
    )
    try:
        root = etree.fromstring(content, parser)
    except etree.XMLSyntaxError as exc:
        raise ImportFileError(
            f"not well-formed XML: {exc.msg}", location=f"line {exc.lineno}"
        ) from exc
    if root is None:
        raise ImportFileError("empty XML document", location="line 1")
    _refuse_doctype(root)
    return root


@lru_cache(maxsize=512)
def _wildcard(path: str) -> str:
    return "/".join("{*}" + step for step in path.split("/"))


def find(element: Element, path: str) -> Element | None:
    """First element at ``path`` (``"Refs/EndToEndId"``) below ``element``."""
    return element.find(_wildcard(path))


def findall(element: Element, path: str) -> list[Element]:
    """Every element at ``path`` below ``element``, in document order."""
    return element.findall(_wildcard(path))


def text(element: Element, path: str) -> str | None:
    """Stripped text at ``path``, or None when absent or blank."""
    node = find(element, path)
    if node is None or node.text is None:
        return None
    return node.text.strip() or None


def texts(element: Element, path: str) -> list[str]:
    """Stripped, non-blank texts of every element at ``path``."""
    return [node.text.strip() for node in findall(element, path) if node.text and node.text.strip()]


def local_name(element: Element) -> str:
    """Tag without its namespace (``Ntry``)."""
    return etree.QName(element).localname


def location(element: Element, child: str | None = None) -> str:
    """Readable path of ``element`` (plus a missing ``child``) for messages."""
    steps: list[str] = [child] if child else []
    node: Element | None = element
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


def required(element: Element, path: str) -> Element:
    """The element at ``path``; its absence is an ``ImportFileError``."""
    node = find(element, path)
    if node is None:
        raise ImportFileError(f"missing mandatory element {path}", location=location(element, path))
    return node
