"""What the JSON API and the browser pages share over HTTP: the unit of work per request,
the principal bound to the request, and errors rendered as problem+json (or an HTML page).

``api`` and ``web`` both build on this package and never import each other; the
application that mounts both is composed in ``asiento.app``.
"""
