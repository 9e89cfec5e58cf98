"""The chart's tree by code and the rule of which account changes posted data allows."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from asiento.domain.chart import AccountState, AccountUse, chart_tree, check_account_change
from asiento.domain.errors import AccountInUse

codes = st.lists(st.text(alphabet="0123", min_size=1, max_size=5), max_size=40)


@given(codes)
def test_every_parent_is_the_longest_proper_prefix_among_the_codes(all_codes: list[str]) -> None:
    nodes = chart_tree(all_codes)
    assert [n.code for n in nodes] == sorted(set(all_codes))
    depth = {n.code: n.depth for n in nodes}
    for n in nodes:
        prefixes = [c for c in depth if c != n.code and n.code.startswith(c)]
        assert n.parent == (max(prefixes, key=len) if prefixes else None)
        assert n.depth == (depth[n.parent] + 1 if n.parent else 0)


def test_a_small_chart_nests_by_code() -> None:
    tree = {n.code: (n.parent, n.depth) for n in chart_tree(["4000", "4", "41", "4100", "5"])}
    assert tree == {
        "4": (None, 0), "4000": ("4", 1), "41": ("4", 1), "4100": ("41", 2), "5": (None, 0),
    }  # fmt: skip


EXPENSE = AccountState("expense", False, True)
USED = AccountUse(has_items=True, balance=Decimal("100.00"), currency="EUR")
UNUSED = AccountUse(has_items=False, balance=Decimal(0), currency="EUR")


@pytest.mark.parametrize(
    ("after", "use", "message"),
    [
        (AccountState("equity", False, True), USED,
         "account 6300 has journal items: its type cannot change from expense to equity"),
        (AccountState("expense", True, True), USED,
         "account 6300 has journal items: its reconcile flag cannot change"),
        (AccountState("expense", False, False), USED,
         "account 6300 has an open balance of 100.00 EUR: it can be archived once the balance "
         "is zero"),
        (AccountState("expense", False, False), AccountUse(False, Decimal(0), "EUR", ("tax X",)),
         "account 6300 is used by tax X: choose another account there before archiving it"),
    ],
)  # fmt: skip
def test_changes_that_break_posted_data_are_refused_in_words(
    after: AccountState, use: AccountUse, message: str
) -> None:
    with pytest.raises(AccountInUse) as refused:
        check_account_change("6300", EXPENSE, after, use)
    assert refused.value.message == message
    assert refused.value.status == 409


def test_changes_without_items_or_balance_pass() -> None:
    check_account_change("6300", EXPENSE, AccountState("equity", True, False), UNUSED)
    paid_off = AccountUse(has_items=True, balance=Decimal(0), currency="EUR")
    check_account_change("6300", EXPENSE, AccountState("expense", False, False), paid_off)
    check_account_change("6300", AccountState("expense", False, False), EXPENSE, USED)
