"""The catalogues' completeness: which interface strings lack a translation.

Used by the test that keeps every language complete, and by
``tools/i18n.py`` which adds translations area by area.
"""

from __future__ import annotations

from pathlib import Path
from typing import Final

from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po, write_po

from asiento.web.labels import LABELS

WEB: Final = Path(__file__).parent
LANGS: Final = ("es", "zh")
METHODS: Final = [("**/templates/**.html", "jinja2"), ("**.py", "python")]
OPTIONS: Final = {"**/templates/**.html": {"extensions": "jinja2.ext.i18n"}}


def extracted() -> dict[str, list[str]]:
    """msgid -> places it is used, from the web package's code and templates."""
    found: dict[str, list[str]] = {}
    for filename, lineno, message, _comments, _ctx in extract_from_dir(
        WEB, METHODS, options_map=OPTIONS
    ):
        ids = message if isinstance(message, tuple) else (message,)
        for msgid in ids:
            if msgid:
                found.setdefault(msgid, []).append(f"{filename}:{lineno}")
    return found


def translated(lang: str) -> dict[str, str]:
    out: dict[str, str] = {}
    for path in sorted((WEB / "locale" / lang / "LC_MESSAGES").glob("*.po")):
        with path.open("rb") as fh:
            for m in read_po(fh, locale=lang):
                if m.id and m.string and not m.fuzzy:
                    out[str(m.id)] = str(m.string)
    return out


def missing() -> dict[str, list[str]]:
    """lang -> msgids used in the code that the language's catalogues lack.

    A code written as a msgid (``_("yes")``) is looked up by its label, as
    ``i18n.gettext`` does.
    """
    used = {LABELS.get(msgid, msgid) for msgid in extracted()}
    return {lang: sorted(set(used) - set(translated(lang))) for lang in LANGS}


def add(area: str, table: dict[str, tuple[str, str]]) -> None:
    for index, lang in enumerate(LANGS):
        path = WEB / "locale" / lang / "LC_MESSAGES" / f"{area}.po"
        catalog = Catalog(locale=lang, project="asiento")
        if path.exists():
            with path.open("rb") as fh:
                catalog = read_po(fh, locale=lang)
        for msgid, strings in table.items():
            catalog.add(msgid, strings[index])
        path.parent.mkdir(parents=True, exist_ok=True)
        with path.open("wb") as fh:
            write_po(fh, catalog, omit_header=True, sort_output=True, width=100)
