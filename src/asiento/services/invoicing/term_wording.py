"""A payment term described in the customer's language: "30 % within 30 days, balance in 2 months".

The term's name is the company's own label (often in its language); the
printed description is built from the term's rule instead, so a Chinese
customer reads "30%30天内，余额2个月后" whatever the term is called.
"""

from __future__ import annotations

from collections.abc import Callable

from babel.numbers import format_decimal

from asiento.documents.wording import BABEL_LOCALE
from asiento.domain.due_dates import DueDateRule
from asiento.domain.payment_terms import LineKind, PaymentTerm, PaymentTermLine


def due_words(rule: DueDateRule, t: Callable[..., str]) -> str:
    parts = []
    if rule.months:
        parts.append(t("in {n} months", n=rule.months))
    if rule.end_of_month:
        parts.append(t("at the end of the month"))
    if rule.day_of_month is not None:
        parts.append(t("on day {n}", n=rule.day_of_month))
    if rule.days:
        parts.append(t("within {n} days", n=rule.days))
    return " ".join(parts) or t("on the invoice date")


def line_words(line: PaymentTermLine, lang: str, t: Callable[..., str]) -> str:
    locale = BABEL_LOCALE.get(lang, "en_US")
    if line.kind is LineKind.BALANCE:
        what = t("balance")
    elif line.kind is LineKind.PERCENT:
        what = f"{format_decimal(line.value or 0, locale=locale)} %"
    else:
        what = str(format_decimal(line.value or 0, format="#,##0.00", locale=locale))
    return f"{what} {due_words(line.due, t)}"


def term_words(term: PaymentTerm, lang: str, t: Callable[..., str]) -> str:
    """Every line, then the early-payment discount, joined for the reader of ``lang``."""
    sep = "，" if lang == "zh" else ", "
    parts = [line_words(line, lang, t) for line in term.lines]
    if len(parts) == 1 and term.lines[0].kind is LineKind.BALANCE:
        parts = [due_words(term.lines[0].due, t)]
    if term.discount is not None:
        locale = BABEL_LOCALE.get(lang, "en_US")
        percent = format_decimal(term.discount.percent, locale=locale)
        parts.append(
            t(
                "{percent} % off if paid within {days} days",
                percent=percent,
                days=term.discount.days,
            )
        )
    return sep.join(parts)
