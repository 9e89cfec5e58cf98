"""The XML embedded in a Factur-X / ZUGFeRD PDF (PDF/A-3 attachment).

Factur-X names it ``factur-x.xml``; ZUGFeRD 2 ``zugferd-invoice.xml`` (``ZUGFeRD-invoice.xml``
in 1.0) and the XRechnung profile ``xrechnung.xml``. A PDF without any of them is a plain
picture of an invoice: refused as ``not_an_invoice``, since nothing in it can be read safely.
"""

from __future__ import annotations

import io
import logging

from pypdf import PdfReader

from asiento.domain.einvoice.refusals import EInvoiceRefused

EMBEDDED_NAMES = ("factur-x.xml", "zugferd-invoice.xml", "xrechnung.xml", "order-x.xml")
log = logging.getLogger(__name__)


def embedded_xml(content: bytes) -> bytes:
    """The invoice XML attached to a hybrid PDF.

    Raises:
        EInvoiceRefused: ``malformed`` (not a readable PDF) or ``not_an_invoice`` (no
            e-invoice attachment).
    """
    try:
        attachments = PdfReader(io.BytesIO(content), strict=False).attachments
        found = {name.lower(): name for name in attachments}
        for wanted in EMBEDDED_NAMES:
            if wanted in found:
                return attachments[found[wanted]][0]
    except Exception as exc:  # pypdf raises many types on broken files; all mean "unreadable"
        log.info("unreadable PDF: %s", exc)
        raise EInvoiceRefused("malformed", "not a readable PDF") from exc
    raise EInvoiceRefused(
        "not_an_invoice",
        "a PDF without an embedded Factur-X/ZUGFeRD/XRechnung XML (a picture of an invoice "
        "cannot be imported)",
    )
