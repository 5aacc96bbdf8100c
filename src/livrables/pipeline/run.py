"""The build, read top to bottom:

1. inputs  — what every mission is made of, git asked once (inputs.py); a mission whose
             fingerprint is that of its last complete build, outputs intact, is skipped;
2. load    — the others are read and checked (content/);
3. plan    — which deliverables must be made again (plan.py, pure);
4. render  — each one's finished tree through the writers of the formats asked (render.py),
             in worker processes (forks.py);
5. layout  — the PDFs and the contents' page numbers (layout.py);
6. publish — written atomically, stale files taken out, portal and manifest (publish.py).

With many missions, each worker runs steps 2 to 6 for whole missions and returns only what it
did. An error in one deliverable does not stop the others; every error is reported.
"""

from __future__ import annotations

import contextlib
import os
import time
from collections.abc import Callable
from pathlib import Path
from typing import NamedTuple

from livrables.brand.fonts import brand_fonts
from livrables.brand.marque import Marque, load_marque
from livrables.content.mission import Livrable, Mission, load_mission
from livrables.content.validation import suggest
from livrables.deliverables import REGISTRY
from livrables.errors import ContentError, Diagnostic, Report, Severity
from livrables.pipeline.forks import fork_map, worker_number
from livrables.pipeline.inputs import Inputs
from livrables.pipeline.layout import Laid, lay_out
from livrables.pipeline.leftovers import check_leftovers
from livrables.pipeline.manifest import CACHE_DIR
from livrables.pipeline.outputs import clean_scratch, prune_missions
from livrables.pipeline.plan import MissionPlan
from livrables.pipeline.project import Project
from livrables.pipeline.publish import finish, secure, withhold, write_outputs
from livrables.pipeline.render import WORD_TEMPLATE, Resources, render
from livrables.pipeline.result import BuildResult
from livrables.traduction.check import check_translations

Progress = Callable[[int, int], None]


def check(project: Project, slugs: list[str]) -> tuple[Report, Marque | None, list[Mission]]:
    """Load and check the brand and the missions named (all when none), collecting every error."""
    from livrables.pipeline.slides_check import check_slides  # PowerPoint's libraries: here only

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
            check_leftovers(mission, report)
            check_translations(mission, report)
            if marque is not None:
                check_slides(project, mission, marque, report)
    return report, marque, missions


def build(
    project: Project,
    slugs: list[str],
    inputs: Inputs,
    force: bool = False,
    jobs: int | None = None,
    progress: Progress | None = None,
) -> BuildResult:
    """`inputs`: what the build is made of (formats and audience included)."""
    started = time.perf_counter()
    result = BuildResult()
    report = result.report
    inputs.git  # noqa: B018 - git's answers read here, before any worker is forked
    try:
        marque = load_marque(project.templates / "marque.yaml", report)
    except ContentError as exc:
        report.diagnostics.extend(exc.diagnostics)
        return result
    clean_scratch(project.build)
    roots = []
    for root in select_missions(project, slugs, report):
        inputs.fingerprint(root)  # what it is made of, before it is read
        count = None if force else inputs.unchanged(root)
        if count is not None:
            result.up_to_date += count
        else:
            roots.append(root)
    workers = min(jobs or os.cpu_count() or 1, len(roots))
    settings = _Settings(inputs, marque, force, jobs)
    if workers > 1 and len(roots) >= 2 * workers:
        _prepare(project, marque)  # once, inherited by every worker
        total = sum(len(list((root / "livrables").glob("*.md"))) for root in roots)
        done = result.up_to_date
        for part in fork_map(_MissionJob(settings), roots, workers):
            result.merge(part)
            done += part.built + part.failed + part.up_to_date
            if progress:
                progress(done, total + result.up_to_date)
    else:
        if workers > 1:
            _prepare(project, marque)
        build_missions(settings, roots, progress, result)
    if not slugs and not report.errors:
        result.removed += prune_missions(project.build, {p.name for p in project.mission_dirs()})
    result.seconds = time.perf_counter() - started
    return result


class _Settings(NamedTuple):
    """What every mission of a build is built with."""

    inputs: Inputs
    marque: Marque
    force: bool
    jobs: int | None


