from pathlib import Path
from asiento.services.invoicing.einvoice_build import build_einvoice
from asiento.documents.einvoice.cii import write_cii
from asiento.documents.einvoice.ubl import write_ubl
from asiento.documents.einvoice import validate_xsd
from tests.einvoice.scenario import ready_company, german_buyer, several_rates, credit_note_of


def test_dump(uow, company, rule_sets):
    ready_company(uow, company)
    inv = several_rates(uow, company, german_buyer(uow, company))
    cn = credit_note_of(uow, company, inv.id)
    for i in (inv.id, cn.id):
        with uow:
            doc = build_einvoice(uow.session, company.id, i)
        xml = write_ubl(doc, "xrechnung")
        Path(f"/tmp/einv-sch/out{i}.xml").write_bytes(xml)
        print(validate_xsd(xml, "ubl-invoice" if doc.kind == "invoice" else "ubl-credit-note"))
        for rs in ("en16931-ubl", "xrechnung-ubl", "peppol-ubl"):
            print(rs, [(f.rule_id, f.severity, f.text[:150]) for f in rule_sets.check(xml, rs)])
    assert 0
