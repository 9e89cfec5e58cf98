"""Factur-X / ZUGFeRD: the invoice PDF as PDF/A-3 with its CII XML embedded.

The ``factur-x`` library embeds the XML (``factur-x.xml``, relationship "Data"), writes the
XMP metadata of the level and checks the XML against the Factur-X XSD of that level before it
does. Levels: ``en16931`` (default) and ``basic``; an XRechnung CII is embedded at the
EN 16931 level, the closest the library describes (its guideline id says XRechnung).
"""

from __future__ import annotations

from typing import Any

from asiento.domain.errors import InvalidInput

FACTURX_LEVELS = {"en16931": "en16931", "basic": "basic", "xrechnung": "en16931"}


def embed_facturx(pdf: bytes, xml: bytes, profile: str, lang: str = "en") -> bytes:
    """PDF/A-3 bytes of ``pdf`` carrying ``xml``; ``InvalidInput`` when the XML is refused."""
    import facturx  # type: ignore[import-untyped]

    try:
        result: Any = facturx.generate_from_binary(
            pdf, xml, flavor="factur-x", level=FACTURX_LEVELS[profile], check_xsd=True, lang=lang
        )
    except Exception as exc:  # the library raises bare Exception for an XSD refusal
        raise InvalidInput(f"the Factur-X XML was refused: {exc}", field="profile") from exc
    return bytes(result)
