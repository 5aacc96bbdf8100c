"""`livrables comparer MISSION/LIVRABLE [--depuis REF]`: what changed since a version.

The old version is read from git (the mission's folder as it was at REF, unpacked in a scratch
folder: nothing of the working tree is touched), both versions are loaded and filtered for the
client exactly as a build does, and the redline writer merges their trees. Written outside the
client folder: `build/_comparaisons/<mission>/<livrable>-depuis-<version>.docx` and `.html`.
"""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path

from livrables.brand.marque import load_marque
from livrables.content.mission import Livrable, Mission
from livrables.document.typography import format_date
from livrables.errors import Report
from livrables.pipeline.context import document_context
from livrables.pipeline.envoi import safe_name, tag_name, unknown_livrable
from livrables.pipeline.formats import template_errors
from livrables.pipeline.gitinfo import GitInfo, git_command
from livrables.pipeline.inputs import Inputs
from livrables.pipeline.plan import MissionPlan
from livrables.pipeline.project import Project
from livrables.pipeline.render import Resources
from livrables.pipeline.run import load
from livrables.pipeline.tree import filtered_tree
from livrables.pipeline.writer import write_atomic
from livrables.writers.docx.redline import render_redline
from livrables.writers.docx.redline_page import Version, redline_page
from livrables.writers.docx.revisions import Revisions

COMPARE_DIR = "_comparaisons"


class ComparerError(Exception):
    """Why no comparison was made (French)."""


@dataclass(frozen=True)
class Compared:
    docx: Path
    html: Path
    old: Version
    new: Version
    sections: list[str]  # the headings of the sections that changed, in order


@dataclass(frozen=True)
class _Ref:
    commit: str
    version: str
    day: dt.date | None


def compare(project: Project, target: str, depuis: str | None) -> tuple[Report, Compared | None]:
    slug, _, stem = target.strip("/").partition("/")
    stem = stem.removesuffix(".md").removeprefix("livrables/")
    root = project.content / slug
    if not slug or not stem or any(n.startswith(".") or "/" in n for n in (slug, stem)):
        raise ComparerError("précisez MISSION/LIVRABLE, par exemple valbrune/diagnostic-flash")
    if depuis is not None and (not depuis.strip() or depuis.startswith("-")):
        raise ComparerError(f"« {depuis} » n'est pas une version ni une référence git")
    if not (root / "mission.yaml").is_file():
        raise ComparerError(f"mission « {slug} » introuvable")
    inputs = Inputs(project, ("docx",), False)
    git = inputs.git
    if git.top is None:
        raise ComparerError("pas de dépôt git : l'ancienne version se lit dans git")
    report = Report()
    mission = load(root, report)
    marque = load_marque(project.templates / "marque.yaml", report)
    if mission is None or report.errors:
        return report, None
    livrable = _find(mission, stem, "")
    if MissionPlan.is_deck(livrable):
        raise ComparerError(f"{stem} est un diaporama : comparer s'applique aux documents")
    ref = _resolve(git, slug, stem, depuis)
    plan = MissionPlan(inputs, mission)
    resources = Resources(plan, marque)
    internal = plan.internal(livrable)
    with tempfile.TemporaryDirectory(prefix="livrables-comparer-") as scratch:
        old_mission = _old_mission(git, root, ref, Path(scratch), report)
        if old_mission is None:
            return report, None
        old_livrable = _find(old_mission, stem, ref.version)
        old_tree = filtered_tree(old_mission, old_livrable, internal)
        new_tree = filtered_tree(mission, livrable, internal)
        stamp = inputs.stamp(mission, livrable)
        ctx = document_context(livrable, mission, marque, project.templates, internal, stamp)
        with template_errors(resources.word_path):
            redline = render_redline(
                resources.word,
                ctx,
                old_tree,
                new_tree,
                marque,
                _revisions(git, inputs.of(mission, livrable), ref.commit),
                resources.fonts,
                resources.charts,
            )
    old = Version(ref.version, format_date(ref.day) if ref.day else "")
    new = Version(stamp.version, ctx.date)
    page = redline_page(redline.body, ctx.titre, old, new, marque)
    folder = project.build / COMPARE_DIR / slug
    name = f"{stem}-depuis-{safe_name(ref.version)}"
    docx, html = folder / f"{name}.docx", folder / f"{name}.html"
    write_atomic(docx, redline.docx)
    write_atomic(html, page.html.encode("utf-8"))
    return report, Compared(docx, html, old, new, page.sections)


