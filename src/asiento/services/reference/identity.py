"""Checks of identity fields shared by the company and its partners.

VAT numbers go through python-stdnum (``normal_tax_id``), IBANs and BICs through
schwifty, a logo through Pillow (it must open as a PNG, JPEG, GIF or WebP
image of at most ``LOGO_MAX_BYTES``). Each check returns the stored form or
raises ``InvalidInput`` naming the field, before anything is written.

Invariants:
    - A stored language is one of ``LANGUAGES``.
    - A stored logo is an image Pillow opens, of an allowed type, no larger
      than ``LOGO_MAX_BYTES``; its MIME type is stored beside it.
"""

from __future__ import annotations

import io
import re
from typing import Any, Final

from asiento.domain.errors import InvalidInput

LANGUAGES: Final = ("en", "es", "zh")
LOGO_MAX_BYTES: Final = 512 * 1024
LOGO_TYPES: Final = {
    "PNG": "image/png",
    "JPEG": "image/jpeg",
    "GIF": "image/gif",
    "WEBP": "image/webp",
}
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
_PHONE = re.compile(r"^\+?[0-9 ()./-]{5,30}$")


def normal_tax_id(tax_id: str, country: str | None, field: str = "tax_id") -> str:
    """The compact, validated form of a VAT number; refuses one that fails its check digits.

    Uses the EU VAT scheme when the number starts with a member-state prefix,
    else the country's VAT scheme when python-stdnum has one (``cn`` checks a
    unified social credit code, ``ch`` a UID); otherwise the number is kept
    as given (no scheme to check against).
    """
    from stdnum import get_cc_module
    from stdnum.eu import vat as eu_vat
    from stdnum.exceptions import ValidationError

    raw = tax_id.strip().upper().replace(" ", "")
    module: Any = None
    if (raw[:2].isalpha() and raw[:2].lower() in eu_vat.MEMBER_STATES) or raw[:2] == "EL":
        module = eu_vat
    elif country:
        module = get_cc_module(country.lower(), "vat") or get_cc_module(country.lower(), "uscc")
    if module is None:
        return tax_id.strip()
    try:
        return str(module.compact(raw)) if module.validate(raw) else raw
    except ValidationError as exc:
        raise InvalidInput(f"tax id {tax_id!r} is not valid: {exc}", field=field) from None


def normal_email(value: str | None, field: str) -> str | None:
    text = (value or "").strip()
    if text and not _EMAIL.match(text):
        raise InvalidInput(f"{field} {text!r} is not an address", field=field)
    return text or None


def normal_phone(value: str | None, field: str = "phone") -> str | None:
    text = (value or "").strip()
    if text and not _PHONE.match(text):
        raise InvalidInput(f"phone {text!r}: digits, spaces and + ( ) . - only", field=field)
    return text or None


def normal_website(value: str | None, field: str = "website") -> str | None:
    """``example.com`` becomes ``https://example.com``; other schemes are refused."""
    text = (value or "").strip()
    if not text:
        return None
    if "://" not in text:
        text = "https://" + text
    if not re.match(r"^https?://[^\s/]+\.[^\s]+$", text):
        raise InvalidInput(f"website {value!r} is not a web address", field=field)
    return text


def normal_country(value: str | None, field: str = "country") -> str | None:
    text = (value or "").strip().upper()
    if text and (len(text) != 2 or not text.isalpha()):
        raise InvalidInput(f"{field} must be a two-letter ISO code", field=field)
    return text or None


def normal_language(value: str | None, field: str = "language") -> str | None:
    text = (value or "").strip().lower()
    if text and text not in LANGUAGES:
        raise InvalidInput(f"language {value!r} is not one of {', '.join(LANGUAGES)}", field=field)
    return text or None


def checked_logo(content: bytes) -> str:
    """The MIME type of an acceptable logo; refuses other files and oversized ones."""
    from PIL import Image, UnidentifiedImageError

    if len(content) > LOGO_MAX_BYTES:
        raise InvalidInput(
            f"logo is {len(content)} bytes: at most {LOGO_MAX_BYTES} are accepted", field="logo"
        )
    try:
        with Image.open(io.BytesIO(content)) as image:
            image.verify()
            kind = image.format or ""
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError):
        raise InvalidInput("logo is not a readable image", field="logo") from None
    if kind not in LOGO_TYPES:
        raise InvalidInput(
            f"logo is a {kind or 'unknown'} image: PNG, JPEG, GIF or WebP only", field="logo"
        )
    return LOGO_TYPES[kind]


def normal_iban(raw: str, field: str = "iban") -> str:
    from schwifty import IBAN
    from schwifty.exceptions import SchwiftyException

    try:
        return str(IBAN(raw).compact)
    except SchwiftyException as exc:
        raise InvalidInput(f"IBAN {raw!r} is not valid: {exc}", field=field) from None


def normal_bic(raw: str, field: str = "bic") -> str:
    from schwifty import BIC
    from schwifty.exceptions import SchwiftyException

    try:
        return str(BIC(raw.strip().upper().replace(" ", "")).compact)
    except SchwiftyException as exc:
        raise InvalidInput(f"BIC {raw!r} is not valid: {exc}", field=field) from None


def is_qr_iban(iban: str | None) -> bool:
    """A Swiss/Liechtenstein QR-IBAN: institution id (positions 5-9) in 30000..31999."""
    if not iban or iban[:2] not in ("CH", "LI"):
        return False
    iid = iban[4:9]
    return iid.isdigit() and 30000 <= int(iid) <= 31999
