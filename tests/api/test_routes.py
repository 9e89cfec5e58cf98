"""Routers are registered from explicit lists: a router module left out of them is a bug."""

from __future__ import annotations

import importlib
import pkgutil
from types import ModuleType

from asiento.api import routers
from asiento.api.routes import ROUTERS
from asiento.web import pages
from asiento.web.app import PAGES


def _routers_in(package: ModuleType) -> set[int]:
    found = set()
    for info in pkgutil.iter_modules(package.__path__):
        module = importlib.import_module(f"{package.__name__}.{info.name}")
        if hasattr(module, "router"):
            found.add(id(module.router))
    return found


def test_every_api_router_module_is_registered_once() -> None:
    assert len(set(map(id, ROUTERS))) == len(ROUTERS)
    assert set(map(id, ROUTERS)) == _routers_in(routers)


def test_every_page_router_module_is_registered_once() -> None:
    assert len(set(map(id, PAGES))) == len(PAGES)
    assert set(map(id, PAGES)) == _routers_in(pages)
