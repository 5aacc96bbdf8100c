"""What a project's standby makes before its first command (server.py), so that the commands
forked from it start warm:

- the code: the most recently edited mission rendered once, in memory, and its portal (the
  templates compiled, the Word template prepared, Python's own warm-up of the code run), the
  objects it made then dropped;
- the content: the templates' files hashed, and the ten most recently edited missions hashed
  and read, for about two seconds at most (memo.py keeps them, keyed by the files' very text
  and dates): a command finds there what did not change since.

Writes nothing but the caches a build writes (fonts cut, charts drawn, in build/.cache).
"""

from __future__ import annotations

import contextlib
import time
from pathlib import Path

from livrables import memo
from livrables.brand.marque import load_marque
from livrables.charts import render as chart_engine
from livrables.errors import Report
from livrables.pipeline.cache import Hasher, package_digest
from livrables.pipeline.gitinfo import GitInfo
from livrables.pipeline.mission import MissionBuild, warm
from livrables.pipeline.project import FORMATS, Project, files_under, find_project
from livrables.pipeline.run import load
from livrables.writers.portal import render_portal

BUDGET_SECONDS = 2.0  # of reading missions ahead: a hundred missions are not all read,
MISSIONS_KEPT = 10  # and the standby's memory does not grow with them


def warm_project(folder: str, budget: float = BUDGET_SECONDS) -> None:
    project = find_project(Path(folder))
    if project is None:
        return
    package_digest()
    missions = sorted(project.mission_dirs(), key=_last_edit, reverse=True)
    if missions:
        _run_code(project, missions[0])
    memo.fill()
    try:
        marque = load_marque(project.templates / "marque.yaml", Report())
        warm(project, marque)
        hasher = Hasher()
        deadline = time.monotonic() + budget
        for path in files_under(project.templates):
            hasher.file(path)
        for root in missions[:MISSIONS_KEPT]:
            for path in files_under(root):
                hasher.file(path)
            load(root, Report())
            if time.monotonic() > deadline:
                break
    finally:
        memo.serve()


def _run_code(project: Project, root: Path) -> None:
    """One mission rendered in memory: what its documents are made with gets made once."""
    report = Report()
    marque = load_marque(project.templates / "marque.yaml", report)
    mission = load(root, report)
    if mission is None:
        return
    git = GitInfo.load(project.root)
    plan = MissionBuild(project, mission, marque, FORMATS, False, Hasher(), git)
    # a chart not drawn yet is drawn by another interpreter: the chart engine's threads would
    # be forked into every command (and a forked child cannot use the engine it inherits)
    elsewhere = not chart_engine.ENGINE_PID
    if elsewhere:
        chart_engine.ENGINE_PID.append(-1)
    try:
        for livrable in mission.livrables:
            with contextlib.suppress(Exception):  # its errors are its build's to report
                plan.render(livrable)
    finally:
        if elsewhere:
            chart_engine.ENGINE_PID.clear()
    listed = mission.livrables
    with contextlib.suppress(Exception):
        versions = {lv.stem: (plan.stamp(lv).version, plan.stamp(lv).date) for lv in listed}
        render_portal(plan.jinja, mission, listed, marque, plan.css, FORMATS, versions)


def _last_edit(root: Path) -> int:
    folder = root / "livrables"
    try:
        return max((p.stat().st_mtime_ns for p in folder.iterdir()), default=0)
    except OSError:
        return 0
