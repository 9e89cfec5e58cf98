"""Code lists e-invoices use for what the product stores: VAT categories, VATEX, units, EAS.

A tax carries its UNCL5305 category (``VAT_CATEGORIES``) and, when exempt, a VATEX reason code;
a product its UN/ECE Recommendation 20 unit; the company and each partner an electronic address
with its EAS scheme (BT-34/BT-49). ``category_for`` is the one rule that derives a category from
what a tax already says (its legal mention and rate): chart templates, new taxes without a
category, and the migration of existing taxes all use it.

Invariants: every check returns the normalised value or raises ``InvalidInput`` naming its field;
``category_for`` always returns a member of ``VAT_CATEGORIES``.
"""

from __future__ import annotations

import re
from decimal import Decimal
from typing import Literal

from asiento.domain.einvoice.model import VAT_CATEGORIES
from asiento.domain.errors import InvalidInput

EInvoiceFormat = Literal["none", "facturx", "xrechnung-cii", "xrechnung-ubl", "ubl"]
EINVOICE_FORMATS: tuple[str, ...] = ("none", "facturx", "xrechnung-cii", "xrechnung-ubl", "ubl")
"""What a partner gets by e-mail next to the PDF (``none``: the PDF only)."""

# Electronic Address Scheme (EAS) code list used by EN 16931 for BT-34/BT-49 (release 1.3.16).
_EAS_LIST = (
    "0002 0007 0009 0037 0060 0088 0096 0097 0106 0130 0135 0142 0147 0151 0154 0158 0170 "
    "0177 0183 0184 0188 0190 0191 0192 0193 0194 0195 0196 0198 0199 0200 0201 0202 0203 "
    "0204 0205 0208 0209 0210 0211 0212 0213 0215 0216 0217 0218 0219 0220 0221 0225 0230 "
    "0235 0240 0242 0244 0245 0246 0248 9910 9913 9914 9915 9918 9919 9920 9922 9923 9924 "
    "9925 9926 9927 9928 9929 9930 9931 9932 9933 9934 9935 9936 9937 9938 9939 9940 9941 "
    "9942 9943 9944 9945 9946 9947 9948 9949 9950 9951 9952 9953 9957 9959 AN AQ AS AU EM"
)
EAS_SCHEMES: frozenset[str] = frozenset(_EAS_LIST.split())

DEFAULT_UNIT_CODE = "C62"
"""UN/ECE Rec 20 "one": a unit of anything countable."""

_UNIT_CODE = re.compile(r"^[A-Z0-9]{2,3}$")
_VATEX = re.compile(r"^VATEX-[A-Z]{2}-[A-Z0-9-]{1,40}$")

_MENTION_CATEGORY = {
    "exempt": "E",
    "reverse_charge": "AE",
    "intra_community": "K",
    "export": "G",
}


def category_for(legal_mention: str | None, rate: Decimal) -> str:
    """The VAT category a tax most likely is, from its legal mention, else from its rate."""
    if legal_mention in _MENTION_CATEGORY:
        return _MENTION_CATEGORY[legal_mention]
    return "Z" if rate == 0 else "S"


def checked_vat_category(value: str | None, field: str = "vat_category") -> str | None:
    if value is None or not str(value).strip():
        return None
    code = str(value).strip().upper()
    if code not in VAT_CATEGORIES:
        raise InvalidInput(
            f"{field} must be one of {', '.join(VAT_CATEGORIES)} (UNCL5305)", field=field
        )
    return code


def checked_exemption_code(value: str | None, field: str = "exemption_reason_code") -> str | None:
    if value is None or not str(value).strip():
        return None
    code = str(value).strip().upper()
    if not _VATEX.match(code):
        raise InvalidInput(f"{field} must be a VATEX code such as VATEX-EU-132", field=field)
    return code


def checked_unit_code(value: str | None, field: str = "unit_code") -> str:
    code = str(value or "").strip().upper()
    if not _UNIT_CODE.match(code):
        raise InvalidInput(
            f"{field} must be a UN/ECE Recommendation 20 code such as C62, HUR or KGM", field=field
        )
    return code


def checked_scheme(value: str | None, field: str = "electronic_address_scheme") -> str | None:
    if value is None or not str(value).strip():
        return None
    code = str(value).strip().upper()
    if code not in EAS_SCHEMES:
        raise InvalidInput(
            f"{field} must be an EAS code such as 0088 (GLN), 9930 (DE VAT) or EM (e-mail)",
            field=field,
        )
    return code


def checked_format(value: str | None, field: str = "einvoice_format") -> str | None:
    if value is None or not str(value).strip():
        return None
    code = str(value).strip().lower()
    if code not in EINVOICE_FORMATS:
        raise InvalidInput(f"{field} must be one of {', '.join(EINVOICE_FORMATS)}", field=field)
    return code
