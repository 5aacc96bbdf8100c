"""Plan: for one mission, which deliverables must be made again, where each output goes and
what key it is recorded under. Pure: it reads the mission's inputs and the last manifest, and
decides; nothing is written.
"""

from __future__ import annotations

from pathlib import Path

from livrables.content.mission import Livrable, Mission
from livrables.document.directives import DIAPORAMA
from livrables.pipeline.formats import extension
from livrables.pipeline.inputs import Inputs, output_key
from livrables.pipeline.outputs import Folders
from livrables.pipeline.project import Project, soffice

NUMBERED = "numéroté"  # a DOCX whose contents carry page numbers (page layout made them)


class MissionPlan:
    """One mission's build, decided: its deliverables, their keys, their freshness."""

    def __init__(self, inputs: Inputs, mission: Mission, folders: Folders | None = None) -> None:
        self.inputs = inputs
        self.project: Project = inputs.project
        self.mission = mission
        self.formats = inputs.formats
        self.interne = inputs.interne
        self.folders = folders or Folders(self.project.build, mission.slug)
        self.manifest = inputs.manifest(mission.slug)
        self._keys: dict[tuple[Path, str], str] = {}

    @staticmethod
    def is_deck(livrable: Livrable) -> bool:
        return livrable.type.name == DIAPORAMA

    def internal(self, livrable: Livrable) -> bool:
        """Whether the deliverable is built with its internal notes, outside the client folder."""
        return self.interne or livrable.front.diffusion == "interne"

    def extensions(self, livrable: Livrable) -> list[str]:
        """The files the formats asked make of it."""
        return [extension(fmt, self.is_deck(livrable)) for fmt in self.formats]

    def variant(self, ext: str) -> str:
        """How an output is made beside its inputs: a DOCX's contents are numbered when
        LibreOffice is there to lay it out (layout.py)."""
        return NUMBERED if ext == "docx" and soffice() is not None else ""

    def key(self, livrable: Livrable, ext: str, variant: str | None = None) -> str:
        which = (livrable.path, livrable.langue)
        if which not in self._keys:
            internal = self.internal(livrable)
            self._keys[which] = self.inputs.deliverable(self.mission, livrable, internal)
        made = self.variant(ext) if variant is None else variant
        return output_key(self._keys[which], ext, made)

    def name(self, livrable: Livrable, ext: str) -> str:
        """The output's name relative to `build/`, as the manifest records it."""
        return self.folders.name(self.internal(livrable), f"{livrable.stem}.{ext}")

    def is_fresh(self, livrable: Livrable) -> bool:
        return all(
            self.manifest.is_fresh(self.name(livrable, ext), self.key(livrable, ext))
            for ext in self.extensions(livrable)
        )

    def stale(self) -> list[Livrable]:
        return [lv for lv in self.mission.outputs if not self.is_fresh(lv)]
