"""The build, read top to bottom: check everything, plan the outputs whose inputs changed, render
them (in parallel worker processes), write them atomically, record what they were built from.

An error in one deliverable does not stop the others; every error is reported.
"""

from __future__ import annotations

import multiprocessing
import os
import queue
import time
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor, ThreadPoolExecutor
from pathlib import Path
from typing import Any, NamedTuple

from livrables import memo
from livrables.brand.marque import Marque, load_marque
from livrables.content.mission import Livrable, Mission, load_mission
from livrables.deliverables import REGISTRY
from livrables.errors import ContentError, Diagnostic, Report
from livrables.pipeline.mission import MissionBuild, warm
from livrables.pipeline.outputs import clean_scratch, prune_missions
from livrables.pipeline.pdf import LibreOffice
from livrables.pipeline.project import FORMATS, Project, soffice
from livrables.pipeline.resident import close_all
from livrables.pipeline.result import BuildResult
from livrables.pipeline.skip import Precheck
from livrables.pipeline.workers import die_with_parent

Progress = Callable[[int, int], None]
_START_METHODS = multiprocessing.get_all_start_methods()


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
            if marque is not None:
                check_slides(project, mission, marque, report)
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
    keep_office: bool = False,
) -> BuildResult:
    """`keep_office`: the LibreOffice this process started stays open for its next build (the
    preview's background builds); the caller ends it (`resident.close_all`)."""
    started = time.perf_counter()
    if force:
        memo.forget()  # everything read again, nothing taken from a standby (memo.py)
    precheck = precheck or Precheck(project, formats, interne)
    precheck.git  # noqa: B018 - git's answers read here, before any worker is forked
    result = BuildResult()
    report = result.report
    try:
        marque = load_marque(project.templates / "marque.yaml", report)
    except ContentError as exc:
        report.diagnostics.extend(exc.diagnostics)
        return result
    clean_scratch(project.build)
    roots = []
    for root in select_missions(project, slugs, report):
        if not force and precheck.skip(root).unchanged():
            result.up_to_date += precheck.skip(root).count()  # nothing it is made of changed
            continue
        roots.append(root)
    settings = _Settings(project, marque, formats, interne, force, precheck)
    workers = min(jobs or os.cpu_count() or 1, len(roots))
    if workers > 1 and roots:
        warm(project, marque)  # once, inherited by every worker
    try:
        if workers > 1 and len(roots) >= 2 * workers and "fork" in _START_METHODS:
            _build_by_mission(settings, roots, workers, progress, result)
        else:
            _build_roots(settings, roots, jobs, progress, result)
    finally:
        if not keep_office:
            close_all()  # the resident LibreOffices this process started (workers end theirs)
    if not slugs and not report.errors:
        result.removed += prune_missions(project.build, {p.name for p in project.mission_dirs()})
    result.seconds = time.perf_counter() - started
    return result


class _Settings(NamedTuple):
    """What every mission of a build is built with (handed to forked workers by inheritance)."""

    project: Project
    marque: Marque
    formats: tuple[str, ...]
    interne: bool
    force: bool
    precheck: Precheck


def _build_roots(
    settings: _Settings,
    roots: list[Path],
    jobs: int | None,
    progress: Progress | None,
    result: BuildResult,
    slot: int = 0,
) -> None:
    """The missions of `roots` loaded, rendered (deliverables in parallel when `jobs` allows),
    converted to PDF, written and recorded; `slot`: the first LibreOffice profile to use."""
    project, marque, formats, interne, force, precheck = settings
    hasher, git, report = precheck.hasher, precheck.git, result.report
    missions = []
    for root in roots:
        precheck.skip(root)  # its fingerprint taken before it is read: the state built
        mission = load(root, report)
        if mission is not None:
            missions.append(mission)
    plans = []
    for mission in missions:
        try:
            plans.append(MissionBuild(project, mission, marque, formats, interne, hasher, git))
        except ContentError as exc:  # a template that cannot be used: this mission only
            report.diagnostics.extend(exc.diagnostics)
    todo = []
    for plan in plans:
        for livrable in plan.mission.livrables:
            if force or not plan.is_fresh(livrable):
                todo.append((plan, livrable))
            else:
                result.up_to_date += 1
    failed: set[Path] = set()
    rendered: dict[int, list[tuple[Livrable, dict[str, bytes]]]] = {id(p): [] for p in plans}
    for (plan, livrable), (outputs, diagnostics) in zip(
        todo, _render_all(todo, jobs, progress), strict=True
    ):
        if outputs is None:
            result.report.diagnostics.extend(diagnostics)
            result.failed += 1
            failed.add(plan.mission.root)
            continue
        rendered[id(plan)].append((livrable, outputs))
    _add_pdfs(project, plans, rendered, jobs, report, slot)
    for plan in plans:
        for livrable, outputs in rendered[id(plan)]:
            plan.write_outputs(livrable, outputs, result)
            result.built += 1
    for plan in plans:
        root = plan.mission.root.resolve()
        complete = plan.mission.root not in failed and not any(
            d.path.resolve().is_relative_to(root) for d in report.errors
        )
        fingerprint = precheck.skip(plan.mission.root).fingerprint
        plan.finish(result, fingerprint, complete=complete)


