"""The e-mail that carries an invoice, per language: subject and body templates.

Placeholders (``str.format`` style): ``{company}``, ``{partner}``,
``{document}`` ("Invoice INV/2026/00042", "Factura ...", "发票 ..."),
``{total}``, ``{due_date}`` (the last installment's), ``{reference}`` (the
payment reference). The user may edit subject and body before sending;
the preview shows what the template gives.

The e-invoice that rides along is the partner's format, else the company's default
(``einvoice_format_for``): none, a Factur-X PDF instead of the plain PDF, or an XRechnung /
Peppol UBL XML beside it. Only a posted document carries one (a pro-forma has no number).

Invariants:
    - Every language of ``documents.wording.LANGUAGES`` has a template, and
      each template uses only the placeholders above (tested).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Final

from asiento.documents.wording import words

PLACEHOLDERS: Final = ("company", "partner", "document", "total", "due_date", "reference")

TEMPLATES: Final[dict[str, tuple[str, str]]] = {
    "en": (
        "{company}: {document}",
        "Dear {partner},\n\n"
        "please find attached {document} from {company} for {total}.\n"
        "Payment reference: {reference}. Due date: {due_date}.\n\n"
        "Kind regards,\n{company}\n",
    ),
    "es": (
        "{company}: {document}",
        "Estimado cliente {partner}:\n\n"
        "le adjuntamos {document} de {company} por {total}.\n"
        "Referencia de pago: {reference}. Vencimiento: {due_date}.\n\n"
        "Atentamente,\n{company}\n",
    ),
    "zh": (
        "{company}：{document}",
        "尊敬的{partner}：\n\n"
        "附件是{company}开具的{document}，金额为 {total}。\n"
        "付款参考号：{reference}。到期日：{due_date}。\n\n"
        "此致\n{company}\n",
    ),
}


@dataclass(frozen=True, slots=True)
class MailText:
    subject: str
    body: str


def document_name(kind: str, number: str | None, lang: str) -> str:
    """``Invoice INV/2026/00042``; before a number: ``Pro-forma invoice`` in the language."""
    if number:
        return f"{kind} {number}"
    pro_forma = words(lang)("Pro-forma")
    return f"{pro_forma} {kind.lower()}" if lang != "zh" else f"{pro_forma}"


def einvoice_format_for(
    partner_format: str | None, company_format: str | None, state: str
) -> str | None:
    """The e-invoice format an e-mail of a document in ``state`` attaches, or None."""
    chosen = partner_format or company_format or "none"
    return None if chosen == "none" or state != "posted" else chosen


def render_mail(lang: str, values: dict[str, str]) -> MailText:
    subject, body = TEMPLATES.get(lang, TEMPLATES["en"])
    return MailText(subject.format(**values), body.format(**values))