def _find(mission: Mission, stem: str, version: str) -> Livrable:
    for livrable in mission.livrables:
        if livrable.stem == stem:
            return livrable
    if version:
        raise ComparerError(f"« {stem} » n'existait pas dans la version {version}")
    raise ComparerError(unknown_livrable(stem, mission.livrables))


def _resolve(git: GitInfo, slug: str, stem: str, depuis: str | None) -> _Ref:
    """REF: a version sent (as printed on the document), a tag, a branch or a commit; by
    default the version last sent."""
    assert git.top is not None
    sent = [version for version, _ in git.sent.get((slug, stem), [])]
    if depuis is None:
        last = git.last_sent(slug, stem)
        if last is None:
            raise ComparerError(
                f"aucune version de « {stem} » n'a été envoyée (livrables envoyer) ; "
                "précisez --depuis VERSION ou une référence git"
            )
        depuis = last[0]
    tag = tag_name(slug, stem, depuis)
    commit = git_command(git.top, "rev-parse", "-q", "--verify", f"refs/tags/{tag}^{{commit}}")
    if commit is not None:
        when = dict(git.sent.get((slug, stem), [])).get(safe_name(depuis))
        return _Ref(commit.strip(), depuis, when)
    commit = git_command(git.top, "rev-parse", "-q", "--verify", f"{depuis}^{{commit}}")
    if commit is None:
        listed = ", ".join(sent) if sent else "aucune"
        raise ComparerError(
            f"« {depuis} » n'est ni une version envoyée de {stem} (envoyées : {listed}) "
            "ni une référence git (étiquette, branche, commit)"
        )
    day = git_command(git.top, "show", "-s", "--format=%cs", commit.strip())
    when_day = dt.date.fromisoformat(day.strip()) if day and day.strip() else None
    return _Ref(commit.strip(), depuis, when_day)


def _old_mission(
    git: GitInfo, root: Path, ref: _Ref, scratch: Path, report: Report
) -> Mission | None:
    """The mission's folder as it was at the commit, read from git's objects into `scratch`
    (never outside it) and loaded."""
    assert git.top is not None
    relative = git.relative(root)
    if relative is None:
        raise ComparerError(f"la mission n'existait pas encore dans « {ref.version} »")
    old_root = scratch / "ancienne" / relative
    read_tree(git.top, ref.commit, relative, old_root, ref.version)
    old_report = Report()
    mission = load(old_root, old_report)
    if mission is None or old_report.errors:
        raise ComparerError(
            f"la version {ref.version} ne se lit plus ({len(old_report.errors)} erreur(s), "
            f"la première : {_first(old_report, old_root, root)})"
        )
    return mission


MAX_FILE = 64 << 20  # bytes: no content file of a mission is larger
MAX_TOTAL = 256 << 20


