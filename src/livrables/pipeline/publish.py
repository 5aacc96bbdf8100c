"""Publish: a mission's outputs written where they belong (the client folder or `_interne/`),
what is stale taken out, the portal, the manifest of what was written (manifest.py).
"""

from __future__ import annotations

import contextlib
import re
from pathlib import Path

from livrables.content.mission import Livrable, Mission
from livrables.deliverables import BLOCKS
from livrables.document.directives import DIAPORAMA
from livrables.document.typography import format_date
from livrables.errors import ContentError
from livrables.i18n import TRANSLATED
from livrables.pipeline.formats import EXTENSIONS
from livrables.pipeline.layout import UNNUMBERED
from livrables.pipeline.outputs import PORTAL, prune
from livrables.pipeline.plan import NUMBERED, MissionPlan
from livrables.pipeline.project import Project
from livrables.pipeline.render import Resources
from livrables.pipeline.result import BuildResult
from livrables.traduction.translate import load_translation
from livrables.writers.portal import render_portal


def write_outputs(
    plan: MissionPlan, livrable: Livrable, outputs: dict[str, bytes], result: BuildResult
) -> None:
    """A deliverable's outputs written and recorded; the files of a format not made this time
    (`--format`, no LibreOffice) kept if made of the same inputs, else taken out (they would
    show the old text)."""
    internal = plan.internal(livrable)
    if internal and not plan.interne:  # a deliverable now internal: its client copy goes,
        result.withdrawn += plan.folders.drop_client(livrable.stem)  # even if others fail
    wanted = plan.extensions(livrable)
    manifest = plan.manifest
    unnumbered = outputs.pop(UNNUMBERED, None) is not None  # LibreOffice failed: try again
    for ext, data in outputs.items():
        if ext not in wanted:
            continue
        _write(plan, internal, f"{livrable.stem}.{ext}", data, result)
        variant = "" if unnumbered and ext == "docx" else None
        manifest.record(plan.name(livrable, ext), plan.key(livrable, ext, variant), data)
    for ext in EXTENSIONS:
        if ext in outputs:
            continue
        stale = plan.folders.of(internal) / f"{livrable.stem}.{ext}"
        name = plan.name(livrable, ext)
        made_of = manifest.key_of(name)
        keys = {plan.key(livrable, ext, variant) for variant in (NUMBERED, "")}
        if stale.is_file() and made_of in keys and manifest.intact(name):
            continue
        if stale.exists() or stale.is_symlink():
            stale.unlink()
            result.outdated.append(stale)
        manifest.forget(name)


def withhold(plan: MissionPlan, livrable: Livrable, result: BuildResult) -> None:
    """A language of a deliverable not made this time (its translation lags a `valide` text):
    its older files go, they would show an older text."""
    internal = plan.internal(livrable)
    for ext in EXTENSIONS:
        path = plan.folders.of(internal) / f"{livrable.stem}.{ext}"
        if path.exists() or path.is_symlink():
            path.unlink()
            result.untranslated.append(path)
        plan.manifest.forget(plan.name(livrable, ext))


def finish(plan: MissionPlan, resources: Resources, result: BuildResult, complete: bool) -> None:
    """Whatever the outcome, the client folder made safe (`secure`); portals rewritten (only
    when they change); stale internal outputs removed; the manifest. A mission built whole,
    without errors, records its fingerprint so that an unchanged next run skips it."""
    project, mission = plan.project, plan.mission
    livrables = mission.outputs
    secured = secure(project, mission.root, mission, result)
    if complete or secured:  # with errors the last good portal stays, unless it lists too much
        for internal in (False, True):
            listed = [lv for lv in livrables if plan.internal(lv) == internal]
            portal = plan.folders.of(internal) / PORTAL
            taken = any(p.parent == portal.parent for p in result.outdated)
            made = "html" in plan.formats or (taken and portal.is_file())  # no dead link left
            if made and (listed or not (internal or plan.interne)):
                _portal(plan, resources, internal, listed, result)
    if complete:
        written = with_languages({p.stem for p in (mission.root / "livrables").glob("*.md")})
        keep = written if plan.interne else _internal_kept(plan, written)
        result.removed += prune(plan.folders.internal, keep)
    _untrusted(plan, result)
    for name in list(plan.manifest.outputs):  # pruned, or a portal no longer made
        if not (project.build / name).is_file():
            plan.manifest.forget(name)
    fingerprint = plan.inputs.fingerprint(mission.root) if complete else None
    plan.manifest.finished(fingerprint, len(mission.livrables) if complete else 0)
    plan.manifest.save()


def _untrusted(plan: MissionPlan, result: BuildResult) -> None:
    """A file of the client folder this build neither made nor found as an earlier build made
    it (edited or replaced by hand, or of unknown origin) goes: even of a format not made this
    time, it would be sent for the tool's."""
    if plan.interne or not plan.folders.client.is_dir():
        return
    for path in sorted(plan.folders.client.iterdir()):
        name = plan.folders.name(False, path.name)
        recorded = name in plan.manifest.outputs
        if path.is_file() and not path.is_symlink() and recorded and plan.manifest.intact(name):
            continue
        if path.is_file() or path.is_symlink():
            path.unlink()
            result.untrusted.append(path)
            plan.manifest.forget(name)


