"""The packages' import graph, read from the source: which layer may import which.

Layers, from the bottom: the auditor's core with the probes ("core": everything not listed
below), the history store (``auditor.store``), comparisons of stored runs
(``auditor.history``), the report writers (``reports``), and on top the command line (the
modules that parse arguments: ``auditor.cli``, ``auditor.entry``, ``auditor.__main__`` and each
``commands`` module). A cycle between layers means none of them can be used, tested or changed
without the others. Cycles that exist today are listed as known, and asserted exactly, so the
lists can only shrink: a new cycle fails, and so does a known one that is gone (remove it).
"""

from __future__ import annotations

import ast
from collections import defaultdict
from collections.abc import Callable, Iterator
from pathlib import Path

PACKAGES = ("auditor", "probes", "reports")
ROOT = Path(__file__).resolve().parent.parent
LAYERS = ("v6audit.reports", "v6audit.auditor.history", "v6audit.auditor.store")
"""Layers named by their package; every other module outside the CLI is in ``core``."""

KNOWN_LAYER_CYCLES: list[frozenset[str]] = []
"""None left: the JSON codec that the store and the distributed wire share is core."""
KNOWN_PACKAGE_CYCLES: list[frozenset[str]] = []
"""None left: the network door and the measurement vocabulary sit under probes (probes.net,
probes.model), so probes import nothing from auditor, which stands above them."""
GENERIC = ("auditor", "probes", "reports", "profiles")
"""The repository's folders, which install only as subpackages of ``v6audit``."""
KNOWN_CLICK_OUTSIDE_CLI = {
    # click parameter types and option checks shared by the commands
    "v6audit.auditor.options",
}


def _modules() -> dict[str, Path]:
    found = {}
    for package in PACKAGES:
        for path in (ROOT / package).rglob("*.py"):
            parts = list(path.relative_to(ROOT).with_suffix("").parts)
            if parts[-1] == "__init__":
                parts.pop()
            found[".".join(["v6audit", *parts])] = path
    return found


MODULES = _modules()


def _imported_names(tree: ast.AST) -> Iterator[str]:
    """Every module an import statement anywhere in the tree names (inside functions too)."""
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            yield from (alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            for alias in node.names:
                submodule = f"{node.module}.{alias.name}"
                yield submodule if submodule in MODULES else node.module


def _own_module(name: str) -> str | None:
    """The package module ``name`` is or lies in, or None for third-party modules."""
    while name and name not in MODULES:
        name = name.rpartition(".")[0]
    return name or None


def import_graph() -> dict[str, set[str]]:
    """Each package module to the package modules it imports."""
    graph: dict[str, set[str]] = {}
    for module, path in MODULES.items():
        tree = ast.parse(path.read_text(encoding="utf-8"))
        targets = {_own_module(name) for name in _imported_names(tree)}
        graph[module] = {t for t in targets if t is not None and t != module}
    return graph


def is_cli(module: str) -> bool:
    return module in (
        "v6audit.auditor.cli",
        "v6audit.auditor.entry",
        "v6audit.auditor.__main__",
    ) or module.endswith(".commands")


def layer(module: str) -> str:
    if is_cli(module):
        return "cli"
    return next((n for n in LAYERS if module == n or module.startswith(n + ".")), "core")


def package(module: str) -> str:
    return "cli" if is_cli(module) else module.split(".")[1]


def cycles(graph: dict[str, set[str]]) -> list[frozenset[str]]:
    """The strongly connected components of more than one node (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    found: list[frozenset[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        for successor in graph.get(node, set()):
            if successor not in index:
                visit(successor)
                low[node] = min(low[node], low[successor])
            elif successor in stack:
                low[node] = min(low[node], index[successor])
        if low[node] == index[node]:
            component = set()
            while True:
                member = stack.pop()
                component.add(member)
                if member == node:
                    break
            if len(component) > 1:
                found.append(frozenset(component))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return found


def collapsed(graph: dict[str, set[str]], key: Callable[[str], str]) -> dict[str, set[str]]:
    """The graph between groups of modules (``key`` maps a module to its group)."""
    between: dict[str, set[str]] = defaultdict(set)
    for module, targets in graph.items():
        for target in targets:
            if key(module) != key(target):
                between[key(module)].add(key(target))
    return dict(between)


def crossing(
    graph: dict[str, set[str]], key: Callable[[str], str], groups: frozenset[str]
) -> list[str]:
    """The module imports that join the groups of a cycle, to name them in a failure."""
    return sorted(
        f"{module} -> {target}"
        for module, targets in graph.items()
        for target in targets
        if key(module) in groups and key(target) in groups and key(module) != key(target)
    )


GRAPH = import_graph()


def test_the_graph_sees_the_packages() -> None:
    assert "v6audit.auditor.codec" in GRAPH["v6audit.auditor.distributed.wire"]
    assert "v6audit.auditor.codec" in GRAPH["v6audit.auditor.store.recorder"]
    assert "v6audit.probes.model" in GRAPH["v6audit.probes.base"]
    assert "v6audit.probes.base" in GRAPH["v6audit.auditor.registry"]
    assert "v6audit.auditor.cli" in MODULES


def test_the_layers_have_no_cycle_but_the_known_ones() -> None:
    found = cycles(collapsed(GRAPH, layer))
    details = {str(sorted(c)): crossing(GRAPH, layer, c) for c in found}
    assert sorted(map(sorted, found)) == sorted(map(sorted, KNOWN_LAYER_CYCLES)), details


def test_the_command_line_is_the_top_layer() -> None:
    upward = [
        f"{module} -> {target}"
        for module, targets in GRAPH.items()
        for target in targets
        if is_cli(target) and not is_cli(module)
    ]
    assert upward == []


def test_the_packages_have_no_cycle_but_the_known_ones() -> None:
    found = cycles(collapsed(GRAPH, package))
    details = {str(sorted(c)): crossing(GRAPH, package, c) for c in found}
    assert sorted(map(sorted, found)) == sorted(map(sorted, KNOWN_PACKAGE_CYCLES)), details


def test_only_the_command_line_imports_click() -> None:
    importers = set()
    for module, path in MODULES.items():
        names = _imported_names(ast.parse(path.read_text(encoding="utf-8")))
        if any(name == "click" or name.startswith("click.") for name in names):
            importers.add(module)
    assert {m for m in importers if not is_cli(m)} == KNOWN_CLICK_OUTSIDE_CLI


def test_modules_import_the_packages_by_their_installed_names() -> None:
    """``import auditor`` would work from a checkout but not from an install: every import of
    the project's own code goes through ``v6audit``."""
    bare = sorted(
        f"{module} imports {name}"
        for module, path in MODULES.items()
        for name in _imported_names(ast.parse(path.read_text(encoding="utf-8")))
        if name.split(".")[0] in GENERIC
    )
    assert bare == []
