"""One MT940 ``:61:`` (with its ``:86:``) as parsed by ``mt-940`` -> ``StatementLine``.

Sign and reversal: the ``:61:`` mark C or RD is money in (positive), D or RC
money out (negative). RC and RD are reversals (``reversal=True``): the mark
names the movement being reversed, the reversal moves money the other way.
The amount comes from the package's ``Amount`` as an exact ``Decimal`` (it is
built from the text, never a float); its sign is ours, from the mark.

Dates: ``date`` is the entry (booking) date when given, else the value date;
``value_date`` is the value date. The funds code (3rd letter of the currency)
is parsed by the package and not kept.

References: the part after ``//`` is the bank's reference and is the
``transaction_id`` (unless NONREF); without it, the end-to-end reference of
the ``:86:`` (``EREF``). The customer reference before ``//`` (or ``KREF``) is
the ``reference`` unless the ``:86:`` states a structured creditor reference
(NL ``/REMI/STRD/CUR/...``); ING's pointers ``EREF``/``PREF``/``MARF`` are not
references.

``:86:`` layouts understood:
    - German ``?NN`` sub-fields (parsed by the package with its IBAN
      processing on: ``?31`` is the counterparty IBAN, ``?32``/``?33`` the
      name, ``?20``-``?29`` the purpose with ``EREF+``/``SVWZ+`` keywords,
      ``?60``-``?63`` more purpose); Triodos writes ``>NN`` for ``?NN``;
    - Dutch ``/KEY/value`` (ING ``/CNTP/iban/bic/name/city/``, ``/REMI/``,
      ``/EREF/``; ABN AMRO, bunq and Mollie ``/IBAN/``, ``/NAME/``, ``/REMI/``);
    - Penta/solarisBank ``999KIND:purpose:name:account[:more]`` (the account
      is the last IBAN-shaped part, the name the part before it);
    - anything else is free text: the communication.
A foreign original amount is read from ``/OCMT/CCYamount/``.
"""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal
from typing import Any, NamedTuple

from asiento.importers.base import ImportFileError, StatementLine
from asiento.importers.identity import (
    counterparty_account,
    join_text,
    looks_like_iban,
    meaningful_reference,
)

_SLASH_KEYS = (
    "TRTP|IBAN|BIC|NAME|REMI|EREF|CNTP|MARF|CSID|PREF|RTRN|ORDP|BENM|ULTC|ULTD|ULTB|"
    "PURP|ISDT|ADDR|SUM|ACCW|OCMT|CHGS|EXCH|BUSP|TRCD"
)
_SLASH_KEY = re.compile(rf"/({_SLASH_KEYS})/")
_ORIGINAL = re.compile(r"/OCMT/([A-Z]{3})([0-9]+(?:,[0-9]*)?)/")
_PENTA = re.compile(r"999[A-Z_]+:(?P<body>.*)", re.DOTALL)
_POINTERS = frozenset({"EREF", "PREF", "MARF", "KREF", "MREF"})
_LINE_WIDTH = 65  # SWIFT x-lines: a full line was wrapped mid-word
_SUBFIELD = re.compile(r"\?([0-9]{2})")
_SUBFIELD_WIDTH = 27
_KEYWORD = re.compile(r"(EREF|KREF|MREF|CRED|DEBT|SVWZ|ABWA|ABWE|IBAN|BIC|COAM|OAMT)\+")


class Details(NamedTuple):
    """What an ``:86:`` says about the counterparty and the payment."""

    name: str | None = None
    account: str | None = None
    communication: str | None = None
    reference: str | None = None
    end_to_end: str | None = None
    on_behalf: str | None = None


