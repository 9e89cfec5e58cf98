"""``asiento serve``: the HTTP API under uvicorn.

The app module is imported lazily (by uvicorn, from a string) so that the CLI
starts fast and works even where the API's dependencies are not wanted.
"""

from __future__ import annotations

import typer


def serve(
    host: str = typer.Option("127.0.0.1", help="Interface to bind."),
    port: int = typer.Option(8000, help="TCP port."),
    reload: bool = typer.Option(False, "--reload", help="Restart on code changes (development)."),
) -> None:
    """Serve the HTTP API on ASIENTO_DATABASE_URL."""
    import uvicorn

    uvicorn.run("asiento.app:create_app", factory=True, host=host, port=port, reload=reload)
