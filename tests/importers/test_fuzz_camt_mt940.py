"""Fuzzing CAMT.053 and MT940: damaged files give a parse or an ImportFileError, nothing else.

Seeds are the standard-shaped files in tests/data. Mutations: truncate, flip or
replace bytes, insert garbage, delete or duplicate a slice, and (for the text
format) replace one line with random MT940-ish text, so that damage reaches
the field parsers and not only the tokenizer.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from asiento.importers import camt053, mt940
from asiento.importers.base import ImportFileError, ParsedStatement

DATA = Path(__file__).resolve().parents[1] / "data"
CAMT_SEEDS = [
    (DATA / name).read_bytes()
    for name in ("camt053_v02_batch_reversal.xml", "camt053_v08_multi_account.xml")
]
MT940_SEEDS = [
    (DATA / name).read_bytes()
    for name in (
        "mt940_structured_86.sta",
        "mt940_nl_ing_cntp.sta",
        "mt940_nl_abnamro_two_accounts.sta",
    )
]
FUZZ = settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
MT940_TOKENS = [*"0123456789CDR,.:/?+- NTRFEURABCabc{}\n>", ":61:", ":86:", "?20", "/NAME/"]
XML_TOKENS = [*"<>/=\"' &;:-.0123456789ABCDRTabc\n", "&amp;", "]]>", "</Amt>", "<Ntry>"]


@st.composite
def mutated(draw: st.DrawFn, seeds: list[bytes], tokens: list[str]) -> bytes:
    """A seed file with one to three random mutations."""
    content = draw(st.sampled_from(seeds))
    for _ in range(draw(st.integers(1, 3))):
        content = draw(_mutation(content, _texts(tokens)))
    return content


def _texts(tokens: list[str]) -> st.SearchStrategy[str]:
    return st.lists(st.sampled_from(tokens), max_size=20).map("".join)


def _mutation(content: bytes, texts: st.SearchStrategy[str]) -> st.SearchStrategy[bytes]:
    size = max(len(content), 1)
    at = st.integers(0, size - 1)
    garbage = st.one_of(st.binary(min_size=1, max_size=8), texts.map(str.encode))
    options: list[st.SearchStrategy[bytes]] = [
        at.map(lambda i: content[:i]),
        st.tuples(at, st.integers(0, 255)).map(
            lambda p: content[: p[0]] + bytes([p[1]]) + content[p[0] + 1 :]
        ),
        st.tuples(at, garbage).map(lambda p: content[: p[0]] + p[1] + content[p[0] :]),
        st.tuples(at, st.integers(1, 40)).map(lambda p: content[: p[0]] + content[p[0] + p[1] :]),
        st.tuples(at, st.integers(1, 200)).map(
            lambda p: content[: p[0]] + content[p[0] : p[0] + p[1]] * 2 + content[p[0] + p[1] :]
        ),
        _replace_line(content, texts),
    ]
    return st.one_of(options)


def _replace_line(content: bytes, texts: st.SearchStrategy[str]) -> st.SearchStrategy[bytes]:
    lines = content.split(b"\n")

    def rebuild(choice: tuple[int, str, bool]) -> bytes:
        index, text, keep_tag = choice
        line = lines[index]
        prefix = line[: line.index(b":", 1) + 1] if keep_tag and line.count(b":") > 1 else b""
        return b"\n".join([*lines[:index], prefix + text.encode(), *lines[index + 1 :]])

    return st.tuples(st.integers(0, len(lines) - 1), texts, st.booleans()).map(rebuild)


def _parses_or_refuses(parse: Callable[[bytes], list[ParsedStatement]], content: bytes) -> None:
    try:
        statements = parse(content)
    except ImportFileError as exc:
        assert str(exc)
        return
    assert all(isinstance(statement, ParsedStatement) for statement in statements)


@FUZZ
@given(mutated(CAMT_SEEDS, XML_TOKENS))
def test_damaged_camt_files_parse_or_raise_import_file_error(content: bytes) -> None:
    assert isinstance(camt053.detect(content), bool)
    _parses_or_refuses(camt053.parse, content)


@FUZZ
@given(mutated(MT940_SEEDS, MT940_TOKENS))
def test_damaged_mt940_files_parse_or_raise_import_file_error(content: bytes) -> None:
    assert isinstance(mt940.detect(content), bool)
    _parses_or_refuses(mt940.parse, content)


@FUZZ
@given(st.binary(max_size=300))
def test_random_bytes_never_escape_as_another_error(content: bytes) -> None:
    for module in (camt053, mt940):
        assert isinstance(module.detect(content), bool)
        _parses_or_refuses(module.parse, content)
