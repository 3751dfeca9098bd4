"""The package's shape, read from its source with ``ast``: no import cycle anywhere
(function-local and TYPE_CHECKING imports count), nothing inside imports the package face
(``lastleg/__init__.py``), no file over ~400 lines, no function over ~80 lines without a
reason written next to it (docs/architecture.md)."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "python" / "lastleg"
MAX_FILE_LINES = 400
MAX_FUNCTION_LINES = 80
#: how a long function says why it is long: a comment with this tag on its first lines
LONG_REASON = "long:"


def module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def modules() -> dict[str, Path]:
    """Every module: the .py files, and the compiled extensions by their .pyi stubs."""
    return {module_name(p): p for p in sorted([*PACKAGE.rglob("*.py"), *PACKAGE.glob("*.pyi")])}


def is_package(name: str, mods: dict[str, Path]) -> bool:
    return mods[name].name == "__init__.py"


def imported(name: str, path: Path, mods: dict[str, Path]) -> set[str]:
    """lastleg modules that ``name`` imports anywhere in its file. An import of a name
    from a package resolves to the submodule when there is one, else to the package."""
    out: set[str] = set()
    base = name if is_package(name, mods) else name.rpartition(".")[0]
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            out |= {a.name for a in node.names if a.name.split(".")[0] == "lastleg"}
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                parent = base.split(".")
                parent = parent[: len(parent) - node.level + 1]
                source = ".".join(parent + ([node.module] if node.module else []))
            else:
                source = node.module or ""
            if source.split(".")[0] != "lastleg":
                continue
            for alias in node.names:
                sub = f"{source}.{alias.name}"
                out.add(sub if sub in mods else source)
    return {m for m in out if m in mods}


def graph() -> dict[str, set[str]]:
    """Import edges, without edges to the importer's own ancestor packages (Python has
    run those before the importer, so they cannot close a loop), except the package face
    ``lastleg``: importing names from it is always an edge."""
    mods = modules()
    edges = {}
    for name, path in mods.items():
        ancestors = {".".join(name.split(".")[:k]) for k in range(2, name.count(".") + 1)}
        deps = set() if path.suffix == ".pyi" else imported(name, path, mods)
        edges[name] = deps - ancestors - {name}
    return edges


def cycles(edges: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected components of more than one module (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []

    def visit(v: str) -> None:
        index[v] = low[v] = len(index)
        stack.append(v)
        on_stack.add(v)
        for w in sorted(edges[v]):
            if w not in index:
                visit(w)
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
                found.append(sorted(component))

    for v in sorted(edges):
        if v not in index:
            visit(v)
    return found


def test_no_import_cycle() -> None:
    assert cycles(graph()) == []


def test_cycle_finder_finds_a_planted_cycle() -> None:
    edges = graph()
    edges["lastleg.travel.base"] = {"lastleg.routing.problem"}  # routing -> travel -> back
    assert any("lastleg.travel.base" in c for c in cycles(edges))


def test_nothing_imports_the_package_face() -> None:
    offenders = sorted(name for name, deps in graph().items() if "lastleg" in deps)
    assert offenders == []


def test_files_are_short() -> None:
    long = {str(p.relative_to(PACKAGE)): n for p in PACKAGE.rglob("*.py")
            if (n := len(p.read_text(encoding="utf-8").splitlines())) > MAX_FILE_LINES}
    assert long == {}


def long_functions(path: Path) -> list[str]:
    text = path.read_text(encoding="utf-8")
    lines = text.splitlines()
    out = []
    for node in ast.walk(ast.parse(text)):
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
            length = (node.end_lineno or node.lineno) - node.lineno + 1
            head = "\n".join(lines[node.lineno - 1: node.lineno + 3])
            if length > MAX_FUNCTION_LINES and LONG_REASON not in head:
                out.append(f"{path.relative_to(PACKAGE)}:{node.lineno} {node.name} ({length})")
    return out


def test_functions_are_short() -> None:
    assert [f for p in sorted(PACKAGE.rglob("*.py")) for f in long_functions(p)] == []


@pytest.mark.parametrize("source", ["lastleg/cli.py", "lastleg/plan/run.py"])
def test_reader_sees_function_local_imports(source: str) -> None:
    """The graph counts imports inside functions too (the CLI imports lazily)."""
    mods = modules()
    name = module_name(PACKAGE.parent / source)
    assert imported(name, mods[name], mods)
