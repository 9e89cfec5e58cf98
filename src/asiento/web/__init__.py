"""The browser interface: server-rendered pages on the same services as the API.

Pages live in ``web.pages`` (one module per area, each with a ``router``),
templates in ``web/templates``, interface strings in Babel catalogues under
``web/locale``. Authentication is a signed session cookie (``web.session``);
every form carries a CSRF token; the services enforce roles exactly as for
the API because the acting principal is bound the same way.
"""
