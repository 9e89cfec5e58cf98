"""Maintain the web interface's catalogues: list untranslated strings, add translations.

    python tools/i18n.py missing            # strings in the code without an es/zh translation
    python tools/i18n.py add AREA FILE.py   # FILE defines T = {msgid: (es, zh)}; writes AREA.po

Each area of the interface has its own ``.po`` file per language
(``src/asiento/web/locale/<lang>/LC_MESSAGES/<area>.po``); the app merges them.
"""

from __future__ import annotations

import runpy
import sys

from asiento.web.catalogs import add, missing

if __name__ == "__main__":
    if sys.argv[1:2] == ["missing"]:
        for lang, ids in missing().items():
            for msgid in ids:
                print(f"{lang}\t{msgid}")
    elif sys.argv[1:2] == ["add"]:
        add(sys.argv[2], runpy.run_path(sys.argv[3])["T"])
    else:
        print(__doc__)