def _internal_kept(plan: MissionPlan, written: set[str]) -> set[str]:
    """What `_interne/<mission>/` keeps after a client build: the deliverables internal now,
    those whose file does not load (their last output), and what an `--interne` build made."""
    loaded = {lv.stem for lv in plan.mission.outputs}
    internal = {lv.stem for lv in plan.mission.outputs if plan.internal(lv)}
    other = plan.inputs.project.build / ".cache" / f"{plan.mission.slug}-interne.json"
    from livrables.pipeline.manifest import Manifest

    made = {Path(name).stem for name in Manifest(other, plan.project.build).outputs}
    return internal | (written - loaded) | made


def _present(folder: Path) -> set[str]:
    return {p.name for p in folder.iterdir()} if folder.is_dir() else set()


def _portal(
    plan: MissionPlan,
    resources: Resources,
    internal: bool,
    listed: list[Livrable],
    result: BuildResult,
) -> None:
    inputs, mission = plan.inputs, plan.mission
    versions = {}
    for lv in listed:
        stamp = inputs.stamp(mission, lv)
        versions[lv.stem] = (stamp.version, stamp.date)
    sent = {}
    for lv in listed:
        last = inputs.git.last_sent(mission.slug, lv.stem)
        if last is not None:
            sent[lv.stem] = f"version {last[0]} envoyée le {format_date(last[1])}"
    titles = {}
    for lv in listed:
        if lv.translated:
            with contextlib.suppress(ContentError):  # an unreadable catalogue: said by its build
                translation = load_translation(mission, lv, lv.langue)
                titles[lv.stem] = translation.texts.get(lv.front.titre, "")
    portal = render_portal(
        resources.jinja,
        mission,
        listed,
        resources.marque,
        resources.css,
        plan.formats,
        versions,
        sent,
        _present(plan.folders.of(internal)),
        titles,
    )
    data = portal.encode("utf-8")
    _write(plan, internal, PORTAL, data, result)
    name = plan.folders.name(internal, PORTAL)
    plan.manifest.record(name, "portail", data)


def _write(plan: MissionPlan, internal: bool, name: str, data: bytes, result: BuildResult) -> None:
    path = plan.folders.write(internal, name, data)
    if path is not None:
        result.written.append(path)


_DIFFUSION = re.compile(r"^diffusion\s*:\s*[\"']?interne\b", re.MULTILINE)
_TYPE = re.compile(r"^type\s*:\s*[\"']?([\w-]+)", re.MULTILINE)
_DIRECTIVE = re.compile(r"^\s*:{3,}\s*\{?\s*([\w-]+)", re.MULTILINE)


def secure(project: Project, root: Path, mission: Mission | None, result: BuildResult) -> bool:
    """Whatever the build's outcome, the client folder keeps only outputs a complete build
    would write: none of a deliverable that is not client-safe now (internal, as its file says
    even when it cannot be read), none of a deck that would draw on one, none of a deliverable
    that no longer exists. True when it withdrew something (the portal must list less)."""
    folder = project.build / root.name
    if not folder.is_dir():
        return False
    files = {p.stem: p for p in (root / "livrables").glob("*.md")}
    loaded = {lv.stem: lv for lv in mission.livrables} if mission else {}
    texts = {stem: _head(path) for stem, path in files.items() if stem not in loaded}
    internal = {
        stem
        for stem in files
        if (
            loaded[stem].front.diffusion == "interne"
            if stem in loaded
            else _DIFFUSION.search(texts[stem])
        )
    }
    internal_types = {
        loaded[s].type.name if s in loaded else (_TYPE.findall(texts[s]) or [""])[0]
        for s in internal
    }
    unsafe = set(internal)
    for stem, text in texts.items():  # a deck that could not be read: what would it draw on?
        if stem in internal or (_TYPE.findall(text) or [""])[0] != DIAPORAMA:
            continue
        body = files[stem].read_text("utf-8", "replace")
        drawn = {
            kind
            for name in _DIRECTIVE.findall(body)
            if name in BLOCKS
            for kind in BLOCKS[name].types
        }
        if drawn & internal_types:
            unsafe.add(stem)
    withdrawn = [
        path
        for path in sorted(folder.iterdir())
        if path.name != PORTAL and source_stem(path.name) in unsafe and path.is_file()
    ]
    for path in withdrawn:
        path.unlink()
    portal = folder / PORTAL
    if mission is None and unsafe and portal.is_file():  # it may name them: made again next time
        portal.unlink()
        withdrawn.append(portal)
    result.withdrawn += withdrawn
    if mission is not None:  # a language no longer asked for: its files go
        kept = {lv.stem for lv in mission.outputs} | with_languages(set(files) - set(loaded))
    else:
        kept = with_languages(set(files))
    result.removed += prune(folder, kept)
    return bool(withdrawn)


def with_languages(stems: set[str]) -> set[str]:
    """The stems and their outputs in every language (`note`, `note.en` …)."""
    codes = [*TRANSLATED, *(f"fr-{code}" for code in TRANSLATED)]
    return stems | {f"{stem}.{code}" for stem in stems for code in codes}


def source_stem(name: str) -> str:
    """The deliverable an output is of: `note.en.docx` -> `note`."""
    stem = name.rsplit(".", 1)[0]
    base, _, code = stem.rpartition(".")
    return base if base and code.removeprefix("fr-") in TRANSLATED else stem


def _head(path: Path) -> str:
    """A deliverable's front matter as text, read leniently (it may not parse)."""
    try:
        text = path.read_text("utf-8", "replace")
    except OSError:
        return ""
    parts = text.split("\n---", 1) if text.startswith("---") else [""]
    return parts[0]
