"""Skipping whole missions without reading them: the fast path of a build with nothing to do.

Kept light on purpose: `livrables build` imports it before the renderers, so an up-to-date
repository is confirmed in a fraction of a second.
"""

from __future__ import annotations

import os
from pathlib import Path

from livrables.pipeline.cache import CACHE_DIR, Hasher, Manifest
from livrables.pipeline.gitinfo import GitInfo
from livrables.pipeline.project import Project, files_under

FINGERPRINT = "(mission)"  # manifest key: the fingerprint of everything a mission is made of
COUNT = "(livrables)"


class MissionSkip:
    """Whether a whole mission can be skipped without reading it: every file under its folder,
    the templates, the tool and the git state of its files are as when it was last built whole.
    """

    def __init__(
        self,
        project: Project,
        root: Path,
        formats: tuple[str, ...],
        interne: bool,
        hasher: Hasher,
        git: GitInfo,
        listed: dict[Path, list[Path]] | None = None,
    ) -> None:
        """`listed`: the files of folders listed already in this build (the templates, the
        missions whose files were hashed while git answered)."""
        listed = {} if listed is None else listed
        self.out_dir = project.build  # the manifest names outputs relative to build/
        cache_name = f"{root.name}{'-interne' if interne else ''}.json"
        self.manifest = Manifest(project.build / CACHE_DIR / cache_name, self.out_dir)
        layers = project.template_layers(root)
        files = list(listed[root]) if root in listed else files_under(root)
        for layer in layers:
            if layer not in listed:
                listed[layer] = files_under(layer)
            files += listed[layer]
        commits = sorted({c.sha for c in git.commits(files)})
        sent = sorted(
            f"{k[1]}={v}@{d}" for k, e in git.sent.items() if k[0] == root.name for v, d in e
        )
        state = f"{','.join(formats)}|{interne}|{git.is_dirty(files)}|{','.join(commits)}"
        state += f"|{','.join(sent)}"  # a version recorded as sent shows on the portal
        self.fingerprint = hasher.key(files, state)

    def unchanged(self) -> bool:
        entries = self.manifest.entries
        outputs = [name for name in entries if not name.startswith("(")]
        return entries.get(FINGERPRINT) == self.fingerprint and all(
            (self.out_dir / name).is_file() for name in outputs
        )

    def count(self) -> int:
        return int(self.manifest.entries.get(COUNT, "0"))


class Precheck:
    """Fingerprints of the missions, computed once per run and shared with the build."""

    def __init__(self, project: Project, formats: tuple[str, ...], interne: bool) -> None:
        self.project = project
        self.formats = formats
        self.interne = interne
        self.hasher = Hasher()
        self._asked = GitInfo.ask(project.root)  # read once needed: files are hashed meanwhile
        self._asker = os.getpid()
        self._git: GitInfo | None = None
        self.skips: dict[Path, MissionSkip] = {}
        self.listed: dict[Path, list[Path]] = {}

    @property
    def git(self) -> GitInfo:
        """git's answers, read by the process that asked: a forked worker shares its pipes, and
        two readers of one pipe each get a part (a build collects them before it forks)."""
        if self._git is None:
            if os.getpid() != self._asker:
                raise RuntimeError("git : réponses lues hors du processus qui les a demandées")
            self._git = GitInfo.collect(self._asked)
        return self._git

    def skip(self, root: Path) -> MissionSkip:
        if root not in self.skips:
            self.skips[root] = MissionSkip(
                self.project, root, self.formats, self.interne, self.hasher, self.git, self.listed
            )
        return self.skips[root]

    def all_unchanged(self, slugs: list[str]) -> int | None:
        """The number of deliverables when every mission named (all when none) is unchanged
        since its last complete build; None when anything must be read again."""
        available = {p.name: p for p in self.project.mission_dirs()}
        if any(slug not in available for slug in slugs):
            return None
        if not slugs and _stale_folders(self.project.build, set(available)):
            return None  # a mission was deleted: its folders must go
        roots = [available[s] for s in slugs] if slugs else list(available.values())
        if self._git is None:  # while git answers: what the fingerprints read of the files
            for root in roots:
                self.listed[root] = files_under(root)
                for path in self.listed[root]:
                    self.hasher.file(path)
        total = 0
        for root in roots:
            skip = self.skip(root)
            if not skip.unchanged():
                return None
            total += skip.count()
        return total if roots else None


def _stale_folders(build: Path, slugs: set[str]) -> bool:
    for parent in (build, build / "_interne"):
        if parent.is_dir() and any(
            entry.name not in slugs and not entry.name.startswith((".", "_"))
            for entry in parent.iterdir()
        ):
            return True
    return False
