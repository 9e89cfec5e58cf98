"""No ORM row leaves ``services/`` for the adapters.

``api``, ``web`` and ``cli`` get read models (frozen dataclasses) from the services, never
rows of ``store.tables``: a row handed out lazy-loads after its session is gone, carries
every column (including what a user must not see) and ties the adapters to the schema.
import-linter already refuses ``store.tables`` imports in the adapters; this test closes the
other door, a service returning a row the adapter reads without importing its class.

The check is static (``ast``, no import): a public function of ``services/`` whose return
annotation names a table class, directly or through the fields of a service class or type
alias it returns (``-> list[Page]`` where ``Page.rows: list[Invoice]``), must not be called
by an adapter. Services may still pass rows among themselves (the ``*_in`` building blocks).
"""

from __future__ import annotations

import ast
import functools
from dataclasses import dataclass, field
from pathlib import Path

SRC = Path(__file__).resolve().parents[1] / "src"
PACKAGE = SRC / "asiento"
ADAPTERS = ("api", "web", "cli", "http", "wire")  # http and wire: what the adapters share
TABLES = "asiento.store.tables"

# Public service functions that adapters call and that may still return rows, each named
# "module:function". Empty since issue 15 step 3: every adapter gets read models. An entry
# is an exception to justify in review; the stale-entry test below removes dead ones.
ALLOWED: frozenset[str] = frozenset()


@dataclass
class Module:
    """One parsed module: what its local names stand for, its classes, aliases and functions."""

    name: str
    tree: ast.Module
    symbols: dict[str, str] = field(default_factory=dict)  # local name -> qualified name


def module_name(path: Path) -> str:
    parts = path.relative_to(SRC).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def parse(name: str, source: str) -> Module:
    """The module with its name table: ``from a.b import C as D`` makes ``D`` -> ``a.b.C``.

    asiento uses absolute imports only, so relative ones are not resolved.
    """
    module = Module(name, ast.parse(source))
    for node in ast.walk(module.tree):
        if isinstance(node, ast.ImportFrom) and node.module and not node.level:
            for alias in node.names:
                module.symbols[alias.asname or alias.name] = f"{node.module}.{alias.name}"
        elif isinstance(node, ast.Import):
            for alias in node.names:
                local = alias.asname or alias.name.split(".")[0]
                module.symbols[local] = alias.name if alias.asname else local
    for node in module.tree.body:
        for target in _defined(node):
            module.symbols[target] = f"{name}.{target}"
    return module


def _defined(node: ast.stmt) -> set[str]:
    """The names a top-level statement defines: a class, or the target of an assignment."""
    if isinstance(node, ast.ClassDef):
        return {node.name}
    if isinstance(node, ast.Assign | ast.AnnAssign):
        return _targets(node)
    return set()


def referenced(module: Module, annotation: ast.expr | None) -> set[str]:
    """Qualified names an annotation mentions (string annotations parsed too)."""
    found: set[str] = set()
    for node in ast.walk(annotation) if annotation is not None else ():
        if isinstance(node, ast.Constant) and isinstance(node.value, str):
            try:
                found |= referenced(module, ast.parse(node.value, mode="eval").body)
            except SyntaxError:
                continue
        elif isinstance(node, ast.Name) and node.id in module.symbols:
            found.add(module.symbols[node.id])
        elif isinstance(node, ast.Attribute):
            chain = [node.attr]
            inner = node.value
            while isinstance(inner, ast.Attribute):
                chain.append(inner.attr)
                inner = inner.value
            if isinstance(inner, ast.Name) and inner.id in module.symbols:
                found.add(".".join([module.symbols[inner.id], *reversed(chain)]))
    return found


@dataclass
class Codebase:
    """What the check needs from the sources: tables, what service types hold, who calls what."""

    tables: set[str] = field(default_factory=set)  # class names defined in store.tables
    holds: dict[str, set[str]] = field(default_factory=dict)  # service type -> names inside
    returns: dict[str, set[str]] = field(default_factory=dict)  # "mod:func" -> names returned
    reexports: dict[str, str] = field(default_factory=dict)  # package.name -> module.name

    def add_table_module(self, module: Module) -> None:
        for node in module.tree.body:
            if isinstance(node, ast.ClassDef) and any(
                isinstance(s, ast.Assign | ast.AnnAssign) and "__tablename__" in _targets(s)
                for s in node.body
            ):
                self.tables.add(node.name)

    def add_service_module(self, module: Module) -> None:
        for local, qualified in module.symbols.items():
            if qualified.startswith("asiento.services.") and qualified != f"{module.name}.{local}":
                self.reexports.setdefault(f"{module.name}.{local}", qualified)
        for node in module.tree.body:
            if isinstance(node, ast.ClassDef):
                self.holds[f"{module.name}.{node.name}"] = {
                    name
                    for s in node.body
                    if isinstance(s, ast.AnnAssign)
                    for name in referenced(module, s.annotation)
                }
            elif isinstance(node, ast.Assign | ast.AnnAssign) and node.value is not None:
                for target in _defined(node):
                    self.holds[f"{module.name}.{target}"] = referenced(module, node.value)
            elif isinstance(node, ast.FunctionDef) and not node.name.startswith("_"):
                self.returns[f"{module.name}:{node.name}"] = referenced(module, node.returns)

    def resolve(self, qualified: str) -> str:
        seen = set()
        while qualified in self.reexports and qualified not in seen:
            seen.add(qualified)
            qualified = self.reexports[qualified]
        return qualified

    def is_table(self, qualified: str) -> bool:
        return qualified.startswith(f"{TABLES}.") and qualified.rsplit(".", 1)[1] in self.tables

    def leaks(self, names: set[str], seen: frozenset[str] = frozenset()) -> bool:
        """A row among the names, or inside a service type or alias among them."""
        for name in map(self.resolve, names):
            if self.is_table(name):
                return True
            if (
                name in self.holds
                and name not in seen
                and self.leaks(self.holds[name], seen | {name})
            ):
                return True
        return False

    def returning_rows(self) -> set[str]:
        return {func for func, names in self.returns.items() if self.leaks(names)}


