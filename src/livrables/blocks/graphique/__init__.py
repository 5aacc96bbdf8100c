"""`::: graphique <kind>`: charts drawn from the referential, usable in every deliverable.

The block builds data nodes (`Chart`, `Gantt`, `Map`); the writers have a library draw them:
native Word charts and tables in the DOCX, SVG from Vega-Lite in the HTML.
"""

from __future__ import annotations

from typing import ClassVar

from livrables.blocks.base import Block, BlockArgs, BlockContext
from livrables.blocks.graphique.bars import BudgetKind, IndicateursKind, InventaireKind
from livrables.blocks.graphique.base import TITLE, Kind
from livrables.blocks.graphique.carte import CarteKind
from livrables.blocks.graphique.gantt import GanttKind
from livrables.content.validation import suggest
from livrables.document.nodes import DataNode

KINDS: dict[str, Kind] = {
    k.name: k for k in (GanttKind(), IndicateursKind(), BudgetKind(), InventaireKind(), CarteKind())
}


class GraphiqueBlock(Block):
    name: ClassVar[str] = "graphique"

    def check(self, args: BlockArgs, ctx: BlockContext) -> list[str]:
        names = ", ".join(f"« {k} »" for k in KINDS)
        if not args.kind:
            return [f"bloc « graphique » : précisez le graphique voulu ({names})"]
        kind = KINDS.get(args.kind)
        if kind is None:
            return [
                f"graphique « {args.kind} » inconnu{suggest(args.kind, list(KINDS))} : "
                f"graphiques possibles {names}"
            ]
        problems: list[str] = []
        options = {**kind.options, TITLE: None}
        for key, value in args.values.items():
            if key not in options:
                known = ", ".join(f"« {k} »" for k in options)
                problems.append(
                    f"graphique {kind.name} : option « {key} » inconnue (options : {known})"
                )
            elif options[key] is not None:
                problem = ctx.ref.reference_problem(value, str(options[key]))
                if problem:
                    problems.append(f"graphique {kind.name}, option {key} : {problem}")
        return problems + kind.problems(args, ctx)

    def warnings(self, args: BlockArgs, ctx: BlockContext) -> list[str]:
        return KINDS[args.kind].warnings(args, ctx)

    def build(self, args: BlockArgs, ctx: BlockContext) -> list[DataNode]:
        return KINDS[args.kind].build(args, ctx)


__all__ = ["KINDS", "GraphiqueBlock", "Kind"]
