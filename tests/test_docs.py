"""The documents a user's clone carries: a short README, links that resolve, no outside paths.

A clone has the README, CHANGELOG.md and docs/ but not the folders that sit beside the
repository on the machine it was written on, so no document may point there.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
DOCUMENTS = sorted([ROOT / "README.md", ROOT / "CHANGELOG.md", *(ROOT / "docs").rglob("*.md")])

FENCE = re.compile(r"^(```|~~~).*?^\1", re.M | re.S)
INLINE_CODE = re.compile(r"`[^`\n]*`")
INLINE_LINK = re.compile(r"!?\[[^\]\n]*\]\(\s*<?([^)\s>]+)>?(?:\s+\"[^\"]*\")?\s*\)")
REFERENCE_LINK = re.compile(r"^\s{0,3}\[[^\]\n]+\]:\s*<?(\S+?)>?(?:\s.*)?$", re.M)
EXTERNAL = re.compile(r"^(?:[a-z][a-z0-9+.-]*:|//)", re.I)


def prose(text: str) -> str:
    """The text without code blocks and inline code, where brackets are not links."""
    return INLINE_CODE.sub("", FENCE.sub("", text))


def links(text: str) -> list[str]:
    body = prose(text)
    return INLINE_LINK.findall(body) + REFERENCE_LINK.findall(body)


def slug(heading: str) -> str:
    """GitHub's anchor of a heading: lower case, punctuation dropped, spaces to hyphens."""
    text = INLINE_CODE.sub(lambda m: m.group(0).strip("`"), heading.strip()).lower()
    return re.sub(r"[^\w\- ]", "", text).replace(" ", "-")


def anchors(path: Path) -> set[str]:
    text = FENCE.sub("", path.read_text(encoding="utf-8"))
    return {slug(m.group(1)) for m in re.finditer(r"^#{1,6}\s+(.+?)\s*#*\s*$", text, re.M)}


def relative_links() -> list[tuple[Path, str]]:
    return [
        (doc, target)
        for doc in DOCUMENTS
        for target in links(doc.read_text(encoding="utf-8"))
        if not EXTERNAL.match(target)
    ]


def test_the_readme_is_a_short_front_door() -> None:
    lines = (ROOT / "README.md").read_text(encoding="utf-8").splitlines()
    assert len(lines) < 200, f"README.md has {len(lines)} lines; move detail into docs/"


def test_the_documents_are_all_found() -> None:
    names = {doc.relative_to(ROOT).as_posix() for doc in DOCUMENTS}
    assert {"README.md", "CHANGELOG.md", "docs/architecture.md", "docs/testing.md"} <= names
    assert len(relative_links()) >= 20  # the README alone links every guide


@pytest.mark.parametrize(
    ("doc", "target"),
    relative_links(),
    ids=[f"{d.relative_to(ROOT).as_posix()}->{t}" for d, t in relative_links()],
)
def test_every_relative_link_resolves_to_a_file_of_the_repository(doc: Path, target: str) -> None:
    path_part, _, anchor = target.partition("#")
    assert not path_part.startswith("/"), f"{target}: links are relative to the document"
    resolved = (doc.parent / path_part).resolve() if path_part else doc
    assert resolved.is_relative_to(ROOT), f"{target} points outside the repository"
    assert resolved.exists(), f"{target} does not exist"
    if anchor:
        assert anchor in anchors(resolved), f"{target}: no heading with that anchor"


@pytest.mark.parametrize("doc", DOCUMENTS, ids=[d.relative_to(ROOT).as_posix() for d in DOCUMENTS])
def test_no_document_points_beside_the_repository(doc: Path) -> None:
    assert "../shared" not in doc.read_text(encoding="utf-8")


def test_the_link_finder_sees_links_and_skips_code() -> None:
    text = (
        "See [a](docs/a.md) and [b](../b.md#part).\n`[c](c.md)`\n```\n[d](d.md)\n```\n"
        "[ref]: guide/e.md\n<https://example.com> [f](https://example.com/f)\n"
    )
    assert links(text) == ["docs/a.md", "../b.md#part", "https://example.com/f", "guide/e.md"]
    assert slug("Payments and `reconciliation`: how") == "payments-and-reconciliation-how"
