"""Bar charts from the referential: indicators against their targets, the budget by funder,
action or year, the inventory of existing actions by type or territory."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from typing import ClassVar

from livrables.blocks.base import BlockArgs, BlockContext
from livrables.blocks.formats import euros, month
from livrables.blocks.graphique.base import Kind
from livrables.content.entities import (
    LIBELLES_TYPE_ACTION,
    Action,
    ActionExistante,
    Indicateur,
)
from livrables.document.nodes import Chart, Column, DataNode, Note, Series, Table
from livrables.document.typography import NBSP, format_number
from livrables.i18n import t, tf

UNFUNDED = "Reste à financer"
PRIMARY, ACCENT, SECONDARY, GREY = range(4)  # the brand's chart palette, in its order


def _plural(count: int, word: str) -> str:
    """« 1 action », « 3 actions » (`word` singular; the catalogue has both forms)."""
    return tf(f"{{n}} {word}{'s' if count > 1 else ''}", n=count)


def _table(chart: Chart, first: str) -> Table:
    """The chart's data as a table: one row per category, one column per series."""
    columns = [Column(first, 2.0), *(Column(s.name, 1.0, "right") for s in chart.series)]
    rows: list[list[str]] = [
        [category, *(s.labels[index] or "—" for s in chart.series)]
        for index, category in enumerate(chart.categories)
    ]
    return Table(columns, rows, kind="graphique")


def _amount(value: float, unit: str) -> str:
    """A bar's value: the unit is in its category's label, except a percentage's sign."""
    return f"{format_number(value)}{NBSP}%" if unit.strip() == "%" else format_number(value)


class IndicateursKind(Kind):
    name: ClassVar[str] = "indicateurs"
    title: ClassVar[str] = "Les indicateurs au regard de leurs cibles"
    options: ClassVar[dict[str, str | None]] = {"objectif": "objectifs", "action": "actions"}

    def _indicators(
        self, args: BlockArgs, ctx: BlockContext
    ) -> tuple[list[Indicateur], list[tuple[Indicateur, str]]]:
        objectif, action = args.values.get("objectif"), args.values.get("action")
        shown, left = [], []
        for ind in ctx.ref.indicateurs:
            if (objectif and ind.objectif != objectif) or (action and ind.action != action):
                continue
            if ind.valeur_initiale is None:
                left.append((ind, "n'a pas de valeur de départ (valeur_initiale:)"))
            elif ind.cible is None:
                left.append((ind, "n'a pas de cible (cible:)"))
            elif ind.cible.valeur == 0:
                left.append((ind, "a une cible nulle : l'écart ne se mesure pas en pourcentage"))
            else:
                shown.append(ind)
        return shown, left

    def warnings(self, args: BlockArgs, ctx: BlockContext) -> list[str]:
        shown, left = self._indicators(args, ctx)
        found = [
            f"graphique indicateurs : l'indicateur « {ind.id} » {why} : il n'y figure pas"
            for ind, why in left
        ]
        if not shown:
            found.append("graphique indicateurs : aucun indicateur à montrer")
        return found

    def build(self, args: BlockArgs, ctx: BlockContext) -> list[DataNode]:
        shown, _ = self._indicators(args, ctx)
        if not shown:
            return [Note("Aucun indicateur n'a encore de valeur de départ et de cible.")]
        values: dict[str, list[float | None]] = {"start": [], "latest": [], "target": []}
        start = Series("Situation de départ", values["start"], [], colour=GREY)
        latest = Series("Dernière mesure", values["latest"], [], colour=ACCENT)
        target = Series("Cible", values["target"], [], colour=PRIMARY)
        for ind in shown:
            assert ind.cible is not None and ind.valeur_initiale is not None
            goal = ind.cible.valeur

            def share(value: float, goal: float = goal) -> float:
                return round(100 * value / goal, 1)

            values["start"].append(share(ind.valeur_initiale))
            start.labels.append(_amount(ind.valeur_initiale, ind.unite))
            measure = ind.derniere_mesure
            if measure is not None:
                values["latest"].append(share(measure.valeur))
                latest.labels.append(
                    f"{_amount(measure.valeur, ind.unite)} ({month(measure.date)})"
                )
            else:
                values["latest"].append(None)
                latest.labels.append("")
            values["target"].append(100.0)
            target.labels.append(f"{_amount(goal, ind.unite)} ({month(ind.cible.date)})")
        series = [start, *([latest] if any(v is not None for v in latest.values) else []), target]
        chart = Chart(
            "indicateurs",
            self.title_of(args),
            tf(
                "Pour {indicateurs}, la situation de départ et la dernière mesure en pourcentage "
                "de la cible, chaque barre portant sa valeur."
                if len(series) == 3
                else "Pour {indicateurs}, la situation de départ en pourcentage de la cible, "
                "chaque barre portant sa valeur.",
                indicateurs=_plural(len(shown), "indicateur"),
            ),
            [
                tf("{intitule} (en {unite})", intitule=ind.intitule, unite=ind.unite)
                for ind in shown
            ],
            series,
            "% de la cible",
            unit="pourcent",
        )
        chart.table = _table(chart, "Indicateur")
        return [chart]


