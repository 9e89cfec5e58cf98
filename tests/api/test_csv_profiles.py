"""API and CLI: CSV profiles of a journal: save, list, preview against a file, delete (issue 17)."""

from __future__ import annotations

import json

from fastapi.testclient import TestClient

from asiento.services.demo.seed import SeededCompany
from asiento.store.uow import UnitOfWork

CSV = (
    "Export of account 1234\n"
    "Buchung;Betrag Soll;Betrag Haben;Empfänger;Verwendungszweck\n"
    "02.03.2026;1.250,00;;Müller GmbH;Miete März\n"
    "05.03.2026;;99,90;Kunde AG;RE 2026-7\n"
).encode("cp1252")
DEFINITION = {
    "columns": {
        "date": ["Buchung"],
        "debit": ["Betrag Soll"],
        "credit": ["Betrag Haben"],
        "counterparty_name": ["Empfänger"],
        "communication": ["Verwendungszweck"],
    },
    "delimiter": ";",
    "encoding": "cp1252",
    "date_formats": ["%d.%m.%Y"],
    "decimal_separator": ",",
    "thousands_separator": ".",
    "skip_rows": 1,
    "currency": "EUR",
}


def test_a_profile_is_previewed_saved_listed_used_and_deleted(
    api: TestClient, uow: UnitOfWork, company: SeededCompany
) -> None:
    jid = company.journals["BNK1"]
    base = f"/api/v1/journals/{jid}/csv-profiles"
    files = {"file": ("export.csv", CSV, "text/csv")}
    shown = api.post(f"{base}/preview", files=files, data={"profile": json.dumps(
        {**DEFINITION, "name": "draft"})})  # fmt: skip
    assert shown.status_code == 200, shown.text
    body = shown.json()
    assert (body["total_lines"], [line["amount"] for line in body["lines"]]) == (
        2,
        ["-1250.00", "99.90"],
    )
    assert body["lines"][0]["counterparty_name"] == "Müller GmbH"
    saved = api.put(f"{base}/bank-de", json=DEFINITION)
    assert saved.status_code == 200, saved.text
    listed = api.get(base).json()
    assert [p["name"] for p in listed["saved"]] == ["bank-de"] and len(listed["builtin"]) >= 12
    by_name = api.post(f"{base}/preview", files=files, data={"profile": "bank-de", "rows": "1"})
    assert [line["communication"] for line in by_name.json()["lines"]] == ["Miete März"]
    wrong = api.post(f"{base}/preview", files=files, data={"profile": json.dumps(
        {**DEFINITION, "name": "x", "date_formats": ["%Y-%m-%d"]})})  # fmt: skip
    assert wrong.status_code == 422 and "line" in wrong.json()["detail"]
    assert api.delete(f"{base}/bank-de").status_code == 204
    assert api.delete(f"{base}/bank-de").status_code == 422  # NotFound with a field
