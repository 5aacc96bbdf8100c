"""The tool's labels as the code writes them: every literal given to `t` or `tf` (both sides
of a conditional), for the test that the catalogues hold each one."""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[2] / "src" / "livrables"


def _strings(node: ast.AST) -> Iterator[str]:
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        yield node.value
    elif isinstance(node, ast.IfExp):
        yield from _strings(node.body)
        yield from _strings(node.orelse)


def literals(package: Path = PACKAGE) -> dict[str, str]:
    """label -> the first `file:line` that asks for it."""
    found: dict[str, str] = {}
    for path in sorted(package.rglob("*.py")):
        tree = ast.parse(path.read_text("utf-8"))
        for node in ast.walk(tree):
            if (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Name)
                and node.func.id in {"t", "tf"}
                and node.args
            ):
                for text in _strings(node.args[0]):
                    if text:
                        found.setdefault(text, f"{path.relative_to(package)}:{node.lineno}")
    return found


LABEL_TABLES = {"ROLES", "MODULE_LABELS"}  # module-level tables of labels a page prints


def label_tables(package: Path = PACKAGE) -> dict[str, str]:
    """The labels kept in tables (`LIBELLES_*`, the offer's modules, RACI roles), the boxes'
    titles (`Container("…")`) and the deliverable types' names (`label="…"`)."""
    found: dict[str, str] = {}
    for path in sorted(package.rglob("*.py")):
        tree = ast.parse(path.read_text("utf-8"))
        where = str(path.relative_to(package))
        for node in ast.walk(tree):
            target = None
            if isinstance(node, ast.Assign) and isinstance(node.targets[0], ast.Name):
                target, value = node.targets[0].id, node.value
            elif isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name):
                target, value = node.target.id, node.value
            labels = target and (target.startswith("LIBELLES_") or target in LABEL_TABLES)
            if labels and isinstance(value, ast.Dict):
                for item in value.values:
                    for text in _strings(item):
                        found.setdefault(text, f"{where}:{node.lineno}")
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Name):
                if node.func.id == "Container" and node.args:
                    for text in _strings(node.args[0]):
                        if text:
                            found.setdefault(text, f"{where}:{node.lineno}")
                for keyword in node.keywords:
                    if node.func.id == "DeliverableType" and keyword.arg in {"label", "module"}:
                        for text in _strings(keyword.value):
                            found.setdefault(text, f"{where}:{node.lineno}")
    return found
