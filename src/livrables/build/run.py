"""The build, read top to bottom: load the brand, then for each mission load, check, render,
write. An error in one deliverable does not stop the others; every error is reported."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

import jinja2

from livrables.blocks import BlockContext
from livrables.brand.marque import Marque, load_marque
from livrables.build.context import document_context
from livrables.build.docx_out import render_docx
from livrables.build.html_out import html_environment, render_html
from livrables.build.portal import render_portal
from livrables.build.project import Project
from livrables.build.writer import write_atomic
from livrables.content.mission import Livrable, Mission, load_mission
from livrables.errors import ContentError, Report
from livrables.markdown.directives import resolve
from livrables.markdown.env import RenderEnv
from livrables.markdown.html import render_html as render_body_html

FORMATS = ("docx", "html")


@dataclass
class BuildResult:
    report: Report = field(default_factory=Report)
    written: list[Path] = field(default_factory=list)
    failed: int = 0


def check(project: Project, slugs: list[str]) -> tuple[Report, Marque | None, list[Mission]]:
    """Load and check the brand and the missions named (all when none), collecting every error."""
    report = Report()
    marque = None
    try:
        marque = load_marque(project.templates / "marque.yaml", report)
    except ContentError as exc:
        report.diagnostics.extend(exc.diagnostics)
    missions = []
    for root in select_missions(project, slugs, report):
        mission = load_mission(root, report)
        if mission is not None:
            missions.append(mission)
    return report, marque, missions


def build(
    project: Project, slugs: list[str], formats: tuple[str, ...] = FORMATS, interne: bool = False
) -> BuildResult:
    report, marque, missions = check(project, slugs)
    result = BuildResult(report)
    if marque is None:
        return result
    for mission in missions:
        MissionBuild(project, mission, marque, formats, interne).run(result)
    return result


def select_missions(project: Project, slugs: list[str], report: Report) -> list[Path]:
    available = {p.name: p for p in project.mission_dirs()}
    if not slugs:
        return list(available.values())
    selected = []
    for slug in slugs:
        if slug in available:
            selected.append(available[slug])
        else:
            known = ", ".join(f"« {s} »" for s in available) or "aucune"
            report.error(
                project.content / slug, 1, 1, f"mission « {slug} » introuvable (missions : {known})"
            )
    return selected


class MissionBuild:
    """Renders one mission's deliverables with the templates found for it."""

    def __init__(
        self,
        project: Project,
        mission: Mission,
        marque: Marque,
        formats: tuple[str, ...],
        interne: bool,
    ) -> None:
        self.project = project
        self.mission = mission
        self.marque = marque
        self.formats = formats
        self.interne = interne
        self.out_dir = project.build / mission.slug / ("interne" if interne else "")
        self.jinja: jinja2.Environment = html_environment(project.template_layers(mission.root))
        self.css = project.find_template("html/style.css", mission.root).read_text("utf-8")
        self.word = project.find_template("word/livrable.docx", mission.root).read_bytes()

    def run(self, result: BuildResult) -> None:
        for livrable in self.mission.livrables:
            try:
                outputs = self.render(livrable)
            except ContentError as exc:
                result.report.diagnostics.extend(exc.diagnostics)
                result.failed += 1
                continue
            except Exception as exc:  # a bug of ours must not stop the other deliverables
                if os.environ.get("LIVRABLES_DEBUG"):
                    raise
                result.report.error(
                    livrable.path,
                    1,
                    1,
                    f"erreur interne en produisant ce livrable ({type(exc).__name__} : {exc}) ; "
                    "les autres livrables sont produits. Signalez-la à l'équipe outil "
                    "(LIVRABLES_DEBUG=1 affiche le détail).",
                )
                result.failed += 1
                continue
            for ext, data in outputs.items():
                self.write(f"{livrable.stem}.{ext}", data, result)
        if "html" in self.formats:
            portal = render_portal(self.jinja, self.mission, self.marque, self.css, self.formats)
            self.write("index.html", portal.encode("utf-8"), result)

    def render(self, livrable: Livrable) -> dict[str, bytes]:
        ctx = document_context(
            livrable, self.mission, self.marque, self.project.templates, self.interne
        )
        blocks = BlockContext(
            self.mission.referentiel, livrable.type.name, livrable.front, self.mission.info
        )
        tokens = resolve(livrable.body.tokens, blocks, self.interne)
        env = RenderEnv(self.mission.root, livrable.path.parent, self.interne)
        outputs: dict[str, bytes] = {}
        if "docx" in self.formats:
            outputs["docx"] = render_docx(self.word, ctx, tokens, env, self.marque)
        if "html" in self.formats:
            body = render_body_html(tokens, env)
            page = render_html(self.jinja, ctx, body, self.marque, self.css)
            outputs["html"] = page.encode("utf-8")
        return outputs

    def write(self, name: str, data: bytes, result: BuildResult) -> None:
        path = self.out_dir / name
        write_atomic(path, data)
        result.written.append(path)
