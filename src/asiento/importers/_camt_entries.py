"""CAMT.053 entries (``Ntry``) and their transaction details (``TxDtls``) -> lines.

Rules (each one a decision a bank file can test):

Sign: the amount is positive when ``CdtDbtInd`` is CRDT (money in) and
negative when DBIT, *whatever* ``RvslInd`` says. ISO 20022 defines the
indicator of a reversal entry as the direction of the reversal booking itself
(a returned direct debit is a CRDT), so this sign is what moved the balance.

Reversal: ``RvslInd`` true sets ``reversal`` and flips the *roles*: the
related parties of a reversal are those of the original payment, so the
counterparty of a CRDT reversal is the original creditor (``Cdtr``), and of a
DBIT reversal the original debtor (``Dbtr``). Otherwise a credit's
counterparty is the ``Dbtr`` (then ``UltmtDbtr``), a debit's the ``Cdtr``.

Batches: an entry with several ``TxDtls`` becomes one line per ``TxDtls`` when
every one states its own amount in the entry currency (``TxDtls/Amt`` or
``AmtDtls/TxAmt``) and those signed amounts add up to the entry; otherwise
the entry stays one line (the balance must stay right), carrying the
counterparty and reference only when all details agree, and the distinct
remittance texts.

Ids: the bank's ``AcctSvcrRef`` of the entry, suffixed ``/n`` (1-based) for
the n-th line of a split batch; without it the detail's ``AcctSvcrRef``,
``TxId``, then ``EndToEndId`` (NOTPROVIDED ignored); a batch kept as one line
without ``AcctSvcrRef`` uses the batch's ``PmtInfId``.

Status: entries whose ``Sts`` is PDNG, INFO or FUTR are not booked and are
skipped; BOOK, no status or any other status is imported.

Currency: an entry whose ``Amt@Ccy`` is not the account's is booked at its
amount in the account currency, read from the amount details (entry's, else
every detail's: ``CntrValAmt``, ``TxAmt``, ``InstdAmt``, the first in the
account currency); its own amount and currency are kept as the line's
original. Without an account-currency amount the entry is refused (10 USD is
never 10 EUR).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, replace
from decimal import Decimal

from asiento.importers._camt_values import (
    amount,
    boolean,
    date_choice,
    direction,
    optional_direction,
)
from asiento.importers._xml import (
    Element,
    Scope,
    find,
    location,
    parts,
    required,
    scope,
    text,
    texts,
)
from asiento.importers.base import ImportFileError, StatementLine
from asiento.importers.identity import counterparty_account, join_text, meaningful_reference

_NOT_BOOKED = frozenset({"PDNG", "INFO", "FUTR"})
_BOOKED_AMOUNTS = ("AmtDtls/CntrValAmt/Amt", "AmtDtls/TxAmt/Amt", "AmtDtls/InstdAmt/Amt")
_ORIGINAL_AMOUNTS = ("AmtDtls/InstdAmt/Amt", "AmtDtls/TxAmt/Amt", "Amt")
_OWN_AMOUNTS = ("Amt", "AmtDtls/TxAmt/Amt")
_DETAILS = frozenset({"NtryDtls/TxDtls"})
_TX_IDS = ("Refs/AcctSvcrRef", "Refs/TxId", "Refs/EndToEndId")


@dataclass(slots=True)
class _Entry:
    """What every line of one ``Ntry`` shares (read once, never changed: ``replace`` makes
    the account-currency copy; not frozen, as a frozen dataclass's ``__init__`` sets each
    field through ``object.__setattr__``, a tenth of reading an entry)."""

    element: Scope
    amount: Decimal
    money_in: bool
    currency: str
    date: dt.date
    value_date: dt.date | None
    reversal: bool
    bank_ref: str | None
    bank_code: str | None
    info: str | None
    original: tuple[Decimal, str] | None = None


@dataclass(slots=True)
class _Party:
    """A line's counterparty (never changed; not frozen, see ``_Entry``)."""

    name: str | None = None
    account: str | None = None
    on_behalf: str | None = None


def entry_lines(element: Element, account_currency: str | None = None) -> list[StatementLine]:
    """The statement lines of one ``Ntry`` (none when it is not booked).

    Raises:
        ImportFileError: an invalid element, or an entry in another currency
            than ``account_currency`` without an amount in the account currency.
    """
    ntry = scope(element, _DETAILS)  # one walk; every path below is then a look-up
    if _status(ntry) in _NOT_BOOKED:
        return []
    entry = _read_entry(ntry)
    details = parts(ntry, "NtryDtls/TxDtls")
    if account_currency and entry.currency != account_currency:
        entry = _in_account_currency(entry, details, account_currency)
    if len(details) <= 1:
        detail = details[0] if details else None
        return [_line(entry, detail, (entry.amount, entry.money_in), entry.bank_ref)]
    amounts = [_own_amount(detail, entry) for detail in details]
    known = [value for value in amounts if value is not None]
    if len(known) == len(details) and sum(value for value, _ in known) == entry.amount:
        return [
            _line(
                entry,
                detail,
                value,
                f"{entry.bank_ref}/{index}" if entry.bank_ref else None,
                whole=False,
            )
            for index, (detail, value) in enumerate(zip(details, known, strict=True), start=1)
        ]
    return [_batch_line(entry, details)]


