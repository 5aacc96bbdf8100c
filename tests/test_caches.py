"""Every process-lifetime cache is declared in `livrables.caches`, keyed by what it reads:
a process that lives on (the preview, the server's zygote) never hands out a value made
under another environment or from files that changed."""

from __future__ import annotations

import ast
import importlib
import pkgutil
from pathlib import Path

import pytest

import livrables
from livrables import caches

SRC = Path(livrables.__file__).parent
FILES = sorted(SRC.rglob("*.py"))


def _decorators(tree: ast.AST) -> list[tuple[ast.FunctionDef, ast.expr]]:
    return [
        (node, decorator)
        for node in ast.walk(tree)
        if isinstance(node, ast.FunctionDef)
        for decorator in node.decorator_list
    ]


def _name(expr: ast.expr) -> str:
    target = expr.func if isinstance(expr, ast.Call) else expr
    return ast.unparse(target)


@pytest.mark.parametrize("path", FILES, ids=[str(p.relative_to(SRC)) for p in FILES])
def test_no_cache_of_its_own(path: Path) -> None:
    if path.name == "caches.py":
        return
    tree = ast.parse(path.read_text("utf-8"))
    own = [
        f"{node.name}: {_name(decorator)}"
        for node, decorator in _decorators(tree)
        if _name(decorator).split(".")[-1] in {"cache", "lru_cache"}
    ]
    assert own == []


@pytest.mark.parametrize("path", FILES, ids=[str(p.relative_to(SRC)) for p in FILES])
def test_a_cache_that_reads_the_environment_is_keyed_by_it(path: Path) -> None:
    tree = ast.parse(path.read_text("utf-8"))
    for node, decorator in _decorators(tree):
        if _name(decorator) != "process_cache":
            continue
        assert isinstance(decorator, ast.Call)
        declared = {
            ast.literal_eval(element)
            for keyword in decorator.keywords
            if keyword.arg == "env"
            for element in keyword.value.elts  # type: ignore[attr-defined]
        }
        read = {
            call.args[0].value
            for call in ast.walk(node)
            if isinstance(call, ast.Call)
            and ast.unparse(call.func) in {"os.environ.get", "os.getenv"}
            and call.args
            and isinstance(call.args[0], ast.Constant)
        }
        assert read <= declared, f"{node.name} lit {read - declared} sans l'avoir dans sa clé"


def test_every_cache_says_what_it_reads() -> None:
    for module in pkgutil.walk_packages(livrables.__path__, "livrables."):
        if module.name not in {"livrables.__main__", "livrables.pipeline.guard"}:
            importlib.import_module(module.name)
    names = {declared.name for declared in caches.REGISTRY}
    assert "livrables.brand.fonts._cut" in names and "charts.render._MEMORY" in names
    assert len(names) >= 15
    for declared in caches.REGISTRY:
        assert declared.reads in {caches.PURE, caches.PACKAGE, caches.ARGUMENTS}, declared
    fonts = next(d for d in caches.REGISTRY if d.name == "livrables.brand.fonts._cut")
    assert fonts.env == ("SOURCE_DATE_EPOCH",)


def test_the_environment_is_part_of_the_key(monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[str | None] = []

    @caches.process_cache(caches.PURE, env=("LIVRABLES_ESSAI",))
    def probe(value: int) -> str:
        import os

        calls.append(os.environ.get("LIVRABLES_ESSAI"))
        return f"{value}:{os.environ.get('LIVRABLES_ESSAI')}"

    monkeypatch.delenv("LIVRABLES_ESSAI", raising=False)
    assert probe(1) == "1:None" and probe(1) == "1:None"
    monkeypatch.setenv("LIVRABLES_ESSAI", "x")
    assert probe(1) == "1:x"
    assert calls == [None, "x"]
