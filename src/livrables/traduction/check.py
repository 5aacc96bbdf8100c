"""What `check` (and `envoyer`) say of the translations: each French text of a deliverable made
in another language that has no translation yet, or whose translation is to review because the
French changed since (fuzzy), at the French text's own line. A warning while the deliverable
is written; an error once it is `valide`, or being sent.
"""

from __future__ import annotations

from pathlib import Path

from livrables.content.mission import Livrable, Mission
from livrables.document.directives import DIAPORAMA
from livrables.errors import Report
from livrables.i18n import LANGUES
from livrables.traduction.catalogue import (
    FOLDER,
    REFERENTIEL,
    Text,
    collect_livrable,
    collect_referentiel,
    po_path,
    read_po,
    where,
)

SHOWN = 70  # characters of the French quoted in a message


def check_translations(
    mission: Mission, report: Report, livrables: list[Livrable] | None = None, sending: bool = False
) -> None:
    chosen = mission.livrables if livrables is None else livrables
    for livrable in chosen:
        _check_front_languages(mission, livrable, report)
    strict_languages: dict[str, bool] = {}
    for livrable in chosen:
        if livrable.front.diffusion == "interne":
            continue
        strict = sending or livrable.front.statut == "valide"
        bilingual = [livrable.front.bilingue] if livrable.front.bilingue else []
        for code in dict.fromkeys([*mission.langues(livrable), *bilingual]):
            strict_languages[code] = strict_languages.get(code, False) or strict
            command = f"livrables traduire {mission.slug}/{livrable.path.stem} --langue {code}"
            _check(
                po_path(mission.root, code, livrable.path.stem),
                collect_livrable(mission, livrable),
                code,
                strict,
                command,
                report,
            )
    if livrables is None:
        _orphans(mission, report)
    for code, strict in strict_languages.items():
        _check(
            po_path(mission.root, code, REFERENTIEL),
            collect_referentiel(mission),
            code,
            strict,
            f"livrables traduire {mission.slug} --langue {code}",
            report,
        )


def _check(
    path: Path, found: list[Text], code: str, strict: bool, command: str, report: Report
) -> None:
    say = report.error if strict else report.warning
    name = LANGUES[code].name
    try:
        po = read_po(path)
    except (OSError, ValueError) as exc:
        line, col, message = where(exc)
        report.error(path, line, col, f"catalogue de traduction illisible : {message}")
        return
    if po is None:
        if found:
            first = found[0]
            say(
                first.path,
                first.line,
                1,
                f"pas encore de traduction en {name} ({len(found)} textes) : lancez « {command} »",
            )
        return
    entries = {e.msgid: e for e in po if not e.obsolete}
    seen: set[tuple[Path, int, str]] = set()
    for text in found:
        if (text.path, text.line, text.msgid) in seen:
            continue
        seen.add((text.path, text.line, text.msgid))
        entry = entries.get(text.msgid)
        shown = text.msgid if len(text.msgid) <= SHOWN else text.msgid[: SHOWN - 1] + "…"
        if entry is None:
            say(
                text.path,
                text.line,
                text.col,
                f"texte nouveau ou modifié, absent du catalogue en {name} : « {shown} » "
                f"(lancez « {command} »)",
            )
        elif entry.fuzzy:
            say(
                text.path,
                text.line,
                text.col,
                f"traduction en {name} à revoir, le français a changé : « {shown} » "
                f"({_relative(path)}, entrée marquée « fuzzy »)",
            )
        elif not entry.msgstr:
            say(text.path, text.line, text.col, f"texte pas encore traduit en {name} : « {shown} »")


def _orphans(mission: Mission, report: Report) -> None:
    """A catalogue no deliverable uses (the deliverable renamed or deleted): its translations
    would be lost at the next `traduire`, unless it is renamed too."""
    stems = {p.stem for p in (mission.root / "livrables").glob("*.md")}  # loaded or not
    folder = mission.root / FOLDER
    for path in sorted(folder.glob("*/*.po")) if folder.is_dir() else []:
        if path.stem != REFERENTIEL and path.stem not in stems:
            report.warning(
                path,
                1,
                1,
                f"catalogue sans livrable : aucun « livrables/{path.stem}.md » ; si le livrable "
                "a été renommé, renommez ce fichier comme lui pour garder ses traductions",
            )


def _relative(path: Path) -> str:
    parts = path.parts
    return "/".join(parts[parts.index("traductions") :]) if "traductions" in parts else str(path)


def _check_front_languages(mission: Mission, livrable: Livrable, report: Report) -> None:
    """A language narrowed to that the mission does not declare is not made: said at its key."""
    front = livrable.front
    declared = set(mission.info.langues)
    if front.bilingue and livrable.type.name == DIAPORAMA and livrable.located is not None:
        line, col = livrable.located.key_position(("bilingue",))
        report.warning(
            livrable.path,
            line,
            col,
            "bilingue : un diaporama n'a pas la place de deux langues côte à côte ; il est "
            "produit dans chaque langue de « langues: » (enlevez « bilingue: »)",
        )
    for code in dict.fromkeys(front.langues or []):
        if code in declared:
            continue
        line, col = (1, 1)
        if livrable.located is not None:
            line, col = livrable.located.key_position(("langues",))
        report.warning(
            livrable.path,
            line,
            col,
            f"langue « {code} » ({LANGUES[code].name}) absente de « langues: » dans mission.yaml "
            "(le livrable n'y est pas produit) : ajoutez-la à la mission",
        )
