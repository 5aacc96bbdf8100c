"""`livrables envoyer`: what went to the client, recorded once and for all.

For each deliverable sent: an annotated git tag `envoi/<mission>/<livrable>/<version>` (the
version as printed on the document) on the commit that was built, and a dated archive of the
client folder's files of that deliverable (outside every client folder):
`build/_envois/<mission>/<date>-<livrable>-v<version>.zip`. Refused while the mission's files
or the templates have changes git does not hold, or while the mission has errors: what is
recorded is exactly what was built.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import re
import zipfile
from dataclasses import dataclass
from pathlib import Path

from livrables.content.grammar import check_placeholders
from livrables.content.mission import Livrable
from livrables.document.typography import format_date
from livrables.errors import Report
from livrables.packages import fixed_entry
from livrables.pipeline.gitinfo import UNKNOWN_SHALLOW, GitInfo, git_command
from livrables.pipeline.inputs import Inputs
from livrables.pipeline.leftovers import check_leftovers
from livrables.pipeline.plan import MissionPlan
from livrables.pipeline.project import Project, default_formats
from livrables.pipeline.run import build, load
from livrables.traduction.check import check_translations

SENT_DIR = "_envois"
TAG_PREFIX = "envoi"


class EnvoiError(Exception):
    """Why nothing was recorded (French)."""


@dataclass(frozen=True)
class Sent:
    stem: str
    version: str
    tag: str
    archive: Path
    already: bool  # this version was recorded before, with the same content


def tag_name(slug: str, stem: str, version: str) -> str:
    """The tag of a version sent."""
    return f"{TAG_PREFIX}/{slug}/{stem}/{safe_name(version)}"


def safe_name(version: str) -> str:
    """A version as a tag or file name may spell it (git refuses spaces and some signs)."""
    return re.sub(r"[^0-9A-Za-z._-]+", "-", version)


def send(
    project: Project, slug: str, stems: list[str], today: dt.date
) -> tuple[Report, list[Sent]]:
    root = project.content / slug
    if not (root / "mission.yaml").is_file():
        raise EnvoiError(f"mission « {slug} » introuvable")
    git = GitInfo.load(project.root)
    if not git.available or git.top is None:
        raise EnvoiError("pas de dépôt git : un envoi s'enregistre par une étiquette git")
    changed = _uncommitted(git, [root, project.templates])
    if changed:
        raise EnvoiError(
            "modifications non enregistrées dans git : "
            + ", ".join(changed[:5])
            + (" …" if len(changed) > 5 else "")
            + " ; enregistrez-les (git commit) puis relancez"
        )
    formats = default_formats()  # the PDF too when LibreOffice is here: none left stale
    result = build(project, [slug], Inputs(project, formats, False))
    if result.report.errors:
        return result.report, []
    report = Report()
    mission = load(root, report)
    if mission is None or report.errors:
        return report, []
    chosen = _chosen(mission.livrables, stems)
    for livrable in chosen:  # nothing the scaffold wrote goes to the client, whatever its statut
        check_placeholders(livrable.path, livrable.path.read_text("utf-8"), True, report, True)
    check_leftovers(mission, report, chosen, sending=True)
    check_translations(mission, report, chosen, sending=True)
    if report.errors:
        return report, []
    inputs = Inputs(project, formats, False)
    plan = MissionPlan(inputs, mission)
    planned = []  # every deliverable checked before anything is recorded
    for livrable in chosen:
        stamp = inputs.stamp(mission, livrable)
        if stamp.date is not None and stamp.date > today:
            _future(livrable, stamp.date, today, report)
        version = stamp.version
        if version in {"inconnue", UNKNOWN_SHALLOW}:
            raise EnvoiError(
                f"{livrable.stem} : version inconnue ; écrivez « version: » dans son en-tête"
            )
        tag = tag_name(slug, livrable.stem, version)
        if git_command(git.top, "check-ref-format", f"refs/tags/{tag}") is None:
            raise EnvoiError(
                f"{livrable.stem} : la version « {version} » ne peut pas nommer une étiquette "
                "git (deux points de suite, un point final…) ; écrivez par exemple « 2.0.1 »"
            )
        already = _recorded(git.top, tag, inputs.of(mission, livrable), livrable.stem, version)
        planned.append((livrable, version, tag, already))
    sent = _record_all(plan, planned, today, git.top)
    build(project, [slug], Inputs(project, formats, False))  # the portal says what was sent
    return report, sent


def _future(livrable: Livrable, date: dt.date, today: dt.date, report: Report) -> None:
    """A document dated after today leaves as it is, with a word."""
    located = livrable.located
    line, col = located.position(("date",)) if located is not None else (1, 1)
    report.warning(
        livrable.path,
        line,
        col,
        f"date : le document est daté du {format_date(date)}, après aujourd'hui "
        f"({format_date(today)}) ; il part ainsi : corrigez « date: » si ce n'est pas voulu",
    )


def _record_all(
    plan: MissionPlan,
    planned: list[tuple[Livrable, str, str, bool]],
    today: dt.date,
    top: Path,
) -> list[Sent]:
    """Every archive written aside, then every tag; the archives put in place only when all
    tags are: a failure anywhere leaves nothing recorded (the tags made are taken back)."""
    archives: list[tuple[Path, Path]] = []  # (written aside, its place)
    tagged: list[str] = []
    try:
        for livrable, version, _tag, _already in planned:
            archives.append(_archive(plan, livrable, version, today))
        for livrable, version, tag, already in planned:
            if already:
                continue
            message = (
                f"Envoi au client le {format_date(today)} : {livrable.front.titre}, "
                f"version {version}"
            )
            if git_command(top, "tag", "-a", tag, "-m", message) is None:
                raise EnvoiError(f"git a refusé l'étiquette « {tag} » (identité git configurée ?)")
            tagged.append(tag)
    except BaseException:
        for tag in tagged:
            git_command(top, "tag", "-d", tag)
        for aside, _place in archives:
            aside.unlink(missing_ok=True)
        raise
    sent = []
    for (livrable, version, tag, already), (aside, place) in zip(planned, archives, strict=True):
        if aside != place:
            aside.replace(place)
        sent.append(Sent(livrable.stem, version, tag, place, already))
    return sent


def _uncommitted(git: GitInfo, folders: list[Path]) -> list[str]:
    """The files under `folders` that git does not hold as they are."""
    assert git.top is not None
    keys = [git.relative(f) for f in folders]
    prefixes = [k.rstrip("/") + "/" for k in keys if k]
    return sorted(name for name in git.dirty if any(name.startswith(p) for p in prefixes))


def _chosen(livrables: list[Livrable], stems: list[str]) -> list[Livrable]:
    client = [lv for lv in livrables if lv.front.diffusion == "client"]
    if not stems:
        if not client:
            raise EnvoiError("aucun livrable à diffusion client dans cette mission")
        return client
    by_stem = {lv.stem: lv for lv in livrables}
    chosen = []
    for stem in stems:
        livrable = by_stem.get(stem.removesuffix(".md"))
        if livrable is None:
            raise EnvoiError(unknown_livrable(stem, livrables))
        if livrable.front.diffusion != "client":
            raise EnvoiError(f"{livrable.stem} : diffusion interne, il ne s'envoie pas")
        chosen.append(livrable)
    return chosen


def unknown_livrable(stem: str, livrables: list[Livrable]) -> str:
    """The French message for a deliverable name the mission does not have."""
    known = ", ".join(f"« {lv.stem} »" for lv in livrables)
    return f"livrable « {stem} » introuvable (livrables : {known})"


def _recorded(top: Path, tag: str, inputs: list[Path], stem: str, version: str) -> bool:
    """Whether this version was already recorded with the same content (then nothing to do);
    an error when it was recorded with other content."""
    commit = git_command(top, "rev-parse", "-q", "--verify", f"refs/tags/{tag}^{{commit}}")
    if commit is None:
        return False
    paths = [str(p) for p in inputs if p.exists()]
    if git_command(top, "diff", "--quiet", commit.strip(), "HEAD", "--", *paths) is None:
        raise EnvoiError(
            f"{stem} : la version {version} a déjà été envoyée, avec un autre contenu ; "
            "changez « version: » dans son en-tête"
        )
    return True


def _archive(
    plan: MissionPlan, livrable: Livrable, version: str, today: dt.date
) -> tuple[Path, Path]:
    """The client folder's files of the deliverable just built, zipped and dated, written
    beside its place (the caller puts it there once everything is recorded); never
    overwritten: an archive already there is its own place. Only bytes whose digest the build
    recorded are taken (a file edited by hand since, or an older PDF a build without
    LibreOffice left in place, is not sent)."""
    project, slug = plan.project, plan.mission.slug
    folder = project.build / SENT_DIR / slug
    path = folder / f"{today.isoformat()}-{livrable.stem}-v{safe_name(version)}.zip"
    if path.is_file():
        return path, path
    files = []
    for ext in sorted(set(plan.extensions(livrable))):
        name = plan.name(livrable, ext)
        source = project.build / name
        if not source.is_file():
            continue
        data = source.read_bytes()
        if hashlib.sha256(data).hexdigest() != plan.manifest.digest_of(name):
            raise EnvoiError(
                f"{source.name} n'est pas le fichier produit (modifié depuis la production ?) ; "
                "relancez « livrables build »"
            )
        files.append((source.name, data))
    folder.mkdir(parents=True, exist_ok=True)
    aside = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    with zipfile.ZipFile(aside, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in files:
            archive.writestr(fixed_entry(name), data)
    return aside, path
