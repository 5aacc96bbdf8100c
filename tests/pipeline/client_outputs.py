"""Building one deliverable in-process and reading back every byte a client would receive."""

from __future__ import annotations

import io
import shutil
import zipfile
from pathlib import Path

from livrables.brand.marque import load_marque
from livrables.content.mission import Mission, load_livrable
from livrables.deliverables import REGISTRY
from livrables.errors import Report
from livrables.pipeline.inputs import Inputs
from livrables.pipeline.plan import MissionPlan
from livrables.pipeline.project import Project
from livrables.pipeline.render import Resources, render
from livrables.pipeline.run import load
from livrables.writers.portal import render_portal
from tests.conftest import REPO, SAMPLE

FRONT = "---\ntype: note-strategique\ntitre: Note de test\nstatut: brouillon\n---\n"


class Workbench:
    """A copy of the firm's repository whose sample mission holds one deliverable, `essai.md`."""

    def __init__(self, root: Path) -> None:
        self.root = root
        shutil.copytree(REPO / "templates", root / "templates")
        mission = root / "content" / SAMPLE
        shutil.copytree(REPO / "content" / SAMPLE, mission)
        for path in (mission / "livrables").glob("*.md"):
            path.unlink()
        self.path = mission / "livrables" / "essai.md"
        self.project = Project(root)
        self.marque = load_marque(root / "templates" / "marque.yaml")
        self.mission: Mission | None = None  # loaded once; then only `essai.md` is read again

    def load(self, body: str, front: str = FRONT) -> tuple[Mission | None, Report]:
        self.path.write_text(front + body, encoding="utf-8")
        report = Report()
        if self.mission is None:
            self.mission = load(self.path.parent.parent, report)
            return self.mission, report
        mission = self.mission
        livrable = load_livrable(self.path, mission.referentiel, report, REGISTRY, mission.info)
        mission.livrables = [livrable] if livrable is not None else []
        return (mission if livrable is not None else None), report

    def client_bytes(self, mission: Mission, interne: bool = False) -> list[bytes]:
        """Every output of the deliverable (the client's, or the internal build's), each DOCX
        part unzipped, and the portal."""
        formats = ("docx", "html")
        plan = MissionPlan(Inputs(self.project, formats, interne), mission)
        resources = Resources(plan, self.marque)
        (livrable,) = mission.livrables
        outputs = render(plan, resources, livrable, formats)
        parts = [outputs["html"]]
        office = outputs.get("docx") or outputs["pptx"]  # a deck's is a PowerPoint
        with zipfile.ZipFile(io.BytesIO(office)) as archive:
            parts += [archive.read(name) for name in archive.namelist()]
        versions = {livrable.stem: ("1", None)}
        portal = render_portal(
            resources.jinja, mission, [livrable], self.marque, resources.css, formats, versions
        )
        return [*parts, portal.encode("utf-8")]
