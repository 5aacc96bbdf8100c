"""The shape of the code: one direction for imports, no cycles, no writer importing another.

Read from the source with `ast` (imports under `if TYPE_CHECKING:` are annotations, not
dependencies, and are left out), so the test needs nothing to be importable.
"""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parent.parent / "src"
PACKAGE = SRC / "livrables"

DESIGN = SRC.parent / "DESIGN.md"


def _table(heading: str) -> dict[str, float]:
    """The rows `| number | `name` | sentence |` of the table after `heading` in DESIGN.md:
    the layers the design states are the ones this test checks."""
    text = DESIGN.read_text("utf-8")
    rows: dict[str, float] = {}
    for line in text[text.index(heading) :].splitlines()[1:]:
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if rows and not line.startswith("|"):
            break
        if len(cells) == 3 and cells[1].startswith("`"):
            rows[cells[1].strip("`")] = float(cells[0])
    return rows


# a module may import only from its own package or from a layer below
LAYERS = _table("| layer | package |")
STEPS = _table("| step | module |")
WRITERS = "livrables.writers"


def module_name(path: Path) -> str:
    parts = path.relative_to(SRC).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _is_type_checking(node: ast.If) -> bool:
    test = node.test
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING"
    )


def imports_of(path: Path, annotations: bool = False) -> set[str]:
    """The `livrables` modules a file imports at run time (at any depth, functions included);
    with `annotations`, those it names for the type checker too."""
    tree = ast.parse(path.read_text("utf-8"))
    found: set[str] = set()

    def visit(node: ast.AST) -> None:
        if isinstance(node, ast.If) and _is_type_checking(node) and not annotations:
            for child in node.orelse:
                visit(child)
            return
        if isinstance(node, ast.Import):
            found.update(a.name for a in node.names if a.name.startswith("livrables"))
        elif isinstance(node, ast.ImportFrom) and (node.module or "").startswith("livrables"):
            module = str(node.module)
            for alias in node.names:
                candidate = f"{module}.{alias.name}"
                found.add(candidate if candidate in MODULES else module)
        for child in ast.iter_child_nodes(node):
            visit(child)

    visit(tree)
    return found


FILES = sorted(PACKAGE.rglob("*.py"))
MODULES = {module_name(p) for p in FILES}
GRAPH = {module_name(p): imports_of(p) - {module_name(p)} for p in FILES}
# with the names imported for the type checker: a cycle there is a cycle of the design
NAMED = {module_name(p): imports_of(p, annotations=True) - {module_name(p)} for p in FILES}


def layer(module: str) -> tuple[str, float]:
    parts = module.split(".")
    top = parts[1] if len(parts) > 1 else "__init__"
    assert top in LAYERS, f"{module}: package {top!r} has no layer in tests/test_architecture.py"
    return top, LAYERS[top]


def find_cycle(graph: dict[str, set[str]]) -> list[str] | None:
    state: dict[str, int] = {}  # 1: on the current path, 2: done
    path: list[str] = []

    def visit(node: str) -> list[str] | None:
        state[node] = 1
        path.append(node)
        for target in sorted(graph.get(node, ())):
            if state.get(target) == 1:
                return path[path.index(target) :] + [target]
            if target not in state and (cycle := visit(target)):
                return cycle
        path.pop()
        state[node] = 2
        return None

    for node in sorted(graph):
        if node not in state and (cycle := visit(node)):
            return cycle
    return None


def test_design_states_every_package() -> None:
    tops = {m.split(".")[1] if "." in m else "__init__" for m in MODULES}
    assert len(LAYERS) > 20 and tops <= set(LAYERS), tops - set(LAYERS)
    assert set(STEPS) <= {m.rsplit(".", 1)[1] for m in MODULES if ".pipeline." in m}
    assert "inputs" in STEPS and "run" in STEPS


def test_the_build_steps_point_down() -> None:
    wrong = []
    for module, targets in GRAPH.items():
        name = module.rsplit(".", 1)[-1]
        if ".pipeline." not in module or name not in STEPS:
            continue
        for target in targets:
            other = target.rsplit(".", 1)[-1]
            if ".pipeline." in target and other in STEPS and STEPS[other] <= STEPS[name]:
                wrong.append(f"{module} -> {target}")
    assert wrong == []


def test_the_graph_is_read() -> None:
    assert "livrables.pipeline.run" in GRAPH
    assert "livrables.writers.docx.body" in GRAPH["livrables.writers.docx.package"]


def test_no_import_cycle() -> None:
    assert find_cycle(GRAPH) is None


def test_no_cycle_even_in_annotations() -> None:
    """`writers/docx` included: a module that draws for the writer names what it needs of
    it (a protocol), not the writer itself."""
    assert find_cycle(NAMED) is None


def test_cycle_finder_finds_one() -> None:
    graph = {"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}
    assert find_cycle(graph) == ["a", "b", "c", "a"]


def test_imports_point_down() -> None:
    wrong = []
    for module, targets in GRAPH.items():
        top, rank = layer(module)
        for target in targets:
            target_top, target_rank = layer(target)
            if target_top != top and target_rank <= rank:
                wrong.append(f"{module} -> {target}")
    assert wrong == []


def _writer(module: str) -> str | None:
    if not module.startswith(WRITERS + "."):
        return None
    return module.split(".")[2]


def test_no_writer_imports_another() -> None:
    wrong = [
        f"{module} -> {target}"
        for module, targets in GRAPH.items()
        for target in targets
        if _writer(module) and _writer(target) and _writer(module) != _writer(target)
    ]
    assert wrong == []


@pytest.mark.parametrize("path", FILES, ids=[module_name(p) for p in FILES])
def test_modules_stay_readable(path: Path) -> None:
    assert len(path.read_text("utf-8").splitlines()) <= 400


def _imported_by(statement: str, candidates: tuple[str, ...]) -> list[str]:
    """Which of `candidates` a fresh interpreter has loaded after `statement`."""
    probe = (
        f"import sys\n{statement}\nprint(' '.join(m for m in {candidates!r} if m in sys.modules))"
    )
    done = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, check=True, cwd=SRC
    )
    return done.stdout.split()


def test_a_build_imports_what_it_uses_only() -> None:
    """Start-up is paid by every build: libraries of other commands, of decks, of drawing and
    of cutting fonts load when they are needed, not with the pipeline."""
    heavy = ("pptx", "vl_convert", "fontTools", "xlsxwriter", "watchfiles", "diff_match_patch")
    assert _imported_by("import livrables.pipeline.run", heavy) == []
    # a build with nothing to do decides before the pipeline is imported
    pipeline = ("docx", "docxtpl", "pydantic", "jinja2", "markdown_it", "lxml", "yaml")
    assert _imported_by("import livrables.cli, livrables.pipeline.inputs", pipeline) == []