def statement_line(data: dict[str, Any], location: str, raw_details: str = "") -> StatementLine:
    """The line for one transaction's data (``mt940.models.Transaction.data``).

    ``raw_details`` is the ``:86:`` as written, for what the package misreads
    (the purpose after ``EREF+`` when there is no ``SVWZ+``).

    Raises:
        ImportFileError: the amount is not a finite number, or the line has no
            date or no currency (it came before the opening balance).
    """
    magnitude = abs(data["amount"].amount)
    if not magnitude.is_finite():
        raise ImportFileError("amount is not a number", location=location)
    if data["amount"].currency is None:
        raise ImportFileError(
            "statement line before the opening balance (:60F:/:60M:): no currency",
            location=location,
        )
    mark = str(data.get("status") or "").upper()
    signed = -magnitude if mark in {"D", "RC"} else magnitude
    details = read_details(data, raw_details)
    iban, note = counterparty_account(details.account)
    code, customer_ref = _type_and_reference(data)
    original = _original(data, signed)
    booked, value_date = _dates(data, location)
    return StatementLine(
        date=booked,
        amount=signed,
        value_date=value_date,
        counterparty_name=details.name,
        counterparty_iban=iban,
        communication=join_text(details.communication, details.on_behalf, note),
        reference=details.reference or customer_ref,
        transaction_id=meaningful_reference(data.get("bank_reference")) or details.end_to_end,
        currency=data["amount"].currency,
        original_amount=original[0],
        original_currency=original[1],
        bank_code="/".join(filter(None, (code, data.get("transaction_code")))) or None,
        reversal=mark.startswith("R"),
    )


def _dates(data: dict[str, Any], location: str) -> tuple[dt.date, dt.date]:
    """(booking date, value date): the entry date when given, else the value date."""
    value_date = _plain(data.get("date"))
    if value_date is None:
        raise ImportFileError("statement line has no value date", location=location)
    return _plain(data.get("entry_date")) or value_date, value_date


def _plain(value: object) -> dt.date | None:
    """A plain ``datetime.date`` (the package returns its own subclass)."""
    if isinstance(value, dt.date):
        return dt.date(value.year, value.month, value.day)
    return None


def _type_and_reference(data: dict[str, Any]) -> tuple[str | None, str | None]:
    """The ``:61:`` transaction type and meaningful customer reference."""
    code = data.get("id")
    reference = str(data.get("customer_reference") or "").split("\n")[-1]
    if f"{code or ''}{reference}".upper() == "NONREF":
        return None, None  # "NONREF" without a type code read as type "NONR"
    reference = meaningful_reference(reference) or ""
    if reference.rstrip("+").upper() in _POINTERS:
        reference = ""
    return code or None, reference or None


def _original(data: dict[str, Any], signed: Decimal) -> tuple[Decimal | None, str | None]:
    """A ``/OCMT/`` original amount in another currency, signed like the line."""
    text = f"{data.get('extra_details') or ''}\n{data.get('transaction_details') or ''}"
    match = _ORIGINAL.search(text.replace("\n", ""))
    if match is None or match.group(1) == data["amount"].currency:
        return None, None
    value = Decimal(match.group(2).replace(",", "."))
    return (-value if signed < 0 else value), match.group(1)


def read_details(data: dict[str, Any], raw: str = "") -> Details:
    """Interpret the ``:86:`` of a transaction, whatever its layout."""
    if "transaction_code" in data:  # the package parsed ?NN sub-fields
        german = _german(data)
        if data.get("purpose") is None and "SVWZ+" not in raw and "EREF+" in raw:
            end_to_end, purpose = _eref_and_purpose(raw)
            communication = join_text(purpose) or german.communication
            return german._replace(end_to_end=end_to_end, communication=communication)
        return german
    details = data.get("transaction_details")
    if not isinstance(details, str) or not details.strip():
        return Details()
    raw = details
    joined = "".join(raw.split("\n")).strip()
    if _SLASH_KEY.match(joined):
        return _slash(joined)
    text = _free_text(raw) or ""
    penta = _PENTA.fullmatch(text)
    return _penta(penta.group("body")) if penta else Details(communication=text or None)


def _german(data: dict[str, Any]) -> Details:
    name = join_text(data.get("applicant_name"))
    deviating = join_text(data.get("deviate_applicant"))
    purpose = join_text(data.get("purpose"), data.get("additional_purpose"))
    return Details(
        name=name or deviating,
        account=data.get("applicant_iban"),
        communication=purpose or join_text(data.get("posting_text")),
        end_to_end=meaningful_reference(data.get("end_to_end_reference")),
        on_behalf=_on_behalf(name, deviating),
    )


