"""Automatic detection says what is wrong and where (issue 17)."""

from __future__ import annotations

import pytest

from asiento.importers.base import ImportFileError
from asiento.importers.detect import detect_format, parse_file


@pytest.mark.parametrize(
    ("content", "location", "reason"),
    [
        (b"", "file", "the file is empty"),
        (b"<Document><Stmt>\n<Amt>1</Stmt>", "line 2", "Opening and ending tag mismatch"),
        (
            b'<?xml version="1.0"?><!DOCTYPE z [<!ENTITY a "aa">]><z>&a;</z>',
            "line 1",
            "a DOCTYPE is not allowed",
        ),
        (
            b"<Document xmlns='urn:iso:std:iso:20022:tech:xsd:pain.001.001.03'><x/></Document>",
            "Document",
            "pain.001.001.03 without a camt.053 BkToCstmrStmt",
        ),
        (b"PK\x03\x04\x00\x00", "file", "a binary file (NUL byte at offset 4)"),
    ],
)
def test_an_unrecognised_file_says_what_and_where(
    content: bytes, location: str, reason: str
) -> None:
    with pytest.raises(ImportFileError) as caught:
        detect_format(content)
    assert caught.value.location == location
    assert "unrecognised file format" in caught.value.message and reason in caught.value.message


def test_a_csv_nobody_knows_names_its_header() -> None:
    with pytest.raises(ImportFileError) as caught:
        parse_file(b"hello;world\n1;2\n")
    assert caught.value.location == "line 1"
    assert "no built-in CSV profile matches the header 'hello;world'" in caught.value.message
