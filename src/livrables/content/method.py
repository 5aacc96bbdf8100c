"""Method warnings: the content is valid, but the firm's method asks for more.

They do not stop a build (exit 0); `livrables check --strict` turns them into errors. Each rule
is a function of one entity that returns what is missing, in French; `check_method` places the
warnings at the entity (or the field) in its file.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from livrables.content.entities import Action, Entity, Indicateur, Objectif, Personne
from livrables.content.referentiel import Entry, Referentiel
from livrables.document.typography import MOIS, format_date, format_number
from livrables.errors import Report

Rule = Callable[[Entity, Referentiel, dt.date], list[tuple[str, str]]]  # (field, message)


def check_method(ref: Referentiel, report: Report, today: dt.date | None = None) -> None:
    today = today or dt.date.today()
    for entry in ref.entries.values():
        for rule in RULES.get(type(entry.entity), []):
            for field, message in rule(entry.entity, ref, today):
                _warn(entry, field, message, report)


def _warn(entry: Entry, field: str, message: str, report: Report) -> None:
    loc = (*entry.loc, field) if field else entry.loc
    line, col = entry.located.position(loc)
    where = f"{entry.loc[0]}[{entry.loc[1]}]" + (f".{field}" if field else "")
    report.warning(entry.located.path, line, col, f"{where} : {message}")


def raci_problems(action: Action) -> list[str]:
    """The RACI rule: exactly one A (accountable), at least one R (responsible)."""
    roles = [c.role for c in action.contributeurs]
    problems = []
    if roles.count("A") != 1:
        problems.append(f"{roles.count('A')} « A »")
    if "R" not in roles:
        problems.append("aucun « R »")
    return problems


def _raci(action: Entity, ref: Referentiel, today: dt.date) -> list[tuple[str, str]]:
    assert isinstance(action, Action)
    problems = raci_problems(action) if action.contributeurs else []
    if not problems:
        return []
    return [
        (
            "contributeurs",
            f"règle RACI non respectée pour « {action.id} » "
            f"({', '.join(problems)}) : une action a exactement un « A » et au moins un « R »",
        )
    ]


def _action_complete(action: Entity, ref: Referentiel, today: dt.date) -> list[tuple[str, str]]:
    assert isinstance(action, Action)
    missing = []
    if not action.objectifs:
        missing.append(("", f"l'action « {action.id} » ne sert aucun objectif (objectifs:)"))
    if action.pilote is None:
        missing.append(("", f"l'action « {action.id} » n'a pas de service pilote (pilote:)"))
    if action.debut is None or action.fin is None:
        missing.append(("", f"l'action « {action.id} » n'a pas de dates (debut: et fin:)"))
    return missing


def _funding(action: Entity, ref: Referentiel, today: dt.date) -> list[tuple[str, str]]:
    assert isinstance(action, Action)
    if action.budget is None or not action.financements:
        return []
    total = sum(f.montant for f in action.financements)
    if abs(total - action.budget) < 0.005:
        return []
    return [
        (
            "financements",
            f"les financements de « {action.id} » totalisent "
            f"{format_number(total)} €, le budget est de {format_number(action.budget)} €",
        )
    ]


def _serving(objectif: Objectif, ref: Referentiel) -> set[str]:
    """The objective and all its descendants (results count for their objective)."""
    ids = {objectif.id}
    grew = True
    while grew:
        grew = False
        for other in ref.objectifs:
            if other.parent in ids and other.id not in ids:
                ids.add(other.id)
                grew = True
    return ids


def _objective_followed(
    objectif: Entity, ref: Referentiel, today: dt.date
) -> list[tuple[str, str]]:
    assert isinstance(objectif, Objectif)
    problems = []
    tree = _serving(objectif, ref)
    actions = [a for a in ref.of(Action) if tree & set(a.objectifs)]
    direct = {a.id for a in ref.of(Action) if objectif.id in a.objectifs}
    measured = any(
        i.objectif == objectif.id or (i.action is not None and i.action in direct)
        for i in ref.indicateurs
    )
    if not measured:
        problems.append(
            (
                "",
                f"l'objectif « {objectif.id} » n'a pas d'indicateur (un indicateur "
                "qui le mesure, ou qui mesure une action qui le sert)",
            )
        )
    if not actions:
        problems.append(("", f"l'objectif « {objectif.id} » n'a pas d'action qui le serve"))
    return problems


def _missing(*pairs: tuple[str, object]) -> list[str]:
    """The labels of the values that are not given."""
    return [label for label, value in pairs if value is None]


def _smart(indicateur: Entity, ref: Referentiel, today: dt.date) -> list[tuple[str, str]]:
    assert isinstance(indicateur, Indicateur)
    missing = _missing(
        ("une valeur de départ (valeur_initiale:)", indicateur.valeur_initiale),
        ("une cible datée (cible:)", indicateur.cible),
        ("une source (source:)", indicateur.source),
        ("une fréquence (frequence:)", indicateur.frequence),
        ("un service responsable (responsable:)", indicateur.responsable),
    )
    if not missing:
        return []
    return [
        (
            "",
            f"l'indicateur « {indicateur.id} » n'est pas SMART : il lui manque "
            + ", ".join(missing),
        )
    ]


def _gdpr(personne: Entity, ref: Referentiel, today: dt.date) -> list[tuple[str, str]]:
    assert isinstance(personne, Personne)
    missing = _missing(
        ("la source des coordonnées (source:)", personne.source),
        ("la base légale (base_legale:)", personne.base_legale),
        ("la date de fin de conservation (conservation_jusqu_au:)", personne.conservation_jusqu_au),
    )
    problems = []
    if missing:
        problems.append(
            (
                "",
                f"données personnelles de « {personne.id} » (RGPD) : il manque "
                + ", ".join(missing),
            )
        )
    until = personne.conservation_jusqu_au
    if until is not None and until < today:
        problems.append(
            (
                "conservation_jusqu_au",
                f"la durée de conservation des données de "
                f"« {personne.id} » est échue : supprimez ses coordonnées (RGPD)",
            )
        )
    return problems


RULES: dict[type, list[Rule]] = {
    Action: [_raci, _action_complete, _funding],
    Objectif: [_objective_followed],
    Indicateur: [_smart],
    Personne: [_gdpr],
}


def election_window(election_month: dt.date) -> tuple[dt.date, dt.date]:
    """Code électoral L52-1: from the first day of the sixth month before the election month,
    to the end of the election month."""
    months = election_month.year * 12 + election_month.month - 1 - 6
    start = dt.date(months // 12, months % 12 + 1, 1)
    following = election_month.year * 12 + election_month.month
    end = dt.date(following // 12, following % 12 + 1, 1) - dt.timedelta(days=1)
    return start, end


def check_election_period(info: Any, livrables: list[Any], report: Report) -> None:
    """A communication kit dated in the pre-election period must not promote achievements."""
    if info is None or info.elections is None:
        return
    start, end = election_window(info.elections)
    for livrable in livrables:
        date = livrable.front.date
        if livrable.type.name != "kit-communication" or date is None or not start <= date <= end:
            continue
        line, col = livrable.located.position(("date",)) if livrable.located else (1, 1)
        report.warning(
            livrable.path,
            line,
            col,
            f"date : ce kit de communication est daté du {format_date(date)}, en période "
            f"pré-électorale (élections de {MOIS[info.elections.month - 1]} "
            f"{info.elections.year}, depuis le {format_date(start)}) : l'article L52-1 du code "
            "électoral interdit toute campagne de promotion des réalisations de la collectivité",
        )
