"""``_xml.Scope`` answers every path exactly as a namespace-wildcard ElementPath search.

The CAMT.053 reader walks each entry once into a ``Scope`` and then looks paths
up in it; these properties hold it to the element's own ``find('{*}...')``
over random trees that mix namespaces, repeat names at several depths and
carry sub-scopes, so a refusal can never move to another element.
"""

from __future__ import annotations

import io

from hypothesis import given, settings
from hypothesis import strategies as st
from lxml import etree

from asiento.importers._xml import (
    XmlStream,
    child,
    find,
    findall,
    location,
    parts,
    scope,
    text,
    texts,
)

NAMES = ("A", "B", "C")
SPACES = ("", "{urn:one}", "{urn:two}")


@st.composite
def trees(draw: st.DrawFn, depth: int = 0) -> etree._Element:
    tag = draw(st.sampled_from(SPACES)) + draw(st.sampled_from(NAMES))
    element = etree.Element(tag)
    element.text = draw(st.sampled_from((None, "", " x ", "y")))
    if depth < 3:
        for kid in draw(st.lists(trees(depth + 1), max_size=3)):
            element.append(kid)
    return element


PATHS = st.lists(st.sampled_from(NAMES), min_size=1, max_size=3).map("/".join)
PARTS = st.frozensets(st.sampled_from(("A", "B", "A/B", "B/C")), max_size=2)


@settings(max_examples=300, deadline=None)
@given(trees(), PATHS, PARTS)
def test_a_scope_finds_what_the_element_finds(
    root: etree._Element, path: str, parts: frozenset[str]
) -> None:
    read = scope(root, parts)
    assert find(read, path) is find(root, path)
    assert findall(read, path) == findall(root, path)
    assert (text(read, path), texts(read, path)) == (text(root, path), texts(root, path))


@settings(max_examples=200, deadline=None)
@given(trees(), PATHS, st.sampled_from(NAMES))
def test_a_child_of_the_first_match_is_the_elements_own(
    root: etree._Element, path: str, name: str
) -> None:
    parent = find(root, path)
    if parent is not None:
        assert child(scope(root), path, parent, name) is find(parent, name)


@settings(max_examples=200, deadline=None)
@given(trees(), PARTS)
def test_a_sub_scope_answers_for_its_own_element(
    root: etree._Element, wanted: frozenset[str]
) -> None:
    read = scope(root, wanted)
    for path in wanted:
        assert [part.element for part in parts(read, path)] == findall(root, path)
        for part in parts(read, path):
            for below in ("A", "B/C", "C/A"):
                assert findall(part, below) == findall(part.element, below)
            assert location(part) == location(part.element)


def test_a_streamed_entry_reads_the_same_through_its_scope() -> None:
    xml = b'<Doc xmlns="urn:x"><Ntry><A>1</A><B><C>2</C></B><A>3</A></Ntry></Doc>'
    (ntry,) = list(XmlStream(io.BytesIO(xml), ("Ntry",), 8))
    read = scope(ntry)
    assert [e.text for e in findall(read, "A")] == ["1", "3"]
    assert text(read, "B/C") == "2"
