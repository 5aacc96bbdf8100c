"""`::: graphique gantt`: the actions on a calendar, grouped by objective, coloured by status,
with their milestones."""

from __future__ import annotations

import datetime as dt
from typing import ClassVar

from livrables.blocks.base import BlockArgs, BlockContext
from livrables.blocks.formats import month
from livrables.blocks.graphique.base import Kind, month_option
from livrables.content.entities import LIBELLES_STATUT_ACTION, Action
from livrables.document.nodes import (
    Column,
    DataNode,
    Gantt,
    GanttRow,
    Group,
    Milestone,
    Note,
    Table,
)
from livrables.i18n import is_source, t, tf

AUTO_MONTHS = 18  # up to this many months, one column a month; beyond, one a quarter


class GanttKind(Kind):
    name: ClassVar[str] = "gantt"
    title: ClassVar[str] = "Calendrier des actions"
    options: ClassVar[dict[str, str | None]] = {
        "objectif": "objectifs",
        "pas": None,
        "debut": None,
        "fin": None,
    }
    choices: ClassVar[dict[str, tuple[str, ...]]] = {"pas": ("mois", "trimestre")}

    def problems(self, args: BlockArgs, ctx: BlockContext) -> list[str]:
        found = super().problems(args, ctx)
        bounds = []
        for key in ("debut", "fin"):
            try:
                bounds.append(month_option(args.values.get(key)))
            except ValueError as exc:
                found.append(f"graphique gantt, option {key} : {exc}")
        if len(bounds) == 2 and bounds[0] and bounds[1] and bounds[1] < bounds[0]:
            found.append("graphique gantt : la fin précède le début")
        return found

    def _actions(self, args: BlockArgs, ctx: BlockContext) -> tuple[list[Action], list[Action]]:
        """The actions shown (dated) and those left out (undated), for the objective asked."""
        only = args.values.get("objectif")
        actions = [a for a in ctx.ref.of(Action) if only is None or ctx.ref.serves(a, only)]
        dated = [a for a in actions if a.debut and a.fin]
        return dated, [a for a in actions if not (a.debut and a.fin)]

    def warnings(self, args: BlockArgs, ctx: BlockContext) -> list[str]:
        dated, undated = self._actions(args, ctx)
        found = [
            f"graphique gantt : l'action « {a.id} » n'a pas de dates de début et de fin "
            "(debut:, fin: dans actions.yaml) : elle n'y figure pas"
            for a in undated
        ]
        if not dated:
            found.append("graphique gantt : aucune action datée à montrer")
            return found
        start, end = _axis(args, dated)
        for action in dated:
            assert action.debut and action.fin
            if action.fin < start or action.debut > end:
                found.append(f"graphique gantt : l'action « {action.id} » sort de la période")
            for jalon in action.jalons:
                if not start <= jalon.date <= end:
                    found.append(
                        f"graphique gantt : le jalon « {jalon.intitule} » de l'action "
                        f"« {action.id} » sort de la période"
                    )
        return found

    def build(self, args: BlockArgs, ctx: BlockContext) -> list[DataNode]:
        dated, _ = self._actions(args, ctx)
        if not dated:
            return [Note("Aucune action datée n'est encore inscrite au plan.")]
        start, end = _axis(args, dated)
        dated = [a for a in dated if a.debut and a.fin and a.fin >= start and a.debut <= end]
        if not dated:
            return [Note("Aucune action du plan ne se déroule sur cette période.")]
        months = (end.year - start.year) * 12 + end.month - start.month + 1
        step = args.values.get("pas") or ("mois" if months <= AUTO_MONTHS else "trimestre")
        periods = _periods(start, end, 1 if step == "mois" else 3)
        rows: list[GanttRow | Group] = []
        placed: set[str] = set()
        groups = [(o.intitule, o.id) for o in ctx.ref.action_groups()]
        for label, objective in [*groups, (t("Actions non rattachées à un objectif"), "")]:
            members = [
                a
                for a in dated
                if a.id not in placed and (not objective or ctx.ref.serves(a, objective))
            ]
            if not members:
                continue
            if len(groups) > 1 or not objective:
                rows.append(Group(label))
            rows += [_row(a, start, end) for a in members]
            placed.update(a.id for a in members)
        statuses = [
            (key, label)
            for key, label in LIBELLES_STATUT_ACTION.items()
            if any(a.statut == key for a in dated)
        ]
        description = tf(
            "Calendrier de {actions}, de {debut} à {fin}, par {pas}, regroupées par objectif ; "
            "la couleur de chaque barre indique le statut de l'action, les losanges ses jalons.",
            actions=tf("{n} actions" if len(dated) > 1 else "{n} action", n=len(dated)),
            debut=month(start),
            fin=month(end),
            pas=t(step),
        )
        return [
            Gantt(
                self.title_of(args),
                description,
                periods,
                rows,
                statuses,
                table=_table(rows),
            )
        ]


def _axis(args: BlockArgs, actions: list[Action]) -> tuple[dt.date, dt.date]:
    """The first day of the first month and the last day of the last month shown."""
    first = month_option(args.values.get("debut")) or min(a.debut for a in actions if a.debut)
    last = month_option(args.values.get("fin")) or max(a.fin for a in actions if a.fin)
    return first.replace(day=1), _month_end(last)


def _month_end(day: dt.date) -> dt.date:
    following = day.replace(day=28) + dt.timedelta(days=4)
    return following - dt.timedelta(days=following.day)


def _periods(start: dt.date, end: dt.date, size: int) -> list[tuple[dt.date, dt.date, str]]:
    """The axis' columns: months ("janv. 2027") or calendar quarters ("T1 2027")."""
    if size == 3:
        start = start.replace(month=(start.month - 1) // 3 * 3 + 1)
    periods = []
    current = start
    while current <= end:
        index = current.month - 1 + size
        following = dt.date(current.year + index // 12, index % 12 + 1, 1)
        last = following - dt.timedelta(days=1)
        if size == 1:
            label = month(current)
        else:
            label = tf("T{n} {annee}", n=(current.month - 1) // 3 + 1, annee=current.year)
        periods.append((current, last, label))
        current = following
    return periods


def _row(action: Action, start: dt.date, end: dt.date) -> GanttRow:
    """The action, its milestones within the axis (the others are warned about)."""
    assert action.debut and action.fin
    milestones = [Milestone(j.date, j.intitule) for j in action.jalons if start <= j.date <= end]
    status = LIBELLES_STATUT_ACTION[action.statut]
    return GanttRow(action.intitule, action.debut, action.fin, action.statut, status, milestones)


def _table(rows: list[GanttRow | Group]) -> Table:
    columns = [
        Column("Action", 2.4),
        Column("Début", 0.8),
        Column("Fin", 0.8),
        Column("Statut", 0.8),
        Column("Jalons", 1.6),
    ]
    lines: list[list[str] | Group] = []
    for row in rows:
        if isinstance(row, Group):
            lines.append(Group(row.text))
            continue
        colon = " :" if is_source() else ":"
        steps = "\n".join(f"{month(m.date)}{colon} {m.label}" for m in row.milestones) or "—"
        lines.append([row.label, month(row.start), month(row.end), row.status_label, steps])
    return Table(columns, lines, kind="gantt")
