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


def url_fetcher() -> Any:
    """A WeasyPrint URL fetcher that loads ``data:`` URLs and nothing else.

    WeasyPrint >= 67 takes a ``URLFetcher`` (a plain function there breaks its
    error handling); older versions take a function returning a dict. Either
    way a refused URL only drops the resource (WeasyPrint logs a warning).
    """
    try:
        from weasyprint.urls import URLFetcher
    except ImportError:  # pragma: no cover - WeasyPrint < 67
        return _legacy_no_remote
    return URLFetcher(allowed_protocols={"data"}, allow_redirects=False, timeout=1)


def _legacy_no_remote(url: str) -> dict[str, Any]:  # pragma: no cover - WeasyPrint < 67
    if url.startswith("data:"):
        from weasyprint.urls import default_url_fetcher

        result: dict[str, Any] = default_url_fetcher(url)
        return result
    raise InvalidInput(f"documents do not load external resources ({url[:60]})")


def html_to_pdf(html: str, variant: str | None = None) -> bytes:
    """PDF bytes of an HTML string; only ``data:`` resources are loaded.

    ``variant`` is a WeasyPrint ``pdf_variant`` (``"pdf/a-3b"`` for a Factur-X carrier).
    """
    from weasyprint import HTML

    options: dict[str, Any] = {"pdf_variant": variant} if variant else {}
    pdf: bytes = HTML(string=html, url_fetcher=url_fetcher()).write_pdf(**options)
    return pdf


def render_pdf(template: str, context: dict[str, Any], variant: str | None = None) -> bytes:
    """PDF bytes of ``template`` rendered with ``context`` (``variant``: see ``html_to_pdf``)."""
    return html_to_pdf(render_html(template, context), variant)
