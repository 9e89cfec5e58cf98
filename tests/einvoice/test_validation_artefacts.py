"""The shipped XSDs and the test Schematron rule sets load and judge files as their owners do."""

from __future__ import annotations

import pytest

from asiento.documents.einvoice import SchemaError, validate_xsd
from tests.einvoice.schematron import RULE_SETS, RuleSets

UBL_EMPTY = (
    b'<Invoice xmlns="urn:oasis:names:specification:ubl:schema:xsd:Invoice-2"'
    b' xmlns:cbc="urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2">'
    b"<cbc:ID>1</cbc:ID></Invoice>"
)
CII_EMPTY = (
    b'<rsm:CrossIndustryInvoice xmlns:rsm="urn:un:unece:uncefact:data:standard:CrossIndustryInvoice:100"'
    b' xmlns:ram="urn:un:unece:uncefact:data:standard:ReusableAggregateBusinessInformationEntity:100">'
    b"<rsm:ExchangedDocumentContext><ram:GuidelineSpecifiedDocumentContextParameter>"
    b"<ram:ID>unknown</ram:ID></ram:GuidelineSpecifiedDocumentContextParameter>"
    b"</rsm:ExchangedDocumentContext></rsm:CrossIndustryInvoice>"
)


def test_a_file_that_is_not_xml_is_one_error_at_the_root() -> None:
    errors = validate_xsd(b"<Invoice", "ubl-invoice")
    assert len(errors) == 1 and errors[0].path == "/"
    assert errors[0].message.startswith("not well-formed XML")


def test_a_ubl_invoice_missing_required_elements_is_refused_with_the_path() -> None:
    errors = validate_xsd(UBL_EMPTY, "ubl-invoice")
    assert errors and all(isinstance(e, SchemaError) for e in errors)
    assert errors[0].path == "/*"
    assert "IssueDate" in errors[0].message


def test_a_credit_note_schema_refuses_an_invoice_root() -> None:
    errors = validate_xsd(UBL_EMPTY, "ubl-credit-note")
    assert "No matching global declaration" in errors[0].message


def test_a_cii_file_without_its_document_header_is_refused() -> None:
    errors = validate_xsd(CII_EMPTY, "cii")
    assert errors and "ExchangedDocument" in errors[0].message


@pytest.mark.parametrize("rule_set", ["en16931-ubl", "peppol-ubl", "xrechnung-ubl"])
def test_ubl_rule_sets_report_a_bare_invoice_as_fatal(rule_sets: RuleSets, rule_set: str) -> None:
    assert rule_sets.fatal(UBL_EMPTY, rule_set)


@pytest.mark.parametrize("rule_set", ["en16931-cii", "peppol-cii", "xrechnung-cii"])
def test_cii_rule_sets_report_a_bare_invoice_as_fatal(rule_sets: RuleSets, rule_set: str) -> None:
    assert rule_sets.fatal(CII_EMPTY, rule_set)


def test_every_rule_set_is_listed() -> None:
    assert len(RULE_SETS) == 6


def test_control_characters_never_reach_a_file() -> None:
    from asiento.documents.einvoice.xmlbits import xml_text

    assert xml_text("Acme\x07 GmbH\tBerlin € 😀") == "Acme GmbH\tBerlin € 😀"