def _in_account_currency(entry: _Entry, details: Sequence[Scope], account: str) -> _Entry:
    """``entry`` booked at its amount in the ``account`` currency (see the module rules)."""
    booked = _booked_amount(entry.element, account)
    if booked is None and details:
        parts = [_booked_amount(detail, account) for detail in details]
        known = [part for part in parts if part is not None]
        booked = sum(known, Decimal(0)) if len(known) == len(parts) else None
    if booked is None:
        raise ImportFileError(
            f"entry amount is in {entry.currency}, the account in {account}, and the file "
            f"gives no amount in {account} (AmtDtls/CntrValAmt, TxAmt or InstdAmt)",
            location=location(entry.element, "Amt"),
        )
    signed = booked if entry.money_in else -booked
    return replace(entry, amount=signed, currency=account, original=(entry.amount, entry.currency))


def _booked_amount(node: Scope, account: str) -> Decimal | None:
    for path in _BOOKED_AMOUNTS:
        found = find(node, path)
        if found is not None:
            value, ccy = amount(found)
            if ccy == account:
                return value
    return None


def _status(ntry: Scope) -> str | None:
    return text(ntry, "Sts/Cd") or text(ntry, "Sts/Prtry") or text(ntry, "Sts")


def _read_entry(ntry: Scope) -> _Entry:
    value, ccy = amount(required(ntry, "Amt"))
    sign = direction(ntry)
    value_day = date_choice(ntry, "ValDt")
    day = date_choice(ntry, "BookgDt") or value_day
    if day is None:
        raise ImportFileError("entry has neither BookgDt nor ValDt", location=location(ntry))
    return _Entry(
        element=ntry,
        amount=value if sign > 0 else -value,  # negation never yields -0.00
        money_in=sign > 0,
        currency=ccy,
        date=day,
        value_date=value_day,
        reversal=boolean(ntry, "RvslInd"),
        bank_ref=meaningful_reference(text(ntry, "AcctSvcrRef")),
        bank_code=_bank_code(ntry),
        info=join_text(*texts(ntry, "AddtlNtryInf")),
    )


def _line(
    entry: _Entry,
    detail: Scope | None,
    movement: tuple[Decimal, bool],
    txid: str | None,
    *,
    whole: bool = True,
) -> StatementLine:
    """One line for ``detail`` (or for the bare entry when None).

    Args:
        entry: the entry the line belongs to.
        detail: its ``TxDtls``, if any.
        movement: the signed amount of the line and whether it is money in.
        txid: the id the bank gave (entry reference), if any.
        whole: the line is the whole entry (not one part of a split batch),
            so the entry's own foreign amount is the line's original.
    """
    signed, money_in = movement
    source = detail if detail is not None else entry.element
    party = _party(detail, original_credit=money_in != entry.reversal)
    iban, note = counterparty_account(party.account)
    stated = entry.original if whole else None
    original_amount, original_currency = stated or _original(source, entry, signed)
    return StatementLine(
        date=entry.date,
        amount=signed,
        value_date=entry.value_date,
        counterparty_name=party.name,
        counterparty_iban=iban,
        communication=join_text(_remittance(detail) or entry.info, party.on_behalf, note),
        reference=_reference(detail),
        transaction_id=txid or _detail_id(detail),
        currency=entry.currency,
        original_amount=original_amount,
        original_currency=original_currency,
        bank_code=_bank_code(source) or entry.bank_code,
        reversal=entry.reversal,
    )


def _batch_line(entry: _Entry, details: Sequence[Scope]) -> StatementLine:
    """The whole entry as one line, keeping what all its details agree on."""
    original_credit = entry.money_in != entry.reversal
    parties = [_party(detail, original_credit=original_credit) for detail in details]
    names = {party.name for party in parties}
    accounts = {party.account for party in parties}
    iban, note = counterparty_account(accounts.pop() if len(accounts) == 1 else None)
    remittances = dict.fromkeys(filter(None, (_remittance(detail) for detail in details)))
    references = {_reference(detail) for detail in details}
    batch = f"[batch of {len(details)} transactions]"
    if len(names) > 1:  # the counterparties are not lost when they differ
        listed = "; ".join(dict.fromkeys(filter(None, (party.name for party in parties))))
        batch = f"[batch of {len(details)} transactions: {listed}]" if listed else batch
    return StatementLine(
        date=entry.date,
        amount=entry.amount,
        value_date=entry.value_date,
        counterparty_name=names.pop() if len(names) == 1 else None,
        counterparty_iban=iban,
        communication=join_text(entry.info, "; ".join(remittances), batch, note),
        reference=references.pop() if len(references) == 1 else None,
        transaction_id=entry.bank_ref or text(entry.element, "NtryDtls/Btch/PmtInfId"),
        currency=entry.currency,
        original_amount=entry.original[0] if entry.original else None,
        original_currency=entry.original[1] if entry.original else None,
        bank_code=entry.bank_code,
        reversal=entry.reversal,
    )