def _targets(node: ast.Assign | ast.AnnAssign) -> set[str]:
    targets = node.targets if isinstance(node, ast.Assign) else [node.target]
    return {t.id for t in targets if isinstance(t, ast.Name)}


def called_services(module: Module, codebase: Codebase) -> set[str]:
    """Service functions an adapter module reaches: ``f`` imported, or ``mod.f`` on a module."""
    used = set()
    for qualified in module.symbols.values():
        if qualified.startswith("asiento.services."):
            mod, _, name = codebase.resolve(qualified).rpartition(".")
            used.add(f"{mod}:{name}")
    for node in ast.walk(module.tree):
        if isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name):
            target = module.symbols.get(node.value.id, "")
            if target.startswith("asiento.services."):
                mod, _, name = codebase.resolve(f"{target}.{node.attr}").rpartition(".")
                used.add(f"{mod}:{name}")
    return used


def load() -> tuple[Codebase, dict[str, set[str]]]:
    """The codebase, and for each adapter module the service functions it calls."""
    codebase = Codebase()
    for path in sorted((PACKAGE / "store" / "tables").glob("*.py")):
        codebase.add_table_module(parse(module_name(path), path.read_text()))
    for path in sorted((PACKAGE / "services").rglob("*.py")):
        codebase.add_service_module(parse(module_name(path), path.read_text()))
    calls = {}
    for adapter in ADAPTERS:
        for path in sorted((PACKAGE / adapter).rglob("*.py")):
            calls[module_name(path)] = called_services(
                parse(module_name(path), path.read_text()), codebase
            )
    return codebase, calls


@functools.cache
def offenders() -> dict[str, list[str]]:
    """Row-returning service functions an adapter calls, with the adapter modules calling them."""
    codebase, calls = load()
    rows = codebase.returning_rows()
    found: dict[str, list[str]] = {}
    for adapter, used in calls.items():
        for func in sorted(used & rows):
            found.setdefault(func, []).append(adapter)
    return found


def test_no_adapter_gets_an_orm_row_from_a_service() -> None:
    leaking = {func: by for func, by in offenders().items() if func not in ALLOWED}
    assert leaking == {}, (
        "services returning ORM rows to adapters (return a read model):\n"
        + "\n".join(f"  {func}  <- {', '.join(by)}" for func, by in sorted(leaking.items()))
    )


def test_the_allow_list_holds_only_functions_that_still_return_rows() -> None:
    stale = sorted(ALLOWED - offenders().keys())
    assert stale == [], f"no longer returning rows to adapters, drop from ALLOWED: {stale}"


def test_the_check_sees_rows_directly_in_containers_and_inside_views() -> None:
    """The scanner itself: a row in a list, in a view's field, through an alias, by re-export."""
    codebase = Codebase()
    codebase.add_table_module(
        parse(f"{TABLES}.invoicing", "class Invoice(Base):\n    __tablename__ = 'invoices'\n")
    )
    codebase.add_service_module(
        parse(
            "asiento.services.x.views",
            "from asiento.store.tables import Invoice\n"
            "from asiento.store import tables as t\n"
            "class Page:\n    rows: list[Invoice]\n"
            "class Clean:\n    id: int\n"
            "Pair = tuple[Clean, 't.Invoice']\n"
            "def direct() -> Invoice | None: ...\n"
            "def listed() -> 'list[t.Invoice]': ...\n"
            "def paged() -> Page: ...\n"
            "def aliased() -> Pair: ...\n"
            "def clean() -> list[Clean]: ...\n"
            "def _private() -> Invoice: ...\n",
        )
    )
    codebase.add_service_module(
        parse("asiento.services.x", "from asiento.services.x.views import paged\n")
    )
    assert codebase.returning_rows() == {
        f"asiento.services.x.views:{f}" for f in ("direct", "listed", "paged", "aliased")
    }
    adapter = parse(
        "asiento.api.x",
        "from asiento.services import x\nfrom asiento.services.x import views\n"
        "x.paged()\nviews.clean()\n",
    )
    assert called_services(adapter, codebase) >= {
        "asiento.services.x.views:paged",
        "asiento.services.x.views:clean",
    }
