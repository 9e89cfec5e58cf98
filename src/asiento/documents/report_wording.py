"""Report PDFs in the reader's language: titles, column headings and row labels.

Reports are statements for an accountant, not data dumps: the PDF translates
what the report engine names (titles, headings, sections such as "assets",
the "Total ..." rows, opening and closing balances) and prints amounts with
the locale's thousands separators. Account and partner names are the
company's data and print as they are (``translate`` leaves unknown text alone).
"""

from __future__ import annotations

from decimal import Decimal
from typing import Final

from babel.numbers import format_decimal

from asiento.documents.wording import BABEL_LOCALE

# English (as the report engine names it, case-insensitive) -> (Spanish, Chinese)
REPORT_PHRASES: Final[dict[str, tuple[str, str]]] = {
    "trial balance": ("Balance de sumas y saldos", "试算平衡表"),
    "profit and loss": ("Cuenta de pérdidas y ganancias", "利润表"),
    "balance sheet": ("Balance de situación", "资产负债表"),
    "general ledger": ("Libro mayor", "总分类账"),
    "partner ledger": ("Mayor de terceros", "往来明细账"),
    "tax report": ("Informe de impuestos", "税务报表"),
    "aged receivable": ("Antigüedad de saldos a cobrar", "应收账款账龄"),
    "aged payable": ("Antigüedad de saldos a pagar", "应付账款账龄"),
    "code": ("Código", "代码"),
    "account": ("Cuenta", "科目"),
    "opening": ("Saldo inicial", "期初"),
    "debit": ("Debe", "借方"),
    "credit": ("Haber", "贷方"),
    "closing": ("Saldo final", "期末"),
    "balance": ("Saldo", "余额"),
    "section": ("Sección", "类别"),
    "amount": ("Importe", "金额"),
    "date": ("Fecha", "日期"),
    "entry": ("Asiento", "凭证"),
    "journal": ("Diario", "日记账"),
    "partner": ("Tercero", "往来单位"),
    "label": ("Concepto", "摘要"),
    "group": ("Grupo", "分组"),
    "ref": ("Referencia", "参考号"),
    "total": ("Total", "合计"),
    "tax group": ("Grupo de impuesto", "税组"),
    "tax": ("Impuesto", "税项"),
    "usage": ("Uso", "用途"),
    "base": ("Base imponible", "计税基数"),
    "tax amount": ("Cuota", "税额"),
    "sale": ("Ventas", "销售"),
    "purchase": ("Compras", "采购"),
    "income": ("Ingresos", "收入"),
    "expenses": ("Gastos", "费用"),
    "assets": ("Activo", "资产"),
    "liabilities": ("Pasivo", "负债"),
    "equity": ("Patrimonio neto", "所有者权益"),
    "net profit": ("Resultado del ejercicio", "净利润"),
    "liabilities and equity": ("Pasivo y patrimonio neto", "负债和所有者权益"),
    "current year earnings": ("Resultado del ejercicio en curso", "本年利润"),
    "prior years' undistributed earnings": (
        "Resultados de ejercicios anteriores",
        "以前年度未分配利润",
    ),
    "opening balance": ("Saldo inicial", "期初余额"),
    "closing balance": ("Saldo final", "期末余额"),
    "not due": ("No vencido", "未到期"),
}


def translate(text: str, lang: str) -> str:
    """``text`` in ``lang`` when it is a report phrase (or "Total <phrase>"), else unchanged."""
    column = {"es": 0, "zh": 1}.get(lang)
    if column is None or not text:
        return text
    key = text.casefold()
    if key in REPORT_PHRASES:
        return REPORT_PHRASES[key][column]
    if key.startswith("total "):
        rest = translate(text[6:], lang)
        total = REPORT_PHRASES["total"][column]
        return f"{total}{rest}" if lang == "zh" else f"{total} {rest.lower()}"
    return text


def amount_text(value: Decimal, lang: str) -> str:
    """An amount with the locale's grouping and two decimals: ``12.290,08``, ``12,290.08``."""
    return str(
        format_decimal(value, format="#,##0.00;-#,##0.00", locale=BABEL_LOCALE.get(lang, "en_US"))
    )
