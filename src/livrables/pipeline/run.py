"""The build, read top to bottom: check everything, plan the outputs whose inputs changed, render
them (in parallel worker processes), write them atomically, record what they were built from.

An error in one deliverable does not stop the others; every error is reported.
"""

from __future__ import annotations

import multiprocessing
import os
import time
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

import jinja2

from livrables.brand.marque import Marque, load_marque
from livrables.content.mission import Livrable, Mission, load_mission
from livrables.content.registry import BlockContext
from livrables.deliverables import BLOCKS, REGISTRY
from livrables.errors import ContentError, Diagnostic, Report
from livrables.filters import FilterContext, run_filters
from livrables.markdown.reader import read
from livrables.pipeline.cache import CACHE_DIR, Hasher, Manifest
from livrables.pipeline.context import document_context
from livrables.pipeline.gitinfo import GitInfo, Stamp, stamp
from livrables.pipeline.history import history_block
from livrables.pipeline.project import FORMATS, Project
from livrables.pipeline.skip import COUNT, FINGERPRINT, Precheck
from livrables.pipeline.writer import write_atomic
from livrables.writers.docx.package import render_docx
from livrables.writers.html.body import render_body
from livrables.writers.html.page import html_environment, render_html
from livrables.writers.portal import render_portal

Progress = Callable[[int, int], None]


@dataclass
class BuildResult:
    report: Report = field(default_factory=Report)
    written: list[Path] = field(default_factory=list)
    built: int = 0  # deliverables rendered
    up_to_date: int = 0  # deliverables whose inputs did not change
    failed: int = 0
    seconds: float = 0.0


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
        mission = load(root, report)
        if mission is not None:
            missions.append(mission)
    return report, marque, missions


def build(
    project: Project,
    slugs: list[str],
    formats: tuple[str, ...] = FORMATS,
    interne: bool = False,
    force: bool = False,
    jobs: int | None = None,
    progress: Progress | None = None,
    precheck: Precheck | None = None,
) -> BuildResult:
    started = time.perf_counter()
    precheck = precheck or Precheck(project, formats, interne)
    result = BuildResult()
    report = result.report
    try:
        marque = load_marque(project.templates / "marque.yaml", report)
    except ContentError as exc:
        report.diagnostics.extend(exc.diagnostics)
        return result
    hasher, git = precheck.hasher, precheck.git
    missions = []
    for root in select_missions(project, slugs, report):
        skip = precheck.skip(root)
        if not force and skip.unchanged():
            result.up_to_date += skip.count()  # nothing it is made of changed: not even read
            continue
        mission = load(root, report)
        if mission is not None:
            missions.append(mission)
    plans = [MissionBuild(project, m, marque, formats, interne, hasher, git) for m in missions]
    todo = []
    for plan in plans:
        for livrable in plan.mission.livrables:
            if force or not plan.is_fresh(livrable):
                todo.append((plan, livrable))
            else:
                result.up_to_date += 1
    for (plan, livrable), (outputs, diagnostics) in zip(
        todo, _render_all(todo, jobs, progress), strict=True
    ):
        if outputs is None:
            result.report.diagnostics.extend(diagnostics)
            result.failed += 1
            continue
        plan.write_outputs(livrable, outputs, result)
        result.built += 1
    failed_missions = {d.path.resolve().parents[1] for d in report.errors}
    for plan in plans:
        root = plan.mission.root
        fingerprint = precheck.skip(root).fingerprint
        plan.finish(result, fingerprint, complete=root.resolve() not in failed_missions)
    result.seconds = time.perf_counter() - started
    return result


def load(root: Path, report: Report) -> Mission | None:
    """One mission, checked against the registered deliverable types and blocks."""
    return load_mission(root, report, REGISTRY)


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


Job = tuple["MissionBuild", Livrable]
Rendered = tuple[dict[str, bytes] | None, list[Diagnostic]]
_JOBS: list[Job] = []  # handed to forked workers by inheritance, not by pickling


def _render_all(todo: list[Job], jobs: int | None, progress: Progress | None) -> list[Rendered]:
    """Render every job, in worker processes when there are several and the system can fork."""
    workers = min(jobs or os.cpu_count() or 1, len(todo))
    results: list[Rendered] = []
    if workers <= 1 or "fork" not in multiprocessing.get_all_start_methods():
        for done, job in enumerate(todo, 1):
            results.append(_render_safely(job))
            if progress:
                progress(done, len(todo))
        return results
    _JOBS[:] = todo
    try:
        context = multiprocessing.get_context("fork")
        with ProcessPoolExecutor(workers, mp_context=context) as pool:
            for done, rendered in enumerate(pool.map(_render_job, range(len(todo))), 1):
                results.append(rendered)
                if progress:
                    progress(done, len(todo))
    finally:
        _JOBS.clear()
    return results


def _render_job(index: int) -> Rendered:
    return _render_safely(_JOBS[index])


def _render_safely(job: Job) -> Rendered:
    plan, livrable = job
    try:
        return plan.render(livrable), []
    except ContentError as exc:
        return None, exc.diagnostics
    except Exception as exc:  # a bug of ours must not stop the other deliverables
        if os.environ.get("LIVRABLES_DEBUG"):
            raise
        message = (
            f"erreur interne en produisant ce livrable ({type(exc).__name__} : {exc}) ; les "
            "autres livrables sont produits. Signalez-la à l'équipe outil (LIVRABLES_DEBUG=1 "
            "affiche le détail)."
        )
        return None, [Diagnostic(livrable.path, 1, 1, message)]


