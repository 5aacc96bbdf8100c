"""Which missions a change touches: what a CI builds after a push (`livrables list
--changed-since REF`), one parallel job per mission in the CI's own matrix.

What a mission is made of is defined once, in inputs.py: a file under `content/<mission>/`
touches that mission; the firm's identity (`templates/`) or the tool itself (its code and data,
its locked dependencies, the Makefile) touches every mission;
anything else (the README, the tests) touches none. A REF git does not know (the first push of
a branch, a shallow clone) touches every mission: building too much is safe, too little is not.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from livrables.pipeline.gitinfo import git_command
from livrables.pipeline.inputs import EVERY_MISSION, mission_prefix
from livrables.pipeline.project import Project


@dataclass(frozen=True)
class Changes:
    missions: list[str]  # slugs, sorted
    known: bool  # False: REF unknown to git, every mission listed


def changed_missions(project: Project, ref: str) -> Changes:
    every = sorted(p.name for p in project.mission_dirs())
    top = git_command(project.root, "rev-parse", "--show-toplevel")
    valid = not ref.startswith("-") and ref.strip("0") != ""  # GitHub's "no previous commit"
    if top is None or not valid:
        return Changes(every, False)
    commit = git_command(project.root, "rev-parse", "-q", "--verify", f"{ref}^{{commit}}")
    if commit is None:
        return Changes(every, False)
    root = Path(top.strip()).resolve()
    names = (git_command(root, "diff", "--name-only", "-z", commit.strip()) or "").split("\0") + (
        git_command(root, "ls-files", "--others", "--exclude-standard", "-z") or ""
    ).split("\0")
    prefix = _prefix(project.root.resolve(), root)
    touched: set[str] = set()
    for name in filter(None, names):
        if not name.startswith(prefix):
            continue
        relative = name[len(prefix) :]
        if relative.startswith(EVERY_MISSION):
            return Changes(every, True)
        touched.update(slug for slug in every if relative.startswith(mission_prefix(slug)))
    return Changes(sorted(touched), True)


def _prefix(project: Path, top: Path) -> str:
    """The project's folder as git names paths ("" when it is the repository's root)."""
    try:
        relative = project.relative_to(top).as_posix()
    except ValueError:
        return ""
    return "" if relative == "." else relative + "/"


def as_json(missions: list[str]) -> str:
    """For GitHub Actions: `matrix: mission: ${{ fromJSON(…) }}`."""
    return json.dumps(missions)


def as_gitlab(missions: list[str]) -> str:
    """A GitLab child pipeline: one job per mission, each publishing its client folder."""
    if not missions:
        return (
            'rien-a-produire:\n  script:\n    - echo "Aucune mission touchée par ce changement."\n'
        )
    jobs = []
    for slug in missions:
        jobs.append(
            f"{json.dumps('livrables-' + slug)}:\n"
            "  extends: .livrables-mission\n"
            "  variables:\n"
            "    GIT_DEPTH: 0\n"
            f"    MISSION: {json.dumps(slug)}\n"
        )
    return _GITLAB_BASE + "\n" + "\n".join(jobs)


_GITLAB_BASE = """\
.livrables-mission:
  image: python:3.11-bookworm
  variables:
    GIT_DEPTH: 0  # versions and dates come from the history
  cache:
    - key:
        files: [requirements.lock, pyproject.toml]
      paths: [.venv/]
    - key: "livrables-$MISSION"
      paths: [build/.cache/]
  before_script:
    - apt-get update -qq && apt-get install -y -qq libreoffice-writer-nogui \
libreoffice-impress-nogui > /dev/null
    - make .venv/.runtime
  script:
    - .venv/bin/livrables build "$MISSION"
  artifacts:
    name: "$MISSION"
    paths: ["build/$MISSION/"]
    expire_in: 30 days
"""
