"""Publish: a mission's outputs written where they belong (the client folder or `_interne/`),
what is stale taken out, the portal, the manifest of what was written (manifest.py).
"""

from __future__ import annotations

from livrables.content.mission import Livrable
from livrables.document.typography import format_date
from livrables.pipeline.formats import EXTENSIONS
from livrables.pipeline.outputs import PORTAL, prune
from livrables.pipeline.plan import NUMBERED, MissionPlan
from livrables.pipeline.render import Resources
from livrables.pipeline.result import BuildResult
from livrables.writers.portal import render_portal


def write_outputs(
    plan: MissionPlan, livrable: Livrable, outputs: dict[str, bytes], result: BuildResult
) -> None:
    """A deliverable's outputs written and recorded; the files of a format not made this time
    (`--format`, no LibreOffice) kept if made of the same inputs, else taken out (they would
    show the old text)."""
    internal = plan.internal(livrable)
    if internal and not plan.interne:  # a deliverable now internal: its client copy goes,
        result.removed += plan.folders.drop_client(livrable.stem)  # even if others fail
    wanted = plan.extensions(livrable)
    manifest = plan.manifest
    for ext, data in outputs.items():
        if ext not in wanted:
            continue
        _write(plan, internal, f"{livrable.stem}.{ext}", data, result)
        manifest.record(plan.name(livrable, ext), plan.key(livrable, ext), data)
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
            result.removed.append(stale)
        manifest.forget(name)


def finish(plan: MissionPlan, resources: Resources, result: BuildResult, complete: bool) -> None:
    """Portals (rewritten only when they change), stale outputs removed, the manifest; a
    mission built whole, without errors, records its fingerprint so that an unchanged next
    run skips it."""
    livrables = plan.mission.livrables
    if complete:  # with errors the last good portal and outputs stay
        for internal in (False, True):
            listed = [lv for lv in livrables if plan.internal(lv) == internal]
            if "html" in plan.formats and (listed or not (internal or plan.interne)):
                _portal(plan, resources, internal, listed, result)
        written = {p.stem for p in (plan.mission.root / "livrables").glob("*.md")}
        broken = written - {lv.stem for lv in livrables}  # their last good output stays
        if not plan.interne:
            client = {lv.stem for lv in livrables if not plan.internal(lv)}
            result.removed += prune(plan.folders.client, client | broken)
        result.removed += prune(plan.folders.internal, written)
        for name in list(plan.manifest.outputs):  # pruned, or a portal no longer made
            if not (plan.project.build / name).is_file():
                plan.manifest.forget(name)
        plan.manifest.finished(plan.inputs.fingerprint(plan.mission.root), len(livrables))
    else:
        plan.manifest.finished(None, 0)
    plan.manifest.save()


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
    portal = render_portal(
        resources.jinja,
        mission,
        listed,
        resources.marque,
        resources.css,
        plan.formats,
        versions,
        sent,
    )
    data = portal.encode("utf-8")
    _write(plan, internal, PORTAL, data, result)
    name = plan.folders.name(internal, PORTAL)
    plan.manifest.record(name, "portail", data)


def _write(plan: MissionPlan, internal: bool, name: str, data: bytes, result: BuildResult) -> None:
    path = plan.folders.write(internal, name, data)
    if path is not None:
        result.written.append(path)