class MissionBuild:
    """Renders one mission's deliverables with the templates found for it."""

    def __init__(
        self,
        project: Project,
        mission: Mission,
        marque: Marque,
        formats: tuple[str, ...],
        interne: bool,
        hasher: Hasher,
        git: GitInfo,
    ) -> None:
        self.project = project
        self.mission = mission
        self.marque = marque
        self.formats = formats
        self.interne = interne
        self.hasher = hasher
        self.git = git
        self.out_dir = project.build / mission.slug / ("interne" if interne else "")
        cache_name = f"{mission.slug}{'-interne' if interne else ''}.json"
        self.manifest = Manifest(project.build / CACHE_DIR / cache_name, self.out_dir)
        layers = project.template_layers(mission.root)
        self.jinja: jinja2.Environment = html_environment(layers)
        self.css = project.find_template("html/style.css", mission.root).read_text("utf-8")
        self.word = project.find_template("word/livrable.docx", mission.root).read_bytes()
        # every file that shapes every deliverable of the mission
        root = mission.root
        self.shared_inputs = [
            root / "mission.yaml",
            *sorted((root / "referentiel").glob("*.y*ml")),
            *(p for layer in layers for p in sorted(layer.rglob("*")) if p.is_file()),
        ]
        if mission.info.collectivite.logo:
            self.shared_inputs.append(root / mission.info.collectivite.logo)
        self.stamps: dict[Path, Stamp] = {}
        self.keys: dict[Path, str] = {}
        # the content files whose git history dates and versions a deliverable
        self.content_inputs = [
            root / "mission.yaml",
            *sorted((root / "referentiel").glob("*.y*ml")),
        ]

    def stamp(self, livrable: Livrable) -> Stamp:
        """Version, date and draft state; asked for by the cache key, the document and the
        portal, computed once (and inherited by the forked workers)."""
        if livrable.path not in self.stamps:
            inputs = [*self.content_inputs, *livrable.images]
            front = livrable.front
            self.stamps[livrable.path] = stamp(
                self.git, livrable.path, inputs, front.version, front.date
            )
        return self.stamps[livrable.path]

    def key(self, livrable: Livrable) -> str:
        if livrable.path not in self.keys:
            inputs = [livrable.path, *livrable.images, *self.shared_inputs]
            salt = f"{','.join(self.formats)}|interne={self.interne}|{self.stamp(livrable)}"
            self.keys[livrable.path] = self.hasher.key(inputs, salt)
        return self.keys[livrable.path]

    def names(self, livrable: Livrable) -> list[str]:
        return [f"{livrable.stem}.{ext}" for ext in self.formats]

    def is_fresh(self, livrable: Livrable) -> bool:
        key = self.key(livrable)
        return all(self.manifest.is_fresh(name, key) for name in self.names(livrable))

    def render(self, livrable: Livrable) -> dict[str, bytes]:
        """load -> tree -> filters -> writers: each format from the same filtered tree."""
        version = self.stamp(livrable)
        ctx = document_context(
            livrable, self.mission, self.marque, self.project.templates, self.interne, version
        )
        blocks = BlockContext(
            self.mission.referentiel, livrable.type.name, livrable.front, self.mission.info
        )
        tree = read(livrable.body if self.interne else livrable.client_body)
        if livrable.front.historique:
            tree.children.append(history_block(version, self.git.available))
        filters = FilterContext(
            blocks, BLOCKS, self.interne, self.mission.root, livrable.path.parent
        )
        run_filters(tree, filters)
        outputs: dict[str, bytes] = {}
        if "docx" in self.formats:
            outputs["docx"] = render_docx(self.word, ctx, tree, self.marque)
        if "html" in self.formats:
            page = render_html(self.jinja, ctx, render_body(tree), self.marque, self.css)
            outputs["html"] = page.encode("utf-8")
        return outputs

    def write_outputs(
        self, livrable: Livrable, outputs: dict[str, bytes], result: BuildResult
    ) -> None:
        key = self.key(livrable)
        for ext, data in outputs.items():
            name = f"{livrable.stem}.{ext}"
            self.write(name, data, result)
            self.manifest.record(name, key)

    def finish(self, result: BuildResult, fingerprint: str, complete: bool) -> None:
        """The portal (rewritten only when it changes) and the manifest; a mission built whole,
        without errors, records its fingerprint so that an unchanged next run skips it."""
        if "html" in self.formats and complete:  # with errors the last good portal stays
            versions = {
                lv.stem: (self.stamp(lv).version, self.stamp(lv).date)
                for lv in self.mission.livrables
            }
            portal = render_portal(
                self.jinja, self.mission, self.marque, self.css, self.formats, versions
            )
            self.write("index.html", portal.encode("utf-8"), result)
        if complete:
            self.manifest.record(FINGERPRINT, fingerprint)
            self.manifest.record(COUNT, str(len(self.mission.livrables)))
        elif FINGERPRINT in self.manifest.entries:
            del self.manifest.entries[FINGERPRINT]
            self.manifest.changed = True
        self.manifest.save()

    def write(self, name: str, data: bytes, result: BuildResult) -> None:
        path = self.out_dir / name
        if path.is_file() and path.read_bytes() == data:
            return
        write_atomic(path, data)
        result.written.append(path)
