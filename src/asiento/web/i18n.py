"""Interface strings in English, Spanish and Chinese, from Babel catalogues.

Each language directory holds one ``.po`` file per area of the interface
(``locale/es/LC_MESSAGES/invoices.po`` ...); they are merged at load time,
so areas can be translated independently. The catalogues are compiled in
memory when first used: no binary ``.mo`` file lives in the repository.

The language of a request is a ``ContextVar`` set by the page dependency
(session choice, then ``Accept-Language``, then English). Messages that come
from the services (errors) stay in English.
"""

from __future__ import annotations

from contextvars import ContextVar
from decimal import Decimal
from functools import cache
from io import BytesIO
from pathlib import Path
from typing import Final

from babel.messages.catalog import Catalog
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.numbers import format_decimal
from babel.support import NullTranslations, Translations

from asiento.web.labels import LABELS

LOCALE_DIR: Final = Path(__file__).parent / "locale"
LANGUAGES: Final = {"en": "English", "es": "Español", "zh": "中文"}
DEFAULT: Final = "en"
_BABEL_LOCALE: Final = {"en": "en_US", "es": "es_ES", "zh": "zh_Hans_CN"}

_current: ContextVar[str] = ContextVar("asiento_lang", default=DEFAULT)


def catalog(lang: str) -> Catalog:
    """All ``.po`` files of ``lang`` merged into one catalogue."""
    merged = Catalog(locale=lang)
    for path in sorted((LOCALE_DIR / lang / "LC_MESSAGES").glob("*.po")):
        with path.open("rb") as fh:
            for message in read_po(fh, locale=lang):
                if message.id:
                    merged[message.id] = message
    return merged


@cache
def translations(lang: str) -> NullTranslations:
    if lang == DEFAULT or lang not in LANGUAGES:
        return NullTranslations()
    buffer = BytesIO()
    write_mo(buffer, catalog(lang))
    buffer.seek(0)
    return Translations(buffer)


def set_language(lang: str) -> None:
    _current.set(lang if lang in LANGUAGES else DEFAULT)


def language() -> str:
    return _current.get()


def negotiate(accept_language: str | None) -> str:
    """The first supported language of an ``Accept-Language`` header, else English."""
    for part in (accept_language or "").split(","):
        code = part.split(";")[0].strip().lower()[:2]
        if code in LANGUAGES:
            return code
    return DEFAULT


def gettext(message: str) -> str:
    """``message`` in the current language; a code (``"posted"``) becomes its label first."""
    return translations(_current.get()).gettext(LABELS.get(message, message))


def ngettext(singular: str, plural: str, n: int) -> str:
    return translations(_current.get()).ngettext(singular, plural, n)


def format_amount(value: Decimal | int | str | None, digits: int = 2) -> str:
    """An amount in the reader's notation (1,234.50 / 1.234,50), fixed decimals."""
    if value is None or value == "":
        return ""
    number = Decimal(str(value))
    pattern = "#,##0." + "0" * digits if digits else "#,##0"
    return format_decimal(number, format=pattern, locale=_BABEL_LOCALE[_current.get()])
