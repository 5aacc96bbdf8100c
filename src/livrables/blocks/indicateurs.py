"""`::: indicateurs`: the monitoring indicators, optionally those of one objective."""

from __future__ import annotations

from typing import ClassVar

from livrables.blocks.base import Block, BlockArgs, BlockContext
from livrables.content.entities import Indicateur, Service
from livrables.content.referentiel import Referentiel
from livrables.document.nodes import Column, DataNode, Note, Table
from livrables.document.typography import format_date, format_number


class IndicateursBlock(Block):
    name: ClassVar[str] = "indicateurs"
    options: ClassVar[dict[str, str | None]] = {"objectif": "objectifs", "action": "actions"}

    def build(self, args: BlockArgs, ctx: BlockContext) -> list[DataNode]:
        ref = ctx.ref
        objectif = args.values.get("objectif")
        action = args.values.get("action")
        indicateurs = [
            i
            for i in ref.indicateurs
            if (objectif is None or i.objectif == objectif)
            and (action is None or i.action == action)
        ]
        if not indicateurs:
            return [Note("Aucun indicateur n'est encore défini pour cet objectif.")]
        columns = [
            Column("Indicateur", 2.2),
            Column("Situation de départ", 1.0, "right"),
            Column("Cible", 1.1, "right"),
            Column("Source et fréquence", 1.4),
            Column("Responsable", 1.2),
        ]
        rows = [self._row(i, ref) for i in indicateurs]
        return [Table(columns, rows, kind=self.name)]

    def _row(self, ind: Indicateur, ref: Referentiel) -> list[str]:
        baseline = "à mesurer"
        if ind.valeur_initiale is not None:
            baseline = f"{format_number(ind.valeur_initiale)} {ind.unite}"
        target = "non fixée"  # in the client's words; check says what is missing
        if ind.cible is not None:
            target = (
                f"{format_number(ind.cible.valeur)} {ind.unite}\n({format_date(ind.cible.date)})"
            )
        source = " — ".join(s for s in (ind.source, ind.frequence) if s) or "—"  # check says it
        owner = ref.get(ind.responsable, Service).nom if ind.responsable else "à désigner"
        return [ind.intitule, baseline, target, source, owner]
