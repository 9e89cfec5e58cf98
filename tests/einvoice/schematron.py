"""Run the official Schematron rules (compiled XSLT 2, ``rules/``) over a file with saxonche.

Compiling a rule set takes seconds (the EN 16931 UBL stylesheet is 900 kB), so each is compiled
once per test session (``RuleSets`` held by a session fixture in ``conftest.py``). A failed assert
counts as fatal when its ``flag`` (or ``role``) says ``fatal`` or ``error``, or names no severity at
all: the ISO default is an error.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from lxml import etree

RULES = Path(__file__).parent / "rules"
SVRL = "{http://purl.oclc.org/dsdl/svrl}"

RULE_SETS = {
    "en16931-cii": "EN16931-CII-validation.xslt",
    "en16931-ubl": "EN16931-UBL-validation.xslt",
    "peppol-cii": "PEPPOL-EN16931-CII.xslt",
    "peppol-ubl": "PEPPOL-EN16931-UBL.xslt",
    "xrechnung-cii": "XRechnung-CII-validation.xslt",
    "xrechnung-ubl": "XRechnung-UBL-validation.xslt",
}


@dataclass(frozen=True)
class Finding:
    rule_id: str
    severity: str
    location: str
    text: str

    @property
    def fatal(self) -> bool:
        return self.severity in ("fatal", "error", "")


class RuleSets:
    """Compiled rule sets of one saxonche processor, compiled on first use."""

    def __init__(self) -> None:
        from saxonche import PySaxonProcessor

        self._processor: Any = PySaxonProcessor(license=False)
        self._xslt = self._processor.new_xslt30_processor()
        self._compiled: dict[str, Any] = {}

    def check(self, xml: bytes, rule_set: str) -> list[Finding]:
        """Every failed assert of ``rule_set`` on ``xml``."""
        if rule_set not in self._compiled:
            path = str(RULES / RULE_SETS[rule_set])
            self._compiled[rule_set] = self._xslt.compile_stylesheet(stylesheet_file=path)
        node = self._processor.parse_xml(xml_text=xml.decode("utf-8"))
        report = self._compiled[rule_set].transform_to_string(xdm_node=node)
        root = etree.fromstring(report.encode("utf-8"))
        return [
            Finding(
                rule_id=failed.get("id", ""),
                severity=(failed.get("flag") or failed.get("role") or "").lower(),
                location=failed.get("location", ""),
                text=" ".join("".join(failed.itertext()).split()),
            )
            for failed in root.iter(f"{SVRL}failed-assert")
        ]

    def fatal(self, xml: bytes, *rule_sets: str) -> list[Finding]:
        """The fatal findings of every named rule set (empty means the file passes)."""
        return [f for name in rule_sets for f in self.check(xml, name) if f.fatal]