def build_missions(
    settings: _Settings,
    roots: list[Path],
    progress: Progress | None,
    result: BuildResult,
    slot: int = 0,
) -> None:
    """Steps 2 to 6 for the missions of `roots`; `slot`: the first LibreOffice profile."""
    inputs, marque, force, jobs = settings
    report = result.report
    plans: list[tuple[MissionPlan, Resources]] = []
    for root in roots:
        mission = load(root, report)
        if mission is None:  # its client folder made safe all the same
            secure(inputs.project, root, None, result)
            continue
        plan = MissionPlan(inputs, mission)
        try:
            plans.append((plan, Resources(plan, marque)))
        except ContentError as exc:  # a template that cannot be used: this mission only
            report.diagnostics.extend(exc.diagnostics)
            secure(inputs.project, root, mission, result)
    todo: list[tuple[MissionPlan, Resources, Livrable]] = []
    for plan, resources in plans:
        stale = plan.mission.outputs if force else plan.stale()
        made = {lv.path for lv in stale}  # a deliverable counts once, whatever its languages
        result.up_to_date += sum(lv.path not in made for lv in plan.mission.livrables)
        todo += [(plan, resources, livrable) for livrable in stale]
    workers = min(jobs or os.cpu_count() or 1, len(todo))
    rendered = fork_map(_render_safely, todo, workers, progress)
    failed: set[Path] = set()
    unmade: set[Path] = set()  # deliverables of which an output (a language) failed
    laid = {id(plan): Laid(plan, resources, []) for plan, resources in plans}
    withheld: list[tuple[MissionPlan, Livrable]] = []  # a language not translated enough
    for (plan, _resources, livrable), (outputs, diagnostics) in zip(todo, rendered, strict=True):
        if outputs is None:
            report.diagnostics.extend(diagnostics)
            if any(d.severity is Severity.ERROR for d in diagnostics):
                unmade.add(livrable.path)
                failed.add(plan.mission.root)
            else:
                withheld.append((plan, livrable))
        else:
            laid[id(plan)].rendered.append((livrable, outputs))
    result.failed += len(unmade)
    lay_out(inputs.project, list(laid.values()), report, slot)
    for plan, livrable in withheld:
        withhold(plan, livrable, result)
    for plan, resources in plans:
        made = set()
        for livrable, outputs in laid[id(plan)].rendered:
            write_outputs(plan, livrable, outputs, result)
            made.add(livrable.path)
        result.built += len(made - unmade)
        root = plan.mission.root.resolve()
        complete = plan.mission.root not in failed and not any(
            d.path.resolve().is_relative_to(root) for d in report.errors
        )
        finish(plan, resources, result, complete=complete)


class _MissionJob:
    """One whole mission in a worker: it answers with what it did (no document travels back
    to the parent, whose memory does not grow with the number of missions)."""

    def __init__(self, settings: _Settings) -> None:
        self.settings = settings

    def __call__(self, root: Path) -> BuildResult:
        result = BuildResult()
        try:
            settings = self.settings._replace(jobs=1)
            build_missions(settings, [root], None, result, worker_number())
        except Exception as exc:  # a bug of ours must not stop the other missions
            if os.environ.get("LIVRABLES_DEBUG"):
                raise
            problem = internal_error(exc, root / "mission.yaml", "cette mission", "missions sont")
            result.report.diagnostics.append(problem)
        return result


def _prepare(project: Project, marque: Marque) -> None:
    """What every mission's documents share, made before workers are forked so that each
    inherits it instead of making it again: the brand's fonts cut for embedding, and the Word
    template prepared with them."""
    from livrables.writers.docx.prepared import prepared_template

    fonts = brand_fonts(marque, project.templates, project.build / CACHE_DIR / "polices")
    word = project.templates / WORD_TEMPLATE
    if word.is_file():
        with contextlib.suppress(Exception):  # a broken template is reported by its mission
            prepared_template(word.read_bytes(), marque, fonts)


Rendered = tuple[dict[str, bytes] | None, list[Diagnostic]]


def _render_safely(job: tuple[MissionPlan, Resources, Livrable]) -> Rendered:
    plan, resources, livrable = job
    try:
        return render(plan, resources, livrable, plan.formats), []
    except ContentError as exc:
        return None, exc.diagnostics
    except Exception as exc:  # a bug of ours must not stop the other deliverables
        if os.environ.get("LIVRABLES_DEBUG"):
            raise
        return None, [internal_error(exc, livrable.path, "ce livrable", "livrables sont")]


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
        elif (project.content / slug).is_dir():
            report.error(
                project.content / slug / "mission.yaml",
                1,
                1,
                f"fichier manquant : la mission « {slug} » n'a pas de mission.yaml (la "
                "collectivité, les consultants, les dates) ; « livrables new » en crée un",
            )
        else:
            known = ", ".join(f"« {s} »" for s in available) or "aucune"
            close = suggest(slug, list(available))
            report.error(
                project.content / slug,
                0,
                0,
                f"mission « {slug} » introuvable{close} (missions : {known})",
            )
    return selected


def internal_error(exc: Exception, path: Path, what: str, others: str) -> Diagnostic:
    produced = "produites" if others.startswith("missions") else "produits"
    message = (
        f"erreur interne en produisant {what} ({type(exc).__name__} : {exc}) ; les autres "
        f"{others} {produced}. Signalez-la à l'équipe outil (LIVRABLES_DEBUG=1 affiche le "
        "détail)."
    )
    return Diagnostic(path, 1, 1, message)