def _build_by_mission(
    settings: _Settings,
    roots: list[Path],
    workers: int,
    progress: Progress | None,
    result: BuildResult,
) -> None:
    """Many missions: each worker loads, renders, converts, writes and records whole
    missions, and answers with what it did (no document travels back to this process, which
    holds none: its memory does not grow with the number of missions)."""
    total = sum(len(list((root / "livrables").glob("*.md"))) for root in roots)
    _MISSIONS[:] = [(settings, root) for root in roots]
    done = 0
    try:
        context = multiprocessing.get_context("fork")
        slots = context.Value("i", 0)
        with ProcessPoolExecutor(
            workers, context, initializer=_start_worker, initargs=(slots,)
        ) as pool:
            for part in pool.map(_mission_job, range(len(roots))):
                result.merge(part)
                done += part.built + part.failed + part.up_to_date
                if progress:
                    progress(done, total)
    finally:
        _MISSIONS.clear()


_MISSIONS: list[tuple[_Settings, Path]] = []  # inherited by the forked workers
_SLOT = [0]  # this worker's LibreOffice profile


def _start_worker(slots: Any) -> None:
    die_with_parent()
    with slots.get_lock():
        slots.value += 1
        _SLOT[0] = slots.value


def _mission_job(index: int) -> BuildResult:
    settings, root = _MISSIONS[index]
    result = BuildResult()
    try:
        _build_roots(settings, [root], 1, None, result, _SLOT[0])
    except Exception as exc:  # a bug of ours must not stop the other missions
        if os.environ.get("LIVRABLES_DEBUG"):
            raise
        problem = _internal_error(exc, root / "mission.yaml", "cette mission", "missions sont")
        result.report.diagnostics.append(problem)
    return result


def _add_pdfs(
    project: Project,
    plans: list[MissionBuild],
    rendered: dict[int, list[tuple[Livrable, dict[str, bytes]]]],
    jobs: int | None,
    report: Report,
    slot: int = 0,
) -> None:
    """The PDF stage, mission by mission: LibreOffice calls run side by side (a few threads,
    each with its own LibreOffice profile), as many as there are workers."""
    command = soffice()
    wanted = [p for p in plans if rendered[id(p)] and command is not None]
    if not wanted:
        for plan in plans:  # without LibreOffice: DOCX without page numbers, no PDF
            plan.add_pdfs(rendered[id(plan)], None)
        return
    fonts = [project.templates / "polices"]
    workers = max(1, min(jobs or os.cpu_count() or 1, len(wanted)))
    offices = queue.SimpleQueue[LibreOffice]()
    for number in range(workers):
        offices.put(LibreOffice(str(command), project.build, slot + number, fonts))

    def convert(plan: MissionBuild) -> list[Diagnostic]:
        office = offices.get()
        try:
            return plan.add_pdfs(rendered[id(plan)], office)
        finally:
            offices.put(office)

    with ThreadPoolExecutor(workers) as pool:
        for problems in pool.map(convert, wanted):
            report.diagnostics.extend(problems)
    for plan in plans:
        if plan not in wanted:
            plan.add_pdfs(rendered[id(plan)], None)


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
        with ProcessPoolExecutor(workers, context, initializer=die_with_parent) as pool:
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
        return None, [_internal_error(exc, livrable.path, "ce livrable", "livrables sont")]


def _internal_error(exc: Exception, path: Path, what: str, others: str) -> Diagnostic:
    produced = "produites" if others.startswith("missions") else "produits"
    message = (
        f"erreur interne en produisant {what} ({type(exc).__name__} : {exc}) ; les autres "
        f"{others} {produced}. Signalez-la à l'équipe outil (LIVRABLES_DEBUG=1 affiche le "
        "détail)."
    )
    return Diagnostic(path, 1, 1, message)