def _eref_and_purpose(raw: str) -> tuple[str | None, str | None]:
    """(end-to-end reference, purpose) of German sub-fields with ``EREF+`` and no ``SVWZ+``.

    The package reads everything after ``EREF+`` as the reference. The
    reference is its own sub-field (continued in the next one only when it
    fills all 27 characters); the sub-fields after it without a keyword are
    the purpose.
    """
    parts = _SUBFIELD.split(raw)
    texts = [
        text
        for code, text in zip(parts[1::2], parts[2::2], strict=False)
        if 20 <= int(code) <= 29 or 60 <= int(code) <= 63
    ]
    start = next((n for n, text in enumerate(texts) if text.startswith("EREF+")), None)
    if start is None:
        return None, None
    reference, after = texts[start][5:], start + 1
    full = len(texts[start]) >= _SUBFIELD_WIDTH
    if full and after < len(texts) and not _KEYWORD.match(texts[after]):
        reference, after = reference + texts[after], after + 1
    purpose = [text for text in texts[after:] if not _KEYWORD.match(text)]
    return meaningful_reference(reference), join_text(*purpose)


def _slash(text: str) -> Details:
    """Dutch ``/KEY/value`` layout (ING, ABN AMRO, bunq, Mollie)."""
    values = _slash_values(text)
    cntp = values.get("CNTP", "").split("/")
    remittance, reference = _remittance(values.get("REMI", ""))
    name = values.get("NAME") or (cntp[2].strip() if len(cntp) > 2 else "")
    ultimate = (values.get("ULTD") or values.get("ULTC") or "").strip("/ ")
    return Details(
        name=name or None,
        account=values.get("IBAN") or cntp[0].strip() or None,
        communication=join_text(remittance, _after_original(values.get("OCMT"))),
        reference=reference,
        end_to_end=meaningful_reference(values.get("EREF")),
        on_behalf=_on_behalf(name, ultimate),
    )


def _slash_values(text: str) -> dict[str, str]:
    """The first value of each ``/KEY/``; a value ends where the next key starts."""
    matches = list(_SLASH_KEY.finditer(text))
    values: dict[str, str] = {}
    for match, following in zip(matches, [*matches[1:], None], strict=True):
        end = following.start() if following else len(text)
        value = text[match.end() : end]
        key = match.group(1)
        values.setdefault(key, value if key == "CNTP" else value.strip().rstrip("/").strip())
    return values


def _after_original(value: str | None) -> str | None:
    """Free text a bank wrote after ``/OCMT/CCYamount/`` (it is not part of the amount)."""
    if not value:
        return None
    match = re.match(r"[A-Z]{3}[0-9]+(?:,[0-9]*)?/?", value)
    rest = value[match.end() :] if match else value
    return join_text(rest.strip("/ "))


def _remittance(value: str) -> tuple[str | None, str | None]:
    """(communication, structured reference) of a ``/REMI/`` value."""
    if value.startswith("USTD/"):
        return join_text(value[5:].lstrip("/")), None
    if value.startswith("STRD/"):
        parts = [part for part in value.split("/") if part.strip()]
        return None, parts[-1].strip() if len(parts) > 1 else None
    return join_text(value), None


def _penta(body: str) -> Details:
    """``purpose:name:account[:more]``; plain text when no part is an account."""
    parts = body.split(":")
    accounts = [index for index, part in enumerate(parts) if looks_like_iban(part)]
    if not accounts or accounts[-1] < 1:
        return Details(communication=join_text(body))
    at = accounts[-1]
    purpose = ":".join(parts[: at - 1])
    return Details(
        name=join_text(parts[at - 1]),
        account=parts[at].strip(),
        communication=join_text(purpose, *parts[at + 1 :]),
    )


def _on_behalf(name: str | None, ultimate: str | None) -> str | None:
    if name and ultimate and ultimate != name:
        return f"[on behalf of {ultimate}]"
    return None


def _free_text(raw: str) -> str | None:
    """Unstructured ``:86:``: lines joined, a full 65-character line without a space."""
    parts: list[str] = []
    for line in raw.split("\n"):
        if parts and len(parts[-1]) < _LINE_WIDTH:
            parts.append(" ")
        parts.append(line)
    return join_text("".join(parts))
