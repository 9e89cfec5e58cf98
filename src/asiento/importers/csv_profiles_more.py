"""More built-in CSV profiles: German, Nordic and British banks' exports.

Layouts as the banks' online banking exports them (column names, separators,
date formats); each is tested with a small file of that layout in
``tests/data/csv_builtin_*.csv``.
"""

from __future__ import annotations

from asiento.importers.csv_profiles import CsvColumns, CsvProfile

SPARKASSE_DE = CsvProfile(
    "sparkasse_camt_de",
    CsvColumns(
        account=("Auftragskonto",), date=("Buchungstag",), value_date=("Valutadatum",),
        bank_code=("Buchungstext",), communication=("Verwendungszweck",),
        reference=("Kundenreferenz (End-to-End)",),
        counterparty_name=("Beguenstigter/Zahlungspflichtiger",),
        counterparty_iban=("Kontonummer/IBAN",), amount=("Betrag",), currency=("Waehrung",),
    ),
    delimiter=";", encoding="cp1252", date_formats=("%d.%m.%y", "%d.%m.%Y"),
    decimal_separator=",", thousands_separator=".", currency="EUR",
    header_signature=("Glaeubiger ID", "Mandatsreferenz"),
)  # fmt: skip

DANSKE_DK = CsvProfile(
    "danske_dk",
    CsvColumns(date=("Dato",), communication=("Tekst",), amount=("Beløb",), balance=("Saldo",),
               record_type=("Status",)),
    delimiter=";", encoding="cp1252", date_formats=("%d.%m.%Y",), decimal_separator=",",
    thousands_separator=".", currency="DKK", header_signature=("Afstemt",),
    record_types=(("Udført", "line"), ("Venter", "skip")),
)  # fmt: skip

NORDEA_SE = CsvProfile(
    "nordea_se",
    CsvColumns(date=("Bokföringsdag",), amount=("Belopp",), counterparty_name=("Namn",),
               communication=("Rubrik",), balance=("Saldo",), currency=("Valuta",)),
    delimiter=";", date_formats=("%Y-%m-%d", "%Y/%m/%d"), decimal_separator=",",
    thousands_separator=" ", currency="SEK", header_signature=("Avsändare", "Mottagare"),
)  # fmt: skip

BARCLAYS_UK = CsvProfile(
    "barclays_uk",
    CsvColumns(date=("Date",), account=("Account",), amount=("Amount",),
               bank_code=("Subcategory",), communication=("Memo",), reference=("Number",)),
    date_formats=("%d/%m/%Y",), currency="GBP", header_signature=("Subcategory", "Memo"),
)  # fmt: skip

MONZO_UK = CsvProfile(
    "monzo_uk",
    CsvColumns(transaction_id=("Transaction ID",), date=("Date",), bank_code=("Type",),
               counterparty_name=("Name",), amount=("Amount",), currency=("Currency",),
               communication=("Notes and #tags", "Description")),
    date_formats=("%d/%m/%Y",), currency="GBP", header_signature=("Emoji", "Category"),
)  # fmt: skip

MORE_PROFILES = (SPARKASSE_DE, DANSKE_DK, NORDEA_SE, BARCLAYS_UK, MONZO_UK)
