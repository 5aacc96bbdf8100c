"""The firm's repository: where content, templates and build outputs live, and template layers."""

from __future__ import annotations

import os
import shutil
from dataclasses import dataclass
from pathlib import Path

from livrables.errors import ContentError

FORMATS = ("docx", "html", "pdf")  # made by default: every format, on every machine


def default_formats() -> tuple[str, ...]:
    return FORMATS


def soffice() -> str | None:
    """LibreOffice's command, or None; LIVRABLES_SOFFICE names another one (or "non")."""
    chosen = os.environ.get("LIVRABLES_SOFFICE")
    if chosen is not None:
        return None if chosen in {"", "non", "0"} else chosen
    return shutil.which("soffice") or shutil.which("libreoffice")


@dataclass(frozen=True)
class Project:
    root: Path

    @property
    def content(self) -> Path:
        return self.root / "content"

    @property
    def templates(self) -> Path:
        return self.root / "templates"

    @property
    def build(self) -> Path:
        return self.root / "build"

    def mission_dirs(self) -> list[Path]:
        if not self.content.is_dir():
            return []
        return sorted(p for p in self.content.iterdir() if (p / "mission.yaml").is_file())

    def template_layers(self, mission_root: Path | None) -> list[Path]:
        """Where templates are looked up, first match wins: the mission's, then the firm's."""
        layers = [self.templates]
        if mission_root is not None:
            layers.insert(0, mission_root / "templates")
        return [layer for layer in layers if layer.is_dir()]

    def find_template(self, relative: str, mission_root: Path | None) -> Path:
        for layer in self.template_layers(mission_root):
            candidate = layer / relative
            if candidate.is_file():
                if not candidate.resolve().is_relative_to(self.root.resolve()):
                    raise ContentError.at(
                        candidate, 1, 1, "gabarit refusé : lien vers un fichier hors du dépôt"
                    )
                return candidate
        raise ContentError.at(self.templates / relative, 1, 1, "gabarit introuvable")


def files_under(folder: Path) -> list[Path]:
    """The files at any depth under `folder`, sorted, as `sorted(folder.rglob("*"))` keeping
    the files gives them (a link to a file is one; a linked folder is not entered), at a third
    of its cost: a build lists every mission's folder to know whether it changed."""
    found = []
    for parent, _folders, names in os.walk(folder):
        for name in names:
            path = os.path.join(parent, name)
            if os.path.isfile(path):
                found.append(Path(path))
    return sorted(found)


def find_project(start: Path) -> Project | None:
    """The nearest folder at or above `start` holding templates/marque.yaml."""
    start = start.resolve()  # once: every path of the build derives from it
    for folder in (start, *start.parents):
        if (folder / "templates" / "marque.yaml").is_file():
            return Project(folder)
    return None
