"""The chart of accounts: its tree by code, and which changes posted data allows.

An account's place in the tree comes from its code: its parent is the account with
the longest code that is a proper prefix of it (``57`` is the parent of ``572`` and
of ``5720001``), as charts in Odoo and ERPNext read. No column stores it, so a new
account falls into place by its code alone.

Invariants:
    - the type of an account with journal items never changes: reports and the year
      closing classify its posted items by it;
    - the reconcile flag of an account with journal items never changes: matched and
      unmatched items would otherwise disagree with the flag;
    - an account is archived only when no setting (company accounts, journals, taxes)
      names it and its posted balance is zero, so that no posting lands on a hidden
      account and no balance vanishes from the lists.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from asiento.domain.errors import AccountInUse


@dataclass(frozen=True, slots=True)
class TreeNode:
    """One account's place: ``parent`` is a code or None for a root; ``depth`` 0 is a root."""

    code: str
    parent: str | None
    depth: int


def chart_tree(codes: Sequence[str]) -> list[TreeNode]:
    """The accounts ``codes`` in code order with their parent and depth.

    Sorting by code puts every prefix before the codes it starts, so a stack of the
    current ancestors finds each parent in one pass.
    """
    nodes: list[TreeNode] = []
    stack: list[TreeNode] = []
    for code in sorted(set(codes)):
        while stack and not (code.startswith(stack[-1].code) and code != stack[-1].code):
            stack.pop()
        parent = stack[-1] if stack else None
        node = TreeNode(code, parent.code if parent else None, parent.depth + 1 if parent else 0)
        nodes.append(node)
        stack.append(node)
    return nodes


@dataclass(frozen=True, slots=True)
class AccountState:
    """What a change may touch: the type, the reconcile flag, archived or not."""

    kind: str
    reconcilable: bool
    active: bool


@dataclass(frozen=True, slots=True)
class AccountUse:
    """What refers to an account: its journal items, posted balance and the settings
    naming it (``settings`` holds readable names such as ``journal BNK``)."""

    has_items: bool
    balance: Decimal
    currency: str
    settings: tuple[str, ...] = ()


def check_account_change(
    code: str, before: AccountState, after: AccountState, use: AccountUse
) -> None:
    """Refuse (``AccountInUse``, naming the reason in words) a change that would break
    posted data or a setting; any other change passes."""
    if use.has_items and after.kind != before.kind:
        raise AccountInUse(
            f"account {code} has journal items: its type cannot change from "
            f"{before.kind} to {after.kind}",
            field="kind",
        )
    if use.has_items and after.reconcilable != before.reconcilable:
        raise AccountInUse(
            f"account {code} has journal items: its reconcile flag cannot change",
            field="reconcilable",
        )
    if before.active and not after.active:
        _check_archive(code, use)


def _check_archive(code: str, use: AccountUse) -> None:
    if use.settings:
        raise AccountInUse(
            f"account {code} is used by {', '.join(use.settings)}: "
            "choose another account there before archiving it",
            field="active",
        )
    if use.balance != 0:
        raise AccountInUse(
            f"account {code} has an open balance of {use.balance} {use.currency}: "
            "it can be archived once the balance is zero",
            field="active",
        )