def _own_amount(detail: Scope, entry: _Entry) -> tuple[Decimal, bool] | None:
    """The signed amount of one detail in the entry currency, and its direction.

    A detail's own ``CdtDbtInd`` (v04+) wins over the entry's, so a batch that
    nets credits and debits still splits correctly.
    """
    for path in _OWN_AMOUNTS:
        node = find(detail, path)
        if node is None:
            continue
        value, ccy = amount(node)
        if ccy == entry.currency:
            sign = optional_direction(detail) or (1 if entry.money_in else -1)
            return (value if sign > 0 else -value), sign > 0
    return None


def _party(detail: Scope | None, *, original_credit: bool) -> _Party:
    """The counterparty: the debtor of an original credit, else the creditor."""
    if detail is None or find(detail, "RltdPties") is None:  # then no path below it either
        return _Party()
    names, ultimates, accounts = _ROLE_PATHS[original_credit]
    name = _first_text(detail, names)
    ultimate = _first_text(detail, ultimates)
    account = _first_text(detail, accounts)
    on_behalf = f"[on behalf of {ultimate}]" if name and ultimate and ultimate != name else None
    return _Party(name or ultimate, account, on_behalf)


def _role_paths(role: str) -> tuple[tuple[str, ...], tuple[str, ...], tuple[str, ...]]:
    """The paths of a role's name, its ultimate party's name and its account, in the order
    they are tried (v02-v07 put ``Nm`` directly under the party, v08+ under ``Pty``)."""
    party, ultimate = f"RltdPties/{role}", f"RltdPties/Ultmt{role}"
    return (
        (f"{party}/Nm", f"{party}/Pty/Nm"),
        (f"{ultimate}/Nm", f"{ultimate}/Pty/Nm"),
        (f"RltdPties/{role}Acct/Id/IBAN", f"RltdPties/{role}Acct/Id/Othr/Id"),
    )


_ROLE_PATHS = {True: _role_paths("Dbtr"), False: _role_paths("Cdtr")}
"""By ``original_credit``: the debtor's paths for an original credit, else the creditor's
(built once: an f-string per path and entry was a tenth of reading a party)."""


def _first_text(node: Scope, paths: tuple[str, ...]) -> str | None:
    """The first non-blank text among ``paths``, tried in order."""
    for path in paths:
        found = text(node, path)
        if found:
            return found
    return None


def _remittance(detail: Scope | None) -> str | None:
    if detail is None:
        return None
    if find(detail, "RmtInf") is None:  # then nothing below it either
        return join_text(*texts(detail, "AddtlTxInf"))
    unstructured = " ".join(texts(detail, "RmtInf/Ustrd"))
    additional = (
        texts(detail, "RmtInf/Strd/AddtlRmtInf") if find(detail, "RmtInf/Strd") is not None else []
    )
    return join_text(unstructured, *additional) or join_text(*texts(detail, "AddtlTxInf"))


def _reference(detail: Scope | None) -> str | None:
    if detail is None or find(detail, "RmtInf/Strd") is None:  # then nothing below it either
        return None
    return text(detail, "RmtInf/Strd/CdtrRefInf/Ref") or text(detail, "RmtInf/Strd/RfrdDocInf/Nb")


def _detail_id(detail: Scope | None) -> str | None:
    if detail is None:
        return None
    for path in _TX_IDS:
        value = meaningful_reference(text(detail, path))
        if value:
            return value
    return None


def _bank_code(node: Scope) -> str | None:
    if find(node, "BkTxCd") is None:  # then no path below it either (most entries of a file)
        return None
    domain = [text(node, "BkTxCd/Domn/Cd"), text(node, "BkTxCd/Domn/Fmly/Cd")]
    domain.append(text(node, "BkTxCd/Domn/Fmly/SubFmlyCd"))
    return "/".join(part for part in domain if part) or text(node, "BkTxCd/Prtry/Cd")


def _original(source: Scope, entry: _Entry, signed: Decimal) -> tuple[Decimal | None, str | None]:
    """``original_amount``/``original_currency`` when a foreign amount is stated.

    The first of InstdAmt, TxAmt, Amt whose currency differs from the entry's
    (and is not zero) is the original; it carries the sign of the line.
    """
    stated = find(source, "AmtDtls") is not None  # else only ``Amt`` can be there
    for path in _ORIGINAL_AMOUNTS if stated else _ORIGINAL_AMOUNTS[-1:]:
        node = find(source, path)
        if node is None or (source is entry.element and path == "Amt"):
            continue
        value, ccy = amount(node)
        if ccy != entry.currency and value != 0:
            return (-value if signed < 0 else value), ccy
    return None, None
