"""Compile an ISO Schematron (queryBinding xslt2) into an XSLT 2.0 stylesheet that emits SVRL.

The EN 16931 project publishes its rules already compiled; OpenPeppol and KoSIT publish only the
``.sch`` sources. This is the subset of the ISO skeleton those rule sets use: ``ns``, ``let`` (schema,
pattern and rule level), ``pattern``/``rule``/``assert``/``report`` with ``flag``, ``name`` and
``value-of`` in messages, ``include``, ``phase`` (the default phase, else every pattern) and
XSLT functions written inline. As in the skeleton, a node is checked by the first rule of a pattern
whose context matches it (rules of one pattern get descending priorities).

Run as a script to regenerate the XSLTs under ``tests/einvoice/rules/``::

    python tests/einvoice/schematron_compile.py SOURCE.sch TARGET.xslt
"""

from __future__ import annotations

import sys
from pathlib import Path

from lxml import etree

SCH = "http://purl.oclc.org/dsdl/schematron"
XSL = "http://www.w3.org/1999/XSL/Transform"
SVRL = "http://purl.oclc.org/dsdl/svrl"


def _q(ns: str, name: str) -> str:
    return f"{{{ns}}}{name}"


def _resolve_includes(root: etree._Element, base: Path) -> None:
    for inc in root.iter(_q(SCH, "include")):
        included = etree.parse(str(base.parent / inc.get("href", ""))).getroot()
        parent = inc.getparent()
        assert parent is not None
        parent.replace(inc, included)


def _active_patterns(root: etree._Element) -> list[etree._Element]:
    patterns = list(root.iter(_q(SCH, "pattern")))
    phase_id = root.get("defaultPhase")
    if not phase_id:
        return patterns
    for phase in root.iter(_q(SCH, "phase")):
        if phase.get("id") == phase_id:
            wanted = {a.get("pattern") for a in phase.iter(_q(SCH, "active"))}
            return [p for p in patterns if p.get("id") in wanted]
    return patterns


def _variable(parent: etree._Element, let: etree._Element) -> None:
    var = etree.SubElement(parent, _q(XSL, "variable"), name=let.get("name", ""))
    var.set("select", let.get("value", ""))


def _message(target: etree._Element, check: etree._Element) -> None:
    """Copy the text of an assert/report, turning ``name``/``value-of`` into XSLT."""
    text = etree.SubElement(target, _q(SVRL, "text"))
    text.text = check.text
    for child in check:
        if child.tag == _q(SCH, "name"):
            node = etree.SubElement(
                text, _q(XSL, "value-of"), select=f"name({child.get('path', '.')})"
            )
        elif child.tag == _q(SCH, "value-of"):
            node = etree.SubElement(text, _q(XSL, "value-of"), select=child.get("select", ""))
        else:
            node = etree.SubElement(text, _q(XSL, "text"))
            node.text = "".join(child.itertext())
        node.tail = child.tail


def _check(template: etree._Element, check: etree._Element) -> None:
    is_assert = check.tag == _q(SCH, "assert")
    test = check.get("test", "")
    cond = etree.SubElement(template, _q(XSL, "if"), test=f"not({test})" if is_assert else test)
    out = etree.SubElement(cond, _q(SVRL, "failed-assert" if is_assert else "successful-report"))
    for attr in ("id", "flag", "role"):
        if check.get(attr):
            out.set(attr, check.get(attr, ""))
    out.set("test", test)
    loc = etree.SubElement(out, _q(XSL, "attribute"), name="location")
    etree.SubElement(loc, _q(XSL, "value-of"), select="path(.)")
    _message(out, check)


def _rule(sheet: etree._Element, rule: etree._Element, mode: str, priority: int) -> None:
    template = etree.SubElement(sheet, _q(XSL, "template"), match=rule.get("context", ""))
    template.set("mode", mode)
    template.set("priority", str(priority))
    for child in rule:
        if child.tag == _q(SCH, "let"):
            _variable(template, child)
    for child in rule:
        if child.tag in (_q(SCH, "assert"), _q(SCH, "report")):
            _check(template, child)
    etree.SubElement(template, _q(XSL, "apply-templates"), select="@*|*", mode=mode)


def _defaults(sheet: etree._Element, mode: str) -> None:
    template = etree.SubElement(sheet, _q(XSL, "template"), match="@*|node()", mode=mode)
    template.set("priority", "-2")
    etree.SubElement(template, _q(XSL, "apply-templates"), select="@*|*", mode=mode)


def compile_schematron(source: Path) -> etree._ElementTree:
    """Return the XSLT 2.0 stylesheet of ``source``."""
    root = etree.parse(str(source)).getroot()
    _resolve_includes(root, source)
    nsmap: dict[str | None, str] = {
        "xsl": XSL,
        "svrl": SVRL,
        "xs": "http://www.w3.org/2001/XMLSchema",
    }
    for ns in root.iter(_q(SCH, "ns")):
        nsmap[ns.get("prefix")] = ns.get("uri", "")
    for prefix, uri in root.nsmap.items():
        if prefix and uri not in (SCH,):
            nsmap.setdefault(prefix, uri)
    sheet = etree.Element(_q(XSL, "stylesheet"), nsmap=nsmap, version="2.0")
    etree.SubElement(sheet, _q(XSL, "output"), method="xml", indent="no")
    for child in root:
        if isinstance(child.tag, str) and child.tag.startswith(f"{{{XSL}}}"):
            sheet.append(child)
        elif child.tag == _q(SCH, "let"):
            _variable(sheet, child)
    patterns = _active_patterns(root)
    for pattern in patterns:
        for let in pattern.iterchildren(_q(SCH, "let")):
            _variable(sheet, let)
    main = etree.SubElement(sheet, _q(XSL, "template"), match="/")
    report = etree.SubElement(main, _q(SVRL, "schematron-output"))
    for index, pattern in enumerate(patterns):
        mode = f"p{index}"
        etree.SubElement(report, _q(XSL, "apply-templates"), select="/", mode=mode)
        rules = list(pattern.iterchildren(_q(SCH, "rule")))
        for order, rule in enumerate(rules):
            _rule(sheet, rule, mode, 1000 - order)
        _defaults(sheet, mode)
    return etree.ElementTree(sheet)


if __name__ == "__main__":
    compile_schematron(Path(sys.argv[1])).write(sys.argv[2], xml_declaration=True, encoding="UTF-8")
