"""Every interface string has a Spanish and a Chinese translation; the switch works."""

from __future__ import annotations

import re
from decimal import Decimal

import pytest

from asiento.web import catalogs, i18n
from tests.web.conftest import WebClient, csrf_of

PLACEHOLDER = re.compile(r"%\((\w+)\)s|\{(\w+)\}")


@pytest.mark.parametrize("lang", catalogs.LANGS)
def test_every_string_is_translated(lang: str) -> None:
    assert catalogs.missing()[lang] == []


@pytest.mark.parametrize("lang", catalogs.LANGS)
def test_translations_keep_their_placeholders(lang: str) -> None:
    for msgid, text in catalogs.translated(lang).items():
        assert sorted(PLACEHOLDER.findall(msgid)) == sorted(PLACEHOLDER.findall(text)), msgid


def test_amounts_follow_the_language() -> None:
    i18n.set_language("es")
    assert i18n.format_amount(Decimal("1234.5")) == "1.234,50"
    assert i18n.format_amount(Decimal("-1234567.891"), 3) == "-1.234.567,891"
    i18n.set_language("en")
    assert i18n.format_amount(Decimal("1234567.5")) == "1,234,567.50"
    assert i18n.format_amount(None) == ""


def test_accept_language_picks_the_first_supported() -> None:
    assert i18n.negotiate("de-DE,zh-CN;q=0.8,es;q=0.5") == "zh"
    assert i18n.negotiate("fr") == "en"
    assert i18n.negotiate(None) == "en"


def test_language_switch_translates_the_layout(as_user: WebClient) -> None:
    client = as_user("accountant")
    assert "Dashboard" in client.get("/").text
    token = csrf_of(client.get("/").text)
    switched = client.post("/language", data={"lang": "es", "next": "/", "csrf_token": token})
    assert switched.status_code == 200
    assert "Panel" in switched.text
    assert "Cerrar sesión" in switched.text
    token = csrf_of(switched.text)
    chinese = client.post("/language", data={"lang": "zh", "next": "/", "csrf_token": token})
    assert "仪表板" in chinese.text
    assert 'lang="zh"' in chinese.text
