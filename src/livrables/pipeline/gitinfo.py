"""What git knows of the content: when each file last changed, how many times, and whether it
has changes not yet committed. Only dates and counts are read: commit messages and authors are
never read, so they can never be printed in a client document. A few git calls per build,
whatever the number of deliverables; without git (a tarball), every answer is "unknown"."""

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


@dataclass
class GitInfo:
    top: Path | None = None  # None: not a git repository, or no git
    history: dict[str, list[Commit]] = field(default_factory=dict)  # by path in the repo
    dirty: set[str] = field(default_factory=set)
    shallow: bool = False  # a shallow clone: older commits are missing, counts are wrong
    # versions recorded as sent (`livrables envoyer`), by (mission, livrable): (version, date)
    sent: dict[tuple[str, str], list[tuple[str, dt.date]]] = field(default_factory=dict)

    @property
    def available(self) -> bool:
        return self.top is not None

    @classmethod
    def load(cls, folder: Path) -> GitInfo:
        return cls.collect(cls.ask(folder))

    @staticmethod
    def ask(folder: Path) -> Running:
        """git's answers on their way: `collect` reads them (a build does other work meanwhile).
        Asked at once, each waiting on the disk or on git itself; from any folder of the
        repository, all four name paths from its top."""
        return start_git(
            folder,
            ("rev-parse", "--show-toplevel", "--is-shallow-repository"),
            ("status", "--porcelain=v1", "-z", "--untracked-files=all"),
            ("log", "--format=%x1e%H%x1f%cs", "--name-only"),
            ("for-each-ref", "--format=%(refname)%09%(taggerdate:short)", SENT_REFS),
        )

    @classmethod
    def collect(cls, running: Running) -> GitInfo:
        top, status, log, refs = collect_git(running)
        if top is None:
            return cls()
        lines = top.strip().split("\n")
        root = Path(lines[0].strip()).resolve()
        info = cls(root, shallow=lines[-1].strip() == "true")
        for entry in (status or "").split("\0"):
            if len(entry) > 3:
                info.dirty.add(entry[3:])
        for record in (log or "").split("\x1e")[1:]:
            header, _, names = record.partition("\n")
            sha, date = (header.split("\x1f") + [""])[:2]
            commit = Commit(sha, dt.date.fromisoformat(date))
            for name in names.splitlines():
                if name.strip():
                    info.history.setdefault(name, []).append(commit)
        for line in (refs or "").splitlines():
            ref, _, day = line.partition("\t")
            parts = ref.removeprefix(SENT_REFS + "/").split("/")
            if len(parts) == 3 and day:  # mission, livrable, version
                when = dt.date.fromisoformat(day)
                info.sent.setdefault((parts[0], parts[1]), []).append((parts[2], when))
        return info

    def last_sent(self, slug: str, stem: str) -> tuple[str, dt.date] | None:
        """The version of the deliverable last recorded as sent, and when."""
        found = self.sent.get((slug, stem))
        return max(found, key=lambda e: e[1]) if found else None

    def relative(self, path: Path) -> str | None:
        """The path as git names it (relative to the repository, with forward slashes)."""
        if self.top is None:
            return None
        top, spelled = f"{self.top}{os.sep}", str(path)
        if spelled.startswith(top):  # as relative_to, at a tenth of its cost
            return spelled[len(top) :].replace(os.sep, "/")
        try:
            return path.relative_to(self.top).as_posix()
        except ValueError:  # a path spelled another way (a link): ask the file system
            try:
                return path.resolve().relative_to(self.top).as_posix()
            except ValueError:
                return None

    def commits(self, paths: Iterable[Path]) -> list[Commit]:
        """Commits touching any of `paths`, newest first."""
        seen: dict[Commit, None] = {}
        for path in paths:
            key = self.relative(path)
            for commit in self.history.get(key, []) if key else []:
                seen.setdefault(commit)
        return sorted(seen, key=lambda c: c.date, reverse=True)

    def is_dirty(self, paths: Iterable[Path]) -> bool:
        return bool(self.dirty) and any(self.relative(p) in self.dirty for p in paths)


def git_command(folder: Path, *args: str) -> str | None:
    """A git command's output, or None when it failed (or git is missing)."""
    return git_commands(folder, args)[0]


Running = list["subprocess.Popen[str] | None"]


def git_commands(folder: Path, *commands: tuple[str, ...]) -> list[str | None]:
    """Several read-only git commands run side by side; each one's output, or None when it
    failed (or git is missing)."""
    return collect_git(start_git(folder, *commands))


def start_git(folder: Path, *commands: tuple[str, ...]) -> Running:
    running: Running = []
    for args in commands:
        try:
            running.append(
                subprocess.Popen(
                    ["git", "-c", "core.quotepath=off", "-C", str(folder), *args],
                    # never refreshing the index: a build leaves git's files as they were
                    # (--no-optional-locks, as a variable: a git older than 2.15 ignores it)
                    env={**os.environ, "GIT_OPTIONAL_LOCKS": "0"},
                    stdin=subprocess.DEVNULL,
                    stdout=subprocess.PIPE,
                    stderr=subprocess.DEVNULL,
                    text=True,
                )
            )
        except OSError:
            running.append(None)
    return running


def collect_git(running: Running) -> list[str | None]:
    outputs: list[str | None] = []
    for process in running:
        if process is None:
            outputs.append(None)
            continue
        try:
            out, _ = process.communicate(timeout=60)
        except subprocess.SubprocessError:
            process.kill()
            process.communicate()
            out = None
        outputs.append(out if process.returncode == 0 else None)
    return outputs


SENT_REFS = "refs/tags/envoi"  # `envoi/<mission>/<livrable>/<version>`: see envoi.py
UNKNOWN_SHALLOW = "à préciser (historique git incomplet)"


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
        if own and git.shallow:
            version = UNKNOWN_SHALLOW
    if date is None:
        date = touching[0].date if touching else source_date()
    draft = git.available and git.is_dirty([document, *inputs])
    return Stamp(version, date, draft, tuple(own))