def read_tree(top: Path, commit: str, relative: str, target: Path, version: str) -> None:
    """The files under `relative` at `commit`, written under `target` object by object, each
    and all of them within a size bound; a link, a submodule or a name leaving the folder is
    refused (nothing of it is written outside `target`)."""
    listing = git_command(top, "ls-tree", "-r", "-z", "-l", "--full-tree", commit, "--", relative)
    entries = [e for e in (listing or "").split("\0") if e]
    if not entries:
        raise ComparerError(f"la mission n'existait pas encore dans « {version} »")
    wanted: list[tuple[str, Path, int]] = []
    total = 0
    prefix = relative.rstrip("/") + "/"
    for entry in entries:
        meta, _, name = entry.partition("\t")
        mode, kind, sha, size = (meta.split() + ["", "", "", ""])[:4]
        inside = name[len(prefix) :] if name.startswith(prefix) else ""
        parts = inside.split("/")
        if not inside or any(part in {"", ".", ".."} for part in parts):
            raise ComparerError(f"version {version} : nom de fichier refusé « {name} »")
        if mode == "120000":
            raise ComparerError(f"version {version} : lien symbolique refusé « {name} »")
        if kind != "blob" or not size.isdigit():
            raise ComparerError(f"version {version} : « {name} » n'est pas un fichier : refusé")
        total += int(size)
        if int(size) > MAX_FILE or total > MAX_TOTAL:
            raise ComparerError(
                f"version {version} : « {name} » est trop volumineux pour être comparé "
                f"({int(size) // 2**20} Mo ; au plus {MAX_FILE // 2**20} Mo par fichier, "
                f"{MAX_TOTAL // 2**20} Mo en tout)"
            )
        wanted.append((sha, target.joinpath(*parts), int(size)))
    for (_sha, path, _size), data in zip(wanted, _blobs(top, wanted), strict=True):
        path.parent.mkdir(parents=True, exist_ok=True)
        if not path.parent.resolve().is_relative_to(target.resolve()):
            raise ComparerError(f"version {version} : chemin refusé « {path.name} »")
        path.write_bytes(data)


def _blobs(top: Path, wanted: list[tuple[str, Path, int]]) -> list[bytes]:
    """The objects' contents, by one `git cat-file --batch`, each of the size ls-tree gave."""
    request = "".join(f"{sha}\n" for sha, _path, _size in wanted).encode()
    try:
        done = subprocess.run(
            ["git", "-C", str(top), "cat-file", "--batch"],
            input=request,
            capture_output=True,
            timeout=120,
            check=False,
            env={**os.environ, "GIT_OPTIONAL_LOCKS": "0"},
        )
    except (OSError, subprocess.SubprocessError) as exc:
        raise ComparerError(f"git n'a pas pu lire l'ancienne version ({exc})") from None
    out = done.stdout
    found = []
    position = 0
    for sha, _path, size in wanted:
        end = out.find(b"\n", position)
        header = out[position:end].split()
        if end < 0 or header[:2] != [sha.encode(), b"blob"] or int(header[2]) != size:
            raise ComparerError("git n'a pas pu lire l'ancienne version")
        found.append(out[end + 1 : end + 1 + size])
        position = end + 1 + size + 1
    return found


def _first(report: Report, old_root: Path, root: Path) -> str:
    if not report.errors:
        return "mission illisible"
    text = report.errors[0].format()
    return text.replace(str(old_root), str(root))


def _revisions(git: GitInfo, inputs: list[Path], since: str) -> Revisions:
    """The author and date of the changes: the last commit that touched the deliverable since
    the old version (the person who would be asked about them)."""
    assert git.top is not None
    paths = [name for p in inputs if (name := git.relative(p))]
    if git.is_dirty(inputs):  # changes not committed yet: whoever is working here, now
        author = (git_command(git.top, "config", "user.name") or "").strip()
        now = dt.datetime.now(dt.UTC).replace(microsecond=0)
        return Revisions(author or "livrables", now.strftime("%Y-%m-%dT%H:%M:%SZ"))
    found = git_command(git.top, "log", "-1", "--format=%an%x1f%aI", f"{since}..HEAD", "--", *paths)
    if not found or not found.strip():
        found = git_command(git.top, "log", "-1", "--format=%an%x1f%aI", "HEAD")
    author, _, when = (found or "livrables\x1f").strip().partition("\x1f")
    try:
        moment = dt.datetime.fromisoformat(when).astimezone(dt.UTC)
    except ValueError:
        moment = dt.datetime(2000, 1, 1, tzinfo=dt.UTC)
    return Revisions(author or "livrables", moment.strftime("%Y-%m-%dT%H:%M:%SZ"))
