"""Electronic invoice files: the official schemas (package data), XSD checks, and the writers.

``schemas/`` holds the XML Schemas a produced or received file is checked against at run time
(UBL 2.1 Invoice and CreditNote, UN/CEFACT CII D16B); see ``schemas/README.md`` for where each
file comes from and under which licence.
"""

from asiento.documents.einvoice.xsd import SchemaError, Syntax, validate_xsd

__all__ = ["SchemaError", "Syntax", "validate_xsd"]
