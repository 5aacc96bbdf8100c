"""`livrables traduire MISSION[/LIVRABLE] --langue xx`: the mission's catalogues in one language
written or brought up to date from the French (i18n/catalogue.py), exported to XLIFF for an
agency, or given back an agency's or a translator's file (`--importer`).

Only what the client reads is ever extracted: no `diffusion: interne` deliverable, no
`::: interne` note, no speaker note unless the deck says `notes: client`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import polib

from livrables.content.mission import Livrable, Mission
from livrables.errors import Report
from livrables.i18n import LANGUES, TRANSLATED
from livrables.pipeline.project import Project
from livrables.traduction.catalogue import (
    REFERENTIEL,
    check_syntax,
    collect_livrable,
    collect_referentiel,
    internal_texts,
    merge,
    po_path,
    read_po,
    where,
    write_po,
)
from livrables.traduction.xliff import XliffError, apply, export, read

EXPORTS = "_traductions"  # build/_traductions/<mission>/: XLIFF files for agencies


class TraduireError(Exception):
    """Why nothing was done (French)."""


@dataclass
class Translated:
    written: list[Path] = field(default_factory=list)
    unchanged: list[Path] = field(default_factory=list)
    exported: Path | None = None
    imported: int = 0
    stale: dict[str, int] = field(default_factory=dict)  # catalogue -> entries to translate


def traduire(
    project: Project,
    target: str,
    langue: str,
    fmt: str = "po",
    importer: Path | None = None,
) -> tuple[Report, Translated]:
    from livrables.pipeline.run import load, select_missions

    if langue not in TRANSLATED:
        known = ", ".join(TRANSLATED)
        raise TraduireError(f"langue « {langue} » non prise en charge (langues : {known})")
    slug, _, stem = target.partition("/")
    stem = stem.removesuffix(".md")
    report = Report()
    roots = select_missions(project, [slug], report)
    if not roots:
        return report, Translated()
    mission = load(roots[0], report)
    if mission is None or report.errors:
        return report, Translated()
    chosen = _chosen(mission, stem, langue, report)
    done = Translated()
    catalogues: dict[str, polib.POFile] = {}
    names = [(lv.path.stem, lv) for lv in chosen] + [(REFERENTIEL, None)]
    for name, livrable in names:
        path = po_path(mission.root, langue, name)
        try:
            old = read_po(path)
        except (OSError, ValueError) as exc:
            line, col, message = where(exc)
            report.error(path, line, col, f"catalogue illisible, laissé tel quel : {message}")
            continue
        found = collect_livrable(mission, livrable) if livrable else collect_referentiel(mission)
        title = f"{mission.slug}/{name}"
        internal = internal_texts(livrable) if livrable else set()
        catalogues[name] = merge(old, found, langue, title, project.root, internal)
    if importer is not None:
        done.imported = _import(importer, langue, catalogues, report)
    if report.errors:
        return report, done
    for name, po in catalogues.items():
        path = po_path(mission.root, langue, name)
        (done.written if write_po(path, po) else done.unchanged).append(path)
        left = sum(1 for e in po if not e.obsolete and (not e.msgstr or e.fuzzy))
        if left:
            done.stale[name] = left
    if fmt == "xliff":
        exported = project.build / EXPORTS / mission.slug / f"{stem or mission.slug}.{langue}.xlf"
        exported.parent.mkdir(parents=True, exist_ok=True)
        exported.write_bytes(export(catalogues, langue))
        done.exported = exported
    return report, done


def _chosen(mission: Mission, stem: str, langue: str, report: Report) -> list[Livrable]:
    client = [lv for lv in mission.livrables if lv.front.diffusion == "client"]
    if stem:
        named = [lv for lv in mission.livrables if lv.path.stem == stem]
        if not named:
            known = ", ".join(lv.path.stem for lv in mission.livrables)
            raise TraduireError(f"livrable « {stem} » introuvable dans {mission.slug} ({known})")
        if named[0].front.diffusion == "interne":
            raise TraduireError(
                f"« {stem} » est à diffusion interne : il n'est jamais traduit ni transmis"
            )
        chosen = named
    else:
        declared = [lv for lv in client if langue in mission.langues(lv)]
        chosen = declared or client
    name = LANGUES[langue].name
    if langue not in mission.info.langues:
        report.warning(
            mission.root / "mission.yaml",
            1,
            1,
            f"langue « {langue} » non déclarée : ajoutez « langues: [{langue}] » à mission.yaml "
            f"pour produire les livrables en {name} (les catalogues sont écrits quand même)",
        )
    return chosen


def _import(path: Path, langue: str, catalogues: dict[str, polib.POFile], report: Report) -> int:
    """An agency's XLIFF or a translator's PO read into the catalogues."""
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise TraduireError(f"fichier « {path} » illisible ({exc.strerror})") from exc
    if path.suffix.lower() in {".xlf", ".xliff"}:
        try:
            target, units = read(data)
        except XliffError as exc:
            raise TraduireError(f"{path.name} : {exc}") from exc
        if target != langue:
            raise TraduireError(
                f"{path.name} est en {LANGUES[target].name}, pas en {LANGUES[langue].name}"
            )
    else:
        try:
            text = data.decode("utf-8")
            check_syntax(text)
            po = polib.pofile(text)
        except (UnicodeDecodeError, OSError, ValueError) as exc:
            raise TraduireError(f"{path.name} : catalogue PO illisible ({exc})") from exc
        from livrables.traduction.xliff import Unit

        name = path.stem
        units = [
            Unit(name, e.msgid, e.msgstr, e.fuzzy, e.previous_msgid or "", e.tcomment or "")
            for e in po
            if not e.obsolete
        ]
    changed = 0
    for name in dict.fromkeys(u.catalogue for u in units):
        po = catalogues.get(name)
        mine = [u for u in units if u.catalogue == name]
        if po is None:
            report.warning(
                path, 1, 1, f"catalogue « {name} » absent de la sélection : ignoré ({len(mine)})"
            )
            continue
        count, unknown = apply(po, mine)
        changed += count
        for text in unknown[:20]:
            shown = text if len(text) <= 60 else text[:57] + "…"
            report.warning(
                path, 1, 1, f"{name} : texte français changé depuis l'export, ignoré : « {shown} »"
            )
    return changed
