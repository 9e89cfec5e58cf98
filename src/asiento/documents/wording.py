"""The words of outgoing documents in English, Spanish and Chinese, and their locales.

Documents go to customers and suppliers in *their* language (the partner's,
else the company's), whatever language the user works in; so they have their
own small table here rather than the web interface's catalogues. A phrase is
looked up by its English text; ``words(lang)`` is strict: an unknown phrase
raises ``KeyError``, so a template using a phrase nobody translated fails its
test instead of printing English to a Chinese customer.

Invariants:
    - Every phrase has a non-empty text in each of ``LANGUAGES``.
    - ``BABEL_LOCALE`` gives the CLDR locale dates and numbers are formatted in.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Final

LANGUAGES: Final = ("en", "es", "zh")
BABEL_LOCALE: Final = {"en": "en_US", "es": "es_ES", "zh": "zh_Hans_CN"}
HTML_LANG: Final = {"en": "en", "es": "es", "zh": "zh-Hans"}

# English -> (Spanish, Chinese)
PHRASES: Final[dict[str, tuple[str, str]]] = {
    # document kinds and states
    "Invoice": ("Factura", "发票"),
    "Credit note": ("Factura rectificativa", "贷项通知单"),
    "Vendor bill": ("Factura de proveedor", "供应商账单"),
    "Vendor credit note": ("Factura rectificativa de proveedor", "供应商贷项通知单"),
    "Draft": ("Borrador", "草稿"),
    "Pro-forma": ("Pro-forma", "形式发票"),
    "Cancelled": ("Anulada", "已取消"),
    "Payment advice": ("Aviso de pago", "付款通知"),
    # parties
    "VAT number": ("NIF-IVA", "税号"),
    "Registration": ("Registro", "注册信息"),
    "Phone": ("Tel.", "电话"),
    "Customer": ("Cliente", "客户"),
    "Supplier": ("Proveedor", "供应商"),
    # header
    "Invoice date": ("Fecha de factura", "发票日期"),
    "Your reference": ("Su referencia", "贵方参考号"),
    "Currency": ("Moneda", "币种"),
    "Payment terms": ("Condiciones de pago", "付款条款"),
    "Page": ("Página", "页"),
    "of": ("de", "/"),
    # lines and totals
    "Description": ("Descripción", "描述"),
    "Quantity": ("Cantidad", "数量"),
    "Unit price": ("Precio unitario", "单价"),
    "Discount": ("Descuento", "折扣"),
    "Amount": ("Importe", "金额"),
    "Tax": ("Impuesto", "税项"),
    "Base": ("Base imponible", "计税基数"),
    "Untaxed amount": ("Base imponible total", "不含税金额"),
    "Taxes": ("Impuestos", "税额"),
    "Total": ("Total", "合计"),
    # how to pay
    "Due dates": ("Vencimientos", "付款期限"),
    "Due date": ("Vencimiento", "到期日"),
    "Installment": ("Plazo", "分期"),
    "Early payment discount": ("Descuento por pronto pago", "提前付款折扣"),
    "Pay {amount} if paid by {date}": (
        "Pague {amount} si paga antes del {date}",
        "于 {date} 前付款只需支付 {amount}",
    ),
    "How to pay": ("Forma de pago", "付款方式"),
    "Bank transfer to": ("Transferencia bancaria a", "银行转账至"),
    "Account holder": ("Titular", "账户名"),
    "Bank": ("Banco", "银行"),
    "Payment reference": ("Referencia de pago", "付款参考号"),
    "Please quote the payment reference with your payment.": (
        "Indique la referencia de pago en su transferencia.",
        "付款时请注明付款参考号。",
    ),
    "Scan to pay": ("Escanee para pagar", "扫码付款"),
    # tax legal mentions
    "Exempt from VAT": ("Exento de IVA", "免征增值税"),
    "Reverse charge: VAT to be accounted for by the customer": (
        "Inversión del sujeto pasivo: el IVA lo liquida el cliente",
        "反向征收：增值税由客户申报缴纳",
    ),
    "Intra-community supply exempt from VAT": (
        "Entrega intracomunitaria exenta de IVA",
        "欧盟内部供货，免征增值税",
    ),
    "Export outside the EU exempt from VAT": (
        "Exportación fuera de la UE exenta de IVA",
        "出口至欧盟以外，免征增值税",
    ),
    # payment-term descriptions
    "balance": ("resto", "余额"),
    "on the invoice date": ("a la fecha de factura", "于发票日"),
    "within {n} days": ("a {n} días", "{n}天内"),
    "in {n} months": ("a {n} meses", "{n}个月后"),
    "at the end of the month": ("a fin de mes", "月底"),
    "on day {n}": ("el día {n}", "每月{n}日"),
    "{percent} % off if paid within {days} days": (
        "{percent} % de descuento si paga en {days} días",
        "{days}天内付款优惠{percent}%",
    ),
    # follow-up letters
    "Date": ("Fecha", "日期"),
    "Dear {name},": ("Estimado cliente {name}:", "尊敬的{name}："),
    "The following amounts are open on your account. Overdue amounts total {amount}.": (
        "Los siguientes importes están pendientes en su cuenta. "
        "El importe vencido asciende a {amount}.",
        "以下款项在您的账户中尚未结清，逾期金额合计 {amount}。",
    ),
    "Document": ("Documento", "单据"),
    "Reference": ("Referencia", "参考号"),
    "Due": ("Vence", "到期"),
    "Original": ("Original", "原始金额"),
    "Open": ("Pendiente", "未结金额"),
    "Days late": ("Días de retraso", "逾期天数"),
    "credit": ("abono", "贷项"),
    "Net amount due": ("Importe neto adeudado", "应付净额"),
    "Please pay the net amount due without delay. If you have paid in the meantime, "
    "please disregard this letter.": (
        "Le rogamos abone el importe neto adeudado sin demora. Si ya ha pagado, ignore esta carta.",
        "请尽快支付应付净额。如您已付款，请忽略此函。",
    ),
    # remittance advice
    "We have paid the following documents.": (
        "Hemos pagado los siguientes documentos.",
        "我方已支付以下单据。",
    ),
    "Payment date": ("Fecha de pago", "付款日期"),
    "Paid": ("Pagado", "已付金额"),
    "Paid to": ("Pagado a", "收款账户"),
    "Total paid": ("Total pagado", "付款合计"),
}


def words(lang: str) -> Callable[..., str]:
    """``t("Invoice")`` in ``lang``; ``t("within {n} days", n=30)`` fills placeholders.

    Raises:
        KeyError: a phrase that is not in ``PHRASES`` (in any language).
    """
    column = {"es": 0, "zh": 1}.get(lang)

    def t(phrase: str, **values: object) -> str:
        texts = PHRASES[phrase]
        text = phrase if column is None else texts[column]
        return text.format(**values) if values else text

    return t


def language_of(partner_language: str | None, company_language: str | None) -> str:
    """The partner's language, else the company's, else English."""
    for lang in (partner_language, company_language):
        if lang in LANGUAGES:
            return str(lang)
    return "en"
