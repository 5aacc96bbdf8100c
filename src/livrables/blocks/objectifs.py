"""`::: objectifs` (the objectives tree) and `::: effets` (expected effects here and there)."""

from __future__ import annotations

from typing import ClassVar

from livrables.blocks.base import Block, BlockArgs, BlockContext
from livrables.content.entities import Objectif
from livrables.content.referentiel import Referentiel
from livrables.document.nodes import Column, DataNode, Note, Table, Tree, TreeItem, bullets

NIVEAUX = {"global": "Objectif global", "specifique": "Objectif spécifique", "resultat": "Résultat"}


def _subtree(ref: Referentiel, root: str | None) -> list[Objectif]:
    """Objectives under `root` (all top-level ones when None), in referential order."""
    objectifs = ref.objectifs
    known = {o.id for o in objectifs}
    if root is None:
        return [o for o in objectifs if o.parent is None or o.parent not in known]
    return [o for o in objectifs if o.parent == root]


class ObjectifsBlock(Block):
    """The objectives tree: global objective, specific objectives, expected results."""

    name: ClassVar[str] = "objectifs"
    options: ClassVar[dict[str, str | None]] = {"racine": "objectifs"}

    def build(self, args: BlockArgs, ctx: BlockContext) -> list[DataNode]:
        ref = ctx.ref
        root = args.values.get("racine")
        tops = [ref.get(root, Objectif)] if root else _subtree(ref, None)
        if not tops:
            return [Note("Aucun objectif n'est encore défini dans le référentiel.")]
        return [Tree([self._item(o, ref) for o in tops], kind=self.name)]

    def _item(self, objectif: Objectif, ref: Referentiel) -> TreeItem:
        details = [objectif.description] if objectif.description else []
        children = [self._item(child, ref) for child in _subtree(ref, objectif.id)]
        return TreeItem(NIVEAUX[objectif.niveau] + " :", objectif.intitule, details, children)


class EffetsBlock(Block):
    """Expected effects of each objective, on the authority's territory and the partner's."""

    name: ClassVar[str] = "effets"
    options: ClassVar[dict[str, str | None]] = {}

    def build(self, args: BlockArgs, ctx: BlockContext) -> list[DataNode]:
        ref = ctx.ref
        rows = [
            [o.intitule, bullets(o.effets_ici, ""), bullets(o.effets_partenaire, "")]
            for o in ref.objectifs
            if o.effets_ici or o.effets_partenaire
        ]
        if not rows:
            return [Note("Aucun effet attendu n'est encore décrit dans le référentiel.")]
        columns = [
            Column("Objectif", 1.2),
            Column("Effets attendus sur notre territoire", 1.4),
            Column("Effets attendus sur le territoire partenaire", 1.4),
        ]
        return [Table(columns, rows, kind=self.name)]
