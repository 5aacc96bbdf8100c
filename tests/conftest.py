"""Shared fixtures: a copy of the firm's repository (templates + sample mission) per test."""

from __future__ import annotations

import os
import shutil
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from livrables.cli import cli

REPO = Path(__file__).resolve().parent.parent
SAMPLE = "valbrune"
# What the sample also makes in English (`langues: [en]` in mission.yaml, narrowed to three
# deliverables by their front matter), and its relations kit in two columns (`bilingue: en`)
TRANSLATED = [
    "note-strategique.en",
    "kit-relations.en",
    "kit-relations.fr-en",
    "restitution-diagnostic.en",
]

# Builds in the tests make DOCX and HTML only: LibreOffice takes seconds a mission, and a DOCX's
# table of contents gets page numbers only when it runs. The PDF tests turn it back on.
os.environ.setdefault("LIVRABLES_SOFFICE", "non")
# A `livrables` run as a subprocess runs in that process: no server left behind by the suite
# (tests/test_server.py turns it on, in a folder of its own).
os.environ["LIVRABLES_SERVEUR"] = "non"
# The suite already runs on every core (pytest-xdist): a build in a test works alone, unless
# it asks for workers (`--jobs 2`, the tests of parallel builds).
os.environ.setdefault("LIVRABLES_JOBS", "1")


@dataclass
class Repo:
    """A throw-away copy of the firm's repository, with helpers to break its content."""

    root: Path

    @property
    def mission(self) -> Path:
        return self.root / "content" / SAMPLE

    def write(self, relative: str, text: str) -> Path:
        path = self.mission / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        return path

    def replace(self, relative: str, old: str, new: str) -> Path:
        path = self.mission / relative
        text = path.read_text(encoding="utf-8")
        assert old in text, f"{old!r} not in {relative}"
        path.write_text(text.replace(old, new, 1), encoding="utf-8")
        return path

    def add_picture(self, relative: str, name: str = "photo.png") -> str:
        """A picture of the deliverable's own (the sample's figures are all charts drawn from
        the referential): the file in images/, a paragraph showing it after the first heading.
        Returns its path as the Markdown writes it."""
        (self.mission / "images" / name).write_bytes(
            (self.mission / "images" / "logo-valbrune.png").read_bytes()
        )
        src = f"../images/{name}"
        path = self.mission / relative
        lines = path.read_text(encoding="utf-8").split("\n")
        heading = next(i for i, line in enumerate(lines) if line.startswith("# "))
        lines[heading + 1 : heading + 1] = ["", f'![Photo de la réunion]({src} "La réunion")']
        path.write_text("\n".join(lines), encoding="utf-8")
        return src

    def french_only(self, stem: str) -> None:
        """The deliverable made in French only (`langues: []`): a test that edits a `valide`
        deliverable's text about something else than its translation."""
        self.replace(f"livrables/{stem}.md", "\nstatut:", "\nlangues: []\nstatut:")

    def line_of(self, relative: str, needle: str) -> int:
        lines = (self.mission / relative).read_text(encoding="utf-8").split("\n")
        return next(i for i, line in enumerate(lines, 1) if needle in line)


@pytest.fixture
def repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Repo:
    root = tmp_path / "depot"
    shutil.copytree(REPO / "templates", root / "templates")
    shutil.copytree(REPO / "content" / SAMPLE, root / "content" / SAMPLE)
    monkeypatch.chdir(root)
    return Repo(root)


@dataclass
class Built:
    """The sample mission built once for a whole test module (read-only)."""

    root: Path

    def docx(self, stem: str) -> Path:
        return self.root / "build" / SAMPLE / f"{stem}.docx"

    def html(self, stem: str) -> str:
        return (self.root / "build" / SAMPLE / f"{stem}.html").read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Built:
    root = tmp_path_factory.mktemp("depot")
    shutil.copytree(REPO / "templates", root / "templates")
    shutil.copytree(REPO / "content" / SAMPLE, root / "content" / SAMPLE)
    build_in(root)
    return Built(root)


def build_in(root: Path) -> None:
    """`livrables build` in `root`, from a fixture that cannot use monkeypatch.chdir."""
    previous = Path.cwd()
    os.chdir(root)
    try:
        result = CliRunner().invoke(cli, ["build"], prog_name="livrables")
    finally:
        os.chdir(previous)
    assert result.exit_code == 0, result.output


@pytest.fixture
def run() -> Callable[..., Result]:
    """Run the CLI in-process, as a consultant would type it."""

    def invoke(*args: str) -> Result:
        result = CliRunner().invoke(cli, list(args), prog_name="livrables")
        if result.exit_code:  # shown with the test's failure, if it fails
            print(f"livrables {' '.join(args)} -> {result.exit_code}\n{result.output}")
        return result

    return invoke