class BudgetKind(Kind):
    name: ClassVar[str] = "budget"
    title: ClassVar[str] = "Le budget"
    options: ClassVar[dict[str, str | None]] = {"objectif": "objectifs", "par": None}
    choices: ClassVar[dict[str, tuple[str, ...]]] = {"par": ("financeur", "action", "annee")}

    def _actions(self, args: BlockArgs, ctx: BlockContext) -> list[Action]:
        only = args.values.get("objectif")
        return [a for a in ctx.ref.of(Action) if only is None or ctx.ref.serves(a, only)]

    def warnings(self, args: BlockArgs, ctx: BlockContext) -> list[str]:
        by = args.values.get("par", "financeur")
        found = []
        for action in self._actions(args, ctx):
            if action.budget is None and not action.financements:
                found.append(
                    f"graphique budget : l'action « {action.id} » n'a ni budget ni "
                    "financements : elle n'y figure pas"
                )
            elif by == "annee" and not (action.debut and action.fin):
                found.append(
                    f"graphique budget : l'action « {action.id} » n'a pas de dates : son budget "
                    "ne se répartit pas par année"
                )
        if not self._amounts(args, ctx):
            found.append("graphique budget : aucun montant à montrer")
        return found

    def _amounts(self, args: BlockArgs, ctx: BlockContext) -> dict[str, float]:
        by = args.values.get("par", "financeur")
        amounts: dict[str, float] = defaultdict(float)
        for action in self._actions(args, ctx):
            funded = sum(f.montant for f in action.financements)
            total = action.budget if action.budget is not None else funded
            if not total:
                continue
            if by == "financeur":
                for funding in action.financements:
                    amounts[funding.source] += funding.montant
                if total > funded:
                    amounts[UNFUNDED] += total - funded
            elif by == "action":
                amounts[action.intitule] += total
            elif action.debut and action.fin:
                for year, part in _by_year(action.debut, action.fin):
                    amounts[str(year)] += total * part
        if by == "annee":
            return {year: round(amounts[year]) for year in sorted(amounts)}
        ordered = sorted(amounts.items(), key=lambda item: (item[0] == UNFUNDED, -item[1]))
        return dict(ordered)

    def build(self, args: BlockArgs, ctx: BlockContext) -> list[DataNode]:
        amounts = self._amounts(args, ctx)
        if not amounts:
            return [Note("Aucune action n'a encore de budget.")]
        by = args.values.get("par", "financeur")
        first, what, tail = {
            "financeur": ("Financeur", "par financeur", "."),
            "action": ("Action", "par action", "."),
            "annee": (
                "Année",
                "par année",
                ", le budget de chaque action réparti au prorata de sa durée.",
            ),
        }[by]
        first, what, tail = t(first), t(what), t(tail)
        values = list(amounts.values())
        total = sum(values)
        chart = Chart(
            "budget",
            args.values.get("titre") or f"{t(self.title)} {what}",
            tf("Le budget des actions {par}, {total} en tout", par=what, total=euros(total)) + tail,
            list(amounts),
            [Series("Montant", values, [euros(v) for v in values])],
            "Montant",
            unit="euros",
        )
        chart.table = _table(chart, first)
        return [chart]


def _by_year(start: dt.date, end: dt.date) -> list[tuple[int, float]]:
    """Each year the period touches, with its share of the period's days."""
    days = (end - start).days + 1
    shares = []
    for year in range(start.year, end.year + 1):
        first = max(start, dt.date(year, 1, 1))
        last = min(end, dt.date(year, 12, 31))
        shares.append((year, ((last - first).days + 1) / days))
    return shares


class InventaireKind(Kind):
    name: ClassVar[str] = "inventaire"
    title: ClassVar[str] = "Les actions internationales existantes"
    options: ClassVar[dict[str, str | None]] = {"par": None, "mesure": None}
    choices: ClassVar[dict[str, tuple[str, ...]]] = {
        "par": ("type", "territoire"),
        "mesure": ("nombre", "budget"),
    }

    def warnings(self, args: BlockArgs, ctx: BlockContext) -> list[str]:
        actions = ctx.ref.of(ActionExistante)
        if not actions:
            return ["graphique inventaire : aucune action existante à montrer"]
        if args.values.get("mesure") == "budget":
            return [
                f"graphique inventaire : l'action « {a.id} » n'a pas de budget annuel "
                "(budget_annuel:) : elle compte pour zéro"
                for a in actions
                if a.budget_annuel is None
            ]
        return []

    def build(self, args: BlockArgs, ctx: BlockContext) -> list[DataNode]:
        actions = ctx.ref.of(ActionExistante)
        if not actions:
            return [Note("Aucune action existante n'est encore recensée.")]
        by_type = args.values.get("par", "type") == "type"
        money = args.values.get("mesure") == "budget"
        totals: dict[str, float] = defaultdict(float)
        for action in actions:
            if by_type:
                key = LIBELLES_TYPE_ACTION[action.type]
            elif action.territoire:
                key = ctx.ref.name_of(action.territoire)
            else:
                key = "Sans territoire partenaire"
            totals[key] += (action.budget_annuel or 0) if money else 1
        ordered = sorted(totals.items(), key=lambda item: -item[1])
        values = [v for _, v in ordered]
        labels = [euros(v) if money else _plural(int(v), "action") for v in values]
        what = t("par type" if by_type else "par territoire partenaire")
        measure = t("leur budget annuel" if money else "leur nombre")
        chart = Chart(
            "inventaire",
            args.values.get("titre") or f"{t(self.title)} {what}",
            tf(
                "Les {n} actions internationales recensées, {par} : {mesure}.",
                n=len(actions),
                par=what,
                mesure=measure,
            ),
            [k for k, _ in ordered],
            [Series("Budget annuel" if money else "Actions", values, labels)],
            "Budget annuel" if money else "Nombre d'actions",
            unit="euros" if money else "nombre",
        )
        chart.table = _table(chart, "Type" if by_type else "Territoire")
        return [chart]
