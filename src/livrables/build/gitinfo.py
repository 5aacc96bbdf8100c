"""What git knows of the content: when each file last changed, how many times, by whom, and
whether it has changes not yet committed. Two git calls per build, whatever the number of
deliverables; without git (a tarball), every answer is "unknown" and the build goes on."""

from __future__ import annotations

import datetime as dt
import os
import subprocess
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path


@dataclass(frozen=True)
class Commit:
    sha: str
    date: dt.date
    author: str
    subject: str


@dataclass
class GitInfo:
    top: Path | None = None  # None: not a git repository, or no git
    history: dict[Path, list[Commit]] = field(default_factory=dict)  # newest first
    dirty: set[Path] = field(default_factory=set)

    @property
    def available(self) -> bool:
        return self.top is not None

    @classmethod
    def load(cls, folder: Path) -> GitInfo:
        top = _git(folder, "rev-parse", "--show-toplevel")
        if top is None:
            return cls()
        root = Path(top.strip())
        info = cls(root)
        status = _git(root, "status", "--porcelain=v1", "-z", "--untracked-files=all")
        for entry in (status or "").split("\0"):
            if len(entry) > 3:
                info.dirty.add((root / entry[3:]).resolve())
        log = _git(root, "log", "--format=%x1e%H%x1f%cs%x1f%an%x1f%s", "--name-only") or ""
        for record in log.split("\x1e")[1:]:
            header, _, names = record.partition("\n")
            sha, date, author, subject = (header.split("\x1f") + ["", "", ""])[:4]
            commit = Commit(sha, dt.date.fromisoformat(date), author, subject)
            for name in names.splitlines():
                if name.strip():
                    info.history.setdefault((root / name).resolve(), []).append(commit)
        return info

    def commits(self, paths: Iterable[Path]) -> list[Commit]:
        """Commits touching any of `paths`, newest first."""
        seen: dict[Commit, None] = {}
        for path in paths:
            for commit in self.history.get(path.resolve(), []):
                seen.setdefault(commit)
        return sorted(seen, key=lambda c: c.date, reverse=True)

    def is_dirty(self, paths: Iterable[Path]) -> bool:
        return any(path.resolve() in self.dirty for path in paths)


def _git(folder: Path, *args: str) -> str | None:
    try:
        done = subprocess.run(
            ["git", "-c", "core.quotepath=off", "-C", str(folder), *args],
            capture_output=True,
            text=True,
            timeout=60,
            check=False,
        )
    except (OSError, subprocess.SubprocessError):
        return None
    return done.stdout if done.returncode == 0 else None


@dataclass(frozen=True)
class Stamp:
    """A deliverable's version, date and draft state, as printed on it."""

    version: str
    date: dt.date | None
    draft: bool
    history: tuple[Commit, ...] = ()


def source_date() -> dt.date | None:
    """SOURCE_DATE_EPOCH, the reproducible-builds convention, as a date."""
    value = os.environ.get("SOURCE_DATE_EPOCH", "")
    if not value.isdigit():
        return None
    return dt.datetime.fromtimestamp(int(value), dt.UTC).date()


def stamp(
    git: GitInfo, document: Path, inputs: list[Path], version: str | None, date: dt.date | None
) -> Stamp:
    """Front matter first; otherwise git: the commit count of the file is its version, the last
    commit touching its inputs is its date. Never the clock."""
    own = git.commits([document])
    touching = git.commits([document, *inputs])
    if version is None:
        version = str(len(own)) if own else "inconnue"
    if date is None:
        date = touching[0].date if touching else source_date()
    draft = git.available and git.is_dirty([document, *inputs])
    return Stamp(version, date, draft, tuple(own))
