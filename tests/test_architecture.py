"""The layout of chathep/: no import cycles, counting every import a module can run.

Each module is parsed with :mod:`ast`; every ``import`` statement counts wherever it is (module
level, inside functions, methods or ``try`` blocks), since a function-level import runs as soon
as the function is called. Only imports under ``if TYPE_CHECKING:`` are left out: they never
run. An edge goes from a module to

- ``import a.b.c``: the module ``a.b.c`` (its parent packages are already being imported when
  a module of theirs imports a sibling, so Python resolves that without reading them);
- ``from a.b import x``: the package or module ``a.b``, whose namespace ``x`` is read from (so
  its ``__init__`` must have run), and the module ``a.b.x`` when ``x`` is a submodule;
- relative imports are resolved against the importing module's package.
"""

from __future__ import annotations

import ast
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
PACKAGE = REPO / "chathep"


def _module_names(root: Path = PACKAGE) -> dict[str, Path]:
    """``{dotted name: file}`` of every module and package under ``root``."""
    out = {}
    for path in sorted(root.rglob("*.py")):
        parts = list(path.relative_to(root.parent).with_suffix("").parts)
        if parts[-1] == "__init__":
            parts = parts[:-1]
        out[".".join(parts)] = path
    return out


def _is_type_checking(test: ast.expr) -> bool:
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING"
    )


def _import_nodes(tree: ast.AST) -> list[ast.Import | ast.ImportFrom]:
    """Every import statement that can run (all depths; not under ``if TYPE_CHECKING:``)."""
    found: list[ast.Import | ast.ImportFrom] = []

    def visit(node: ast.AST) -> None:
        if isinstance(node, ast.If) and _is_type_checking(node.test):
            for child in node.orelse:
                visit(child)
            return
        if isinstance(node, ast.Import | ast.ImportFrom):
            found.append(node)
        for child in ast.iter_child_nodes(node):
            visit(child)

    visit(tree)
    return found


def _known(name: str, modules: set[str]) -> str | None:
    """The longest prefix of ``name`` that is a module of the package (None: outside it)."""
    parts = name.split(".")
    for n in range(len(parts), 0, -1):
        candidate = ".".join(parts[:n])
        if candidate in modules:
            return candidate
    return None


def imports_of(source: str, module: str, is_package: bool, modules: set[str]) -> dict[str, int]:
    """``{imported module: line}`` for the modules in ``modules`` that ``source`` imports."""
    tree = ast.parse(source)
    package = module if is_package else module.rpartition(".")[0]
    edges: dict[str, int] = {}

    def add(target: str | None, line: int) -> None:
        if target and target != module:
            edges.setdefault(target, line)

    for node in _import_nodes(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                add(_known(alias.name, modules), node.lineno)
            continue
        if node.level:  # relative: from . import x, from ..a import b
            base = package.split(".")
            base = base[: len(base) - (node.level - 1)]
            origin = ".".join(base + ([node.module] if node.module else []))
        else:
            origin = node.module or ""
        add(_known(origin, modules), node.lineno)
        for alias in node.names:
            if f"{origin}.{alias.name}" in modules:
                add(f"{origin}.{alias.name}", node.lineno)
    return edges


def import_graph(root: Path = PACKAGE) -> dict[str, dict[str, int]]:
    names = _module_names(root)
    modules = set(names)
    return {
        name: imports_of(path.read_text(), name, path.name == "__init__.py", modules)
        for name, path in names.items()
    }


def find_cycles(graph: dict[str, dict[str, int]]) -> list[list[str]]:
    """One cycle (a -> ... -> a) per strongly connected component with more than one module."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    components: list[list[str]] = []

    def strongconnect(v: str) -> None:  # Tarjan
        index[v] = low[v] = len(index)
        stack.append(v)
        on_stack.add(v)
        for w in graph.get(v, {}):
            if w not in index:
                strongconnect(w)
                low[v] = min(low[v], low[w])
            elif w in on_stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            component = []
            while True:
                w = stack.pop()
                on_stack.discard(w)
                component.append(w)
                if w == v:
                    break
            if len(component) > 1:
                components.append(sorted(component))

    for v in sorted(graph):
        if v not in index:
            strongconnect(v)

    cycles = []
    for component in components:
        members = set(component)
        start = component[0]
        # breadth-first from start back to start inside the component: a shortest cycle
        paths = {start: [start]}
        queue = [start]
        cycle = None
        while queue and cycle is None:
            v = queue.pop(0)
            for w in sorted(graph[v]):
                if w == start:
                    cycle = paths[v] + [start]
                    break
                if w in members and w not in paths:
                    paths[w] = paths[v] + [w]
                    queue.append(w)
        cycles.append(cycle or component)
    return cycles


def _describe(cycle: list[str], graph: dict[str, dict[str, int]]) -> str:
    steps = [f"{a} (line {graph[a][b]}) -> {b}" for a, b in zip(cycle, cycle[1:], strict=False)]
    return "; ".join(steps)


def test_no_import_cycles_in_chathep() -> None:
    graph = import_graph()
    cycles = find_cycles(graph)
    assert not cycles, "import cycles in chathep/:\n" + "\n".join(
        _describe(c, graph) for c in cycles
    )


def test_the_collector_counts_function_level_and_package_imports() -> None:
    modules = {"pkg", "pkg.a", "pkg.b", "pkg.c", "pkg.sub", "pkg.sub.d"}
    source = (
        "from __future__ import annotations\n"
        "from typing import TYPE_CHECKING\n"
        "import os\n"
        "if TYPE_CHECKING:\n"
        "    from pkg.c import Thing\n"
        "def f():\n"
        "    from pkg.b import g\n"
        "    return g\n"
        "class K:\n"
        "    def m(self):\n"
        "        try:\n"
        "            from . import sub\n"
        "        except ImportError:\n"
        "            pass\n"
        "from .sub.d import x\n"
    )
    edges = imports_of(source, "pkg.a", False, modules)
    assert set(edges) == {"pkg.b", "pkg", "pkg.sub", "pkg.sub.d"}
    assert edges["pkg.b"] == 7  # inside a function
    # "from pkg import sub" reads pkg's namespace: an edge to the package itself
    assert set(imports_of("from pkg import sub\n", "pkg.a", False, modules)) == {
        "pkg",
        "pkg.sub",
    }
    assert set(imports_of("import pkg.sub.d as d\n", "pkg.a", False, modules)) == {"pkg.sub.d"}


def test_a_cycle_through_a_package_init_is_found() -> None:
    # the shape of the old chathep.planner: __init__ imports planner, which imports followup,
    # which imported the lexicon through the package
    modules = {"p", "p.planner", "p.followup", "p.lexicon"}
    graph = {
        "p": imports_of("from p.planner import plan\n", "p", True, modules),
        "p.planner": imports_of("from p.followup import merge\n", "p.planner", False, modules),
        "p.followup": imports_of("from p import lexicon\n", "p.followup", False, modules),
        "p.lexicon": {},
    }
    cycles = find_cycles(graph)
    assert cycles == [["p", "p.planner", "p.followup", "p"]]
    assert "p.followup (line 1) -> p" in _describe(cycles[0], graph)


def test_the_registry_is_a_leaf() -> None:
    """The registries import nothing from chathep but each other (so anything can use them)."""
    graph = import_graph()
    for name, edges in graph.items():
        if name.startswith("chathep.registry"):
            assert all(e.startswith("chathep.registry") for e in edges), (name, edges)
