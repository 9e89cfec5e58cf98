"""Render a template of ``asiento/templates`` to HTML or PDF.

Templates are autoescaped; money reaches them already formatted (Babel), so
no template does arithmetic. WeasyPrint never fetches remote resources: the
URL fetcher refuses everything but ``data:`` URLs, so a partner name cannot
make the server request a URL.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from jinja2 import Environment, PackageLoader, select_autoescape

from asiento.domain.errors import InvalidInput


@lru_cache(maxsize=1)
def environment() -> Environment:
    return Environment(
        loader=PackageLoader("asiento", "templates"),
        autoescape=select_autoescape(["html", "xml"]),
        trim_blocks=True,
        lstrip_blocks=True,
    )


def render_html(template: str, context: dict[str, Any]) -> str:
    return environment().get_template(template).render(**context)


def _no_remote(url: str) -> dict[str, Any]:
    if url.startswith("data:"):
        from weasyprint.urls import default_url_fetcher

        result: dict[str, Any] = default_url_fetcher(url)
        return result
    raise InvalidInput(f"documents do not load external resources ({url[:60]})")


def render_pdf(template: str, context: dict[str, Any]) -> bytes:
    """PDF bytes of ``template`` rendered with ``context``."""
    from weasyprint import HTML

    html = render_html(template, context)
    pdf: bytes = HTML(string=html, url_fetcher=_no_remote).write_pdf()
    return pdf
