"""A deliverable made in another language: its catalogues read, then its tree, its front matter
and the referential its blocks draw on given the translator's texts.

A French text without a translation (new, or changed since: fuzzy) stays French, marked
« [FR] » where it shows, and is counted in `missing`: a deliverable `valide` is not made in a
language with texts missing (`check` names each at its French line).
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from pathlib import Path

import polib

from livrables.content.mission import Livrable, Mission
from livrables.content.referentiel import Referentiel
from livrables.document.directives import INTERNE, NOTES
from livrables.document.nodes import BlockCall, Box, Document, Figure, Image, NoteRef, Text
from livrables.document.walk import walk
from livrables.errors import ContentError, Diagnostic, Severity
from livrables.i18n import LANGUES
from livrables.traduction.catalogue import REFERENTIEL, po_path, read_po, where
from livrables.traduction.fields import translated
from livrables.traduction.segments import (
    block_title,
    from_markdown,
    holders,
    notes_cited,
    source_of,
    with_block_title,
    worded,
)

MARK = "[FR]\u00a0"  # before a text left in French, in a draft


@dataclass
class Translation:
    """One language's texts for one deliverable: its catalogue and the referential's."""

    langue: str
    texts: dict[str, str]
    missing: list[tuple[Path, int, str]] = field(default_factory=list)  # where, the French
    catalogue: Path | None = None  # the deliverable's own, when there is none yet

    def text(self, french: str, where: tuple[Path, int] | None = None) -> str:
        """A visible text of the referential or the front matter, translated or marked."""
        found = self.texts.get(french)
        if found:
            return found
        if not worded(french):
            return french
        if where is not None:
            self.missing.append((*where, french))
        return MARK + french


def catalogue_texts(path: Path) -> dict[str, str]:
    """msgid -> msgstr of the translated entries (fuzzy ones are not: their French changed)."""
    try:
        po = read_po(path)
    except (OSError, ValueError) as exc:
        line, col, message = where(exc)
        raise ContentError.at(
            path, line, col, f"catalogue de traduction illisible : {message}"
        ) from exc
    if po is None:
        return {}
    return _translated_entries(po)


def _translated_entries(po: polib.POFile) -> dict[str, str]:
    return {e.msgid: e.msgstr for e in po if e.msgstr.strip() and not e.fuzzy and not e.obsolete}


def load_translation(mission: Mission, livrable: Livrable, langue: str) -> Translation:
    root = mission.root
    texts = catalogue_texts(po_path(root, langue, REFERENTIEL))
    own = po_path(root, langue, livrable.path.stem)
    texts.update(catalogue_texts(own))
    return Translation(langue, texts, catalogue=None if own.is_file() else own)


def translated_mission(mission: Mission, translation: Translation) -> Mission:
    """The mission as the blocks of a translated deliverable see it."""
    tr = translation.text
    entries = {
        key: dataclasses.replace(entry, entity=translated(entry.entity, tr))
        for key, entry in mission.referentiel.entries.items()
    }
    referentiel = dataclasses.replace(mission.referentiel, entries=entries)
    assert isinstance(referentiel, Referentiel)
    collectivite = mission.info.collectivite
    collectivite = collectivite.model_copy(update={"nom": tr(collectivite.nom)})
    info = mission.info.model_copy(
        update={"intitule": tr(mission.info.intitule), "collectivite": collectivite}
    )
    livrables = [
        dataclasses.replace(lv, front=translated(lv.front, tr)) for lv in mission.livrables
    ]
    return Mission(mission.root, info, referentiel, livrables)


def translated_livrable(livrable: Livrable, translation: Translation) -> Livrable:
    front = translated(livrable.front, lambda text: translation.text(text, (livrable.path, 1)))
    return dataclasses.replace(livrable, front=front)


def translate_tree(
    tree: Document,
    translation: Translation,
    path: Path,
    hidden: frozenset[str] = frozenset({INTERNE, NOTES}),
) -> None:
    """Every segment of the tree in the translator's words (or marked French). What the
    client never reads (`hidden`: an internal build's notes for the team, a deck's speaker
    notes unless `notes: client`) stays French, unmarked: no translator ever sees it."""
    internal = {
        id(inner)
        for box in walk(tree)
        if isinstance(box, Box) and box.name in hidden
        for inner in walk(box)
    }
    for node in list(holders(tree)):
        if id(node) in internal:
            continue
        french = source_of(node)
        if not worded(french):
            continue
        target = translation.texts.get(french)
        if target is None or not target.strip():
            translation.missing.append((path, node.line, french))
            if isinstance(node, BlockCall):
                with_block_title(node, MARK + block_title(node))
            else:
                node.children.insert(0, Text(MARK, line=node.line))
            continue
        if isinstance(node, BlockCall):
            with_block_title(node, target)
            continue
        cited = notes_cited(node.children)
        subs = {ref.id: ref.sub for ref in walk(node) if isinstance(ref, NoteRef)}
        node.children = from_markdown(target, node.line, sorted(set(cited)))
        for ref in (n for child in node.children for n in walk(child)):
            if isinstance(ref, NoteRef):
                ref.sub = subs.get(ref.id, 0)
        if isinstance(node, Figure):
            images = [n for n in node.children if isinstance(n, Image)]
            node.caption = images[0].title if images else node.caption


def _shown(path: Path) -> str:
    parts = path.parts
    return "/".join(parts[parts.index("traductions") :]) if "traductions" in parts else str(path)


class Withheld(ContentError):
    """A deliverable `valide` whose translation is incomplete: not made in that language (its
    French is), each text to translate said as a warning."""


def marked(found: object, line: int = 1) -> list[tuple[int, str]]:
    """The texts left in French in a finished tree or a cover (each « [FR] » string, by the
    line of the node it is in): what the referential or a block printed untranslated."""
    out: list[tuple[int, str]] = []
    if isinstance(found, str):
        if MARK in found:
            out.append((line, found.split(MARK, 1)[1].split("\n", 1)[0]))
    elif isinstance(found, list | tuple):
        for item in found:
            out += marked(item, line)
    elif isinstance(found, dict):
        for item in found.values():
            out += marked(item, line)
    elif dataclasses.is_dataclass(found) and not isinstance(found, type):
        line = getattr(found, "line", 0) or line
        for item in dataclasses.fields(found):
            out += marked(getattr(found, item.name), line)
    return out


def refuse_incomplete(livrable: Livrable, translation: Translation, *made: object) -> None:
    """A deliverable `valide` is made in another language only entirely translated (nothing
    left « [FR] » in `made`: its tree, its cover): else its outputs in that language are
    withheld (and taken out), with a warning per text."""
    if livrable.front.statut != "valide":
        return
    counted = {french for _path, _line, french in translation.missing}
    for line, french in marked(list(made)):
        if french.strip() and french not in counted:  # a segment's own mark: counted already
            translation.missing.append((livrable.path, line, french))
            counted.add(french)
    if not translation.missing:
        return
    name = LANGUES[translation.langue].name
    command = f"livrables traduire {livrable.path.parent.parent.name}/{livrable.path.stem}"
    command += f" --langue {translation.langue}"
    withheld = (
        f"le livrable validé n'est pas produit en {name} tant qu'il n'est pas entièrement traduit"
    )
    if translation.catalogue is not None:  # nothing translated yet: one message, not a hundred
        problems = [
            Diagnostic(
                livrable.path,
                1,
                1,
                f"pas encore de traduction en {name} ({_shown(translation.catalogue)} absent) : "
                f"{withheld} ; lancez « {command} »",
                Severity.WARNING,
            )
        ]
        raise Withheld(problems)
    problems = []
    for path, line, french in dict.fromkeys(translation.missing):
        shown = french if len(french) <= 60 else french[:57] + "…"
        problems.append(
            Diagnostic(
                path,
                line,
                1,
                f"traduction en {name} manquante ou à revoir pour « {shown} » : {withheld} "
                f"(« {command} »)",
                Severity.WARNING,
            )
        )
    raise Withheld(problems)
