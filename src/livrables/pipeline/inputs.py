"""The one answer to "is this output up to date?": what a build's outputs are made of, defined
once and used by the skip of a whole mission, the key of each deliverable's outputs and
`livrables list --changed-since` (changes.py).

A mission's outputs are made of:
- the files under its folder (`content/<mission>/`) and under the template layers (the
  mission's own `templates/`, then the firm's `templates/`: the brand, its fonts, its logos);
- the tool: every file of the installed package, code and data (reveal.js, the world map);
- git's facts on those files: the commits that touched them (versions and dates are printed),
  whether they have changes not committed (the draft mark), the versions recorded as sent;
- the environment a build reads (`ENVIRONMENT`), and the formats and audience asked for.

A file's content is read once per build, whatever the number of outputs it feeds.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING

from livrables.pipeline.gitinfo import GitInfo, Stamp, stamp
from livrables.pipeline.manifest import Manifest, manifest_path
from livrables.pipeline.outputs import INTERNAL
from livrables.pipeline.project import Project, files_under, soffice

if TYPE_CHECKING:  # a build with nothing to do decides before the content models are imported
    from livrables.content.mission import Livrable, Mission

# The environment variables a build reads (the reproducible date; which LibreOffice, if any,
# numbers the Word contents' pages): part of every mission's fingerprint and output key.
ENVIRONMENT = ("SOURCE_DATE_EPOCH", "LIVRABLES_SOFFICE")
# What shapes every mission's outputs, as paths relative to the project (changes.py): the
# firm's templates, and the tool itself with the versions of its libraries.
EVERY_MISSION = ("templates/", "src/", "pyproject.toml", "requirements.lock", "Makefile")
PACKAGE = Path(__file__).resolve().parent.parent


def mission_prefix(slug: str) -> str:
    """The files of one mission, relative to the project (changes.py)."""
    return f"content/{slug}/"


def code_digest(package: Path = PACKAGE) -> str:
    """Every file of the installed package, code and data: another version of the tool, or a
    vendored file changed, rebuilds everything. Read at each build (a long-lived process sees a
    change of the package it runs)."""
    digest = hashlib.sha256()
    for path in files_under(package):
        if "__pycache__" in path.parts:
            continue
        digest.update(f"{path.relative_to(package).as_posix()}\0".encode())
        digest.update(hashlib.sha256(path.read_bytes()).digest())
    return digest.hexdigest()


def environment() -> str:
    """The environment a build reads, as the fingerprints hold it."""
    values = [(name, os.environ.get(name)) for name in ENVIRONMENT]
    return repr((values, soffice() is not None))


class Inputs:
    """The inputs of one build: git asked once (its answers read before any worker is forked),
    each file hashed once, every key made the same way."""

    def __init__(self, project: Project, formats: tuple[str, ...], interne: bool) -> None:
        self.project = project
        self.formats = formats
        self.interne = interne
        self.digests: dict[Path, str] = {}
        self._asked = GitInfo.ask(project.root)  # read once needed: files are hashed meanwhile
        self._asker = os.getpid()
        self._git: GitInfo | None = None
        self._listed: dict[Path, list[Path]] = {}
        self._code: str | None = None
        self._stamps: dict[tuple[Path, str], Stamp] = {}
        self._fingerprints: dict[Path, str] = {}

    @property
    def git(self) -> GitInfo:
        """git's answers, read by the process that asked: a forked worker shares its pipes, and
        two readers of one pipe each get a part (a build collects them before it forks)."""
        if self._git is None:
            if os.getpid() != self._asker:
                raise RuntimeError("git : réponses lues hors du processus qui les a demandées")
            self._git = GitInfo.collect(self._asked)
        return self._git

    @property
    def code(self) -> str:
        if self._code is None:
            self._code = f"{code_digest()}|{environment()}"
        return self._code

    def file(self, path: Path) -> str:
        """A file's content as a digest ("-" for what is not a file: missing, a folder)."""
        if path not in self.digests:
            try:
                self.digests[path] = hashlib.sha256(path.read_bytes()).hexdigest()
            except OSError:
                self.digests[path] = "-"
        return self.digests[path]

    def key(self, paths: Iterable[Path], salt: str) -> str:
        digest = hashlib.sha256(f"{self.code}\n{salt}".encode())
        for path in sorted(set(paths)):
            digest.update(f"\n{path}\n{self.file(path)}".encode())
        return digest.hexdigest()

    def folder(self, folder: Path) -> list[Path]:
        if folder not in self._listed:
            self._listed[folder] = files_under(folder)
        return self._listed[folder]

    # whole missions

    def mission_files(self, root: Path) -> list[Path]:
        files = list(self.folder(root))
        for layer in self.project.template_layers(root):
            files += self.folder(layer)
        return files

    def fingerprint(self, root: Path) -> str:
        """Everything the mission's outputs are made of: unchanged, the whole mission is
        skipped without being read. Taken before the mission is read (its files hashed then:
        an edit made while it builds is newer than what the build records)."""
        if root not in self._fingerprints:
            self._fingerprints[root] = self._fingerprint(root)
        return self._fingerprints[root]

    def _fingerprint(self, root: Path) -> str:
        files = self.mission_files(root)
        git = self.git
        commits = sorted({c.sha for c in git.commits(files)})
        sent = sorted(
            f"{k[1]}={v}@{d}" for k, e in git.sent.items() if k[0] == root.name for v, d in e
        )
        state = (
            f"{','.join(self.formats)}|{self.interne}|{git.is_dirty(files)}|{','.join(commits)}"
            f"|{','.join(sent)}"  # a version recorded as sent shows on the portal
        )
        return self.key(files, state)

    def manifest(self, slug: str) -> Manifest:
        return Manifest(manifest_path(self.project.build, slug, self.interne), self.project.build)

    def unchanged(self, root: Path) -> int | None:
        """The number of deliverables of a mission whose outputs are all as its last complete
        build left them, nothing they are made of having changed since; None otherwise."""
        manifest = self.manifest(root.name)
        if not manifest.complete(self.fingerprint(root)):
            return None
        return manifest.count

    def all_unchanged(self, slugs: list[str]) -> int | None:
        """The number of deliverables when every mission named (all when none) is unchanged
        since its last complete build; None when anything must be read again."""
        available = {p.name: p for p in self.project.mission_dirs()}
        roots = [available[s] for s in slugs if s in available] or list(available.values())
        for root in roots:  # hashed while git answers
            for path in self.mission_files(root):
                self.file(path)
        self.git  # noqa: B018 - git's answers read (and its processes ended) in every case
        if any(slug not in available for slug in slugs):
            return None
        if not slugs and _stale_folders(self.project.build, set(available)):
            return None  # a mission was deleted: its folders must go
        total = 0
        for root in roots:
            count = self.unchanged(root)
            if count is None:
                return None
            total += count
        return total if roots else None

    # one deliverable

    def shared(self, mission: Mission) -> list[Path]:
        """The files that shape every deliverable of the mission."""
        root = mission.root
        found = [
            root / "mission.yaml",
            *sorted((root / "referentiel").glob("*.y*ml")),
            *(p for layer in self.project.template_layers(root) for p in self.folder(layer)),
        ]
        if mission.info.collectivite.logo:
            found.append(root / mission.info.collectivite.logo)
        return found

    def of(self, mission: Mission, livrable: Livrable) -> list[Path]:
        """Every file the deliverable's outputs are made of: a deck's blocks draw on the
        deliverables of their types too."""
        from livrables.deliverables import BLOCKS
        from livrables.document.directives import DIAPORAMA
        from livrables.markdown.parser import directive_name
        from livrables.markdown.rules import DIRECTIVE

        found = [livrable.path, *livrable.images, *self.shared(mission), *translations(livrable)]
        if livrable.type.name == DIAPORAMA:
            used = {
                kind
                for token in livrable.body.tokens
                if token.type == f"{DIRECTIVE}_open" and directive_name(token) in BLOCKS
                for kind in BLOCKS[directive_name(token)].types
            }
            sources = mission.sources(livrable)
            found += [lv.path for kind, lv in sources.items() if kind in used]
        return found

    def stamp(self, mission: Mission, livrable: Livrable) -> Stamp:
        """Version, date and draft state from the front matter and git's facts on the
        deliverable, its mission's shared content and its images."""
        which = (livrable.path, livrable.langue)
        if which not in self._stamps:
            root = mission.root
            content = [root / "mission.yaml", *sorted((root / "referentiel").glob("*.y*ml"))]
            content += [*livrable.images, *translations(livrable)]
            front = livrable.front
            self._stamps[which] = stamp(self.git, livrable.path, content, front.version, front.date)
        return self._stamps[which]

    def deliverable(self, mission: Mission, livrable: Livrable, internal: bool) -> str:
        """What every output of the deliverable is made of; the formats asked are not in it
        (an output made by another build of the same inputs is still good)."""
        salt = f"interne={internal}|{livrable.langue}|{self.stamp(mission, livrable)}"
        if livrable.langue != "fr":  # its links lead to the others made in its language
            salt += "|" + ",".join(f"{lv.stem}:{mission.langues(lv)}" for lv in mission.livrables)
        return self.key(self.of(mission, livrable), salt)


def translations(livrable: Livrable) -> list[Path]:
    """The catalogues a deliverable in another language is made with (none in French: editing
    the English makes only the English again)."""
    if livrable.langue == "fr":
        return []
    folder = livrable.path.parent.parent / "traductions" / livrable.langue
    return [folder / "referentiel.po", folder / f"{livrable.path.stem}.po"]


def output_key(deliverable: str, ext: str, variant: str = "") -> str:
    """The key of one output of a deliverable: its format, and how it was made (a DOCX whose
    contents carry page numbers is not the same file as one without)."""
    return hashlib.sha256(f"{deliverable}|{ext}|{variant}".encode()).hexdigest()


def _stale_folders(build: Path, slugs: set[str]) -> bool:
    for parent in (build, build / INTERNAL):
        if parent.is_dir() and any(
            entry.name not in slugs and not entry.name.startswith((".", "_"))
            for entry in parent.iterdir()
        ):
            return True
    return False
