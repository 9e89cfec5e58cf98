"""Built-in CSV profiles: each bank layout read from a small file of that layout (issue 17)."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from asiento.importers import csv as csv_importer
from asiento.importers.csv_profiles import BUILTIN_PROFILES

DATA = Path(__file__).resolve().parents[1] / "data"
D = Decimal

# profile -> (the amounts of its lines, the statement currency)
EXPECTED = {
    "sparkasse_camt_de": ({D("1234.50"), D("-89.90")}, "EUR"),
    "danske_dk": ({D("-8500.00"), D("25000.50")}, "DKK"),  # the pending row is skipped
    "nordea_se": ({D("-1250.00"), D("450.75")}, "SEK"),
    "barclays_uk": ({D("-45.20"), D("1500.00")}, "GBP"),
    "monzo_uk": ({D("-4.50"), D("25.00")}, "GBP"),
    "ing_nl": ({D("-12.40"), D("1000.00")}, "EUR"),
    "ing_es": ({D("-23.45"), D("1500.00")}, "EUR"),
    "chase_style_us": ({D("-4.75"), D("2000.00")}, "USD"),
    "capitalone_card_us": ({D("-56.10"), D("56.10")}, "USD"),
    "schwab_checking_us": ({D("-80.00"), D("1020.00")}, "USD"),
    "zkb_de": ({D("2500.00"), D("-1100.00")}, "CHF"),
    "postfinance_en_chf": ({D("-45.60"), D("5000.00")}, "CHF"),
}


def test_there_are_at_least_a_dozen_built_in_profiles_each_with_a_file() -> None:
    assert len(EXPECTED) >= 12 and set(EXPECTED) <= set(BUILTIN_PROFILES)


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_a_built_in_profile_reads_its_banks_layout_and_is_detected(name: str) -> None:
    content = (DATA / f"csv_builtin_{name}.csv").read_bytes()
    assert csv_importer.detect_profile(content) == BUILTIN_PROFILES[name]
    statements = csv_importer.parse(content, BUILTIN_PROFILES[name])
    amounts, currency = EXPECTED[name]
    lines = [line for st in statements for line in st.lines]
    assert {line.amount for line in lines} == amounts and len(lines) == len(amounts)
    assert {st.currency for st in statements} == {currency}
