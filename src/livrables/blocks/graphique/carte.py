"""`::: graphique carte`: the collectivité and its partner territories on a map."""

from __future__ import annotations

from typing import ClassVar

from livrables.blocks.base import BlockArgs, BlockContext
from livrables.blocks.graphique.base import Kind
from livrables.content.entities import Territoire
from livrables.content.pays import FRANCE, country_code
from livrables.document.nodes import Column, DataNode, Map, Note, Place, Table
from livrables.i18n import t, tf


class CarteKind(Kind):
    name: ClassVar[str] = "carte"
    title: ClassVar[str] = "La collectivité et ses territoires partenaires"

    def warnings(self, args: BlockArgs, ctx: BlockContext) -> list[str]:
        found = []
        if ctx.mission is not None and ctx.mission.collectivite.coordonnees is None:
            found.append(
                "graphique carte : la collectivité n'a pas de coordonnées "
                "(collectivite: coordonnees: dans mission.yaml) : elle n'y figure pas"
            )
        territories = ctx.ref.of(Territoire)
        if not territories:
            found.append("graphique carte : aucun territoire partenaire à montrer")
        for territory in territories:
            if _code(territory) is None:
                found.append(
                    f"graphique carte : pays « {territory.code_pays or territory.pays} » du "
                    f"territoire « {territory.id} » inconnu (écrivez son nom français ou "
                    "code_pays: SN) : il n'est pas coloré"
                )
            if territory.coordonnees is None:
                found.append(
                    f"graphique carte : le territoire « {territory.id} » n'a pas de "
                    "coordonnées (coordonnees: 14.69, -16.17) : il n'y figure pas"
                )
        return found

    def build(self, args: BlockArgs, ctx: BlockContext) -> list[DataNode]:
        territories = ctx.ref.of(Territoire)
        if not territories:
            return [Note("Aucun territoire partenaire n'est encore inscrit au référentiel.")]
        places: list[Place] = []
        countries: dict[str, bool] = {FRANCE: True}
        rows: list[list[str]] = []
        if ctx.mission is not None:
            home = ctx.mission.collectivite
            if home.coordonnees is not None:
                point = home.coordonnees
                places.append(Place(home.nom, point.latitude, point.longitude, home=True))
            rows.append([home.nom, t("France"), "La collectivité"])
        for territory in territories:
            code = _code(territory)
            if code is not None:
                countries.setdefault(code, False)
            if territory.coordonnees is not None:
                point = territory.coordonnees
                places.append(Place(territory.nom, point.latitude, point.longitude))
            rows.append([territory.nom, territory.pays, "Territoire partenaire"])
        names = ", ".join(t.nom for t in territories)
        description = tf(
            "Carte situant la collectivité et ses territoires partenaires ({noms}) ; leurs pays "
            "sont colorés.",
            noms=names,
        )
        table = Table(
            [Column("Lieu", 2.0), Column("Pays", 1.0), Column("Rôle", 1.2)], rows, kind="carte"
        )
        return [
            Map(
                self.title_of(args),
                description,
                list(countries.items()),
                places,
                table=table,
            )
        ]


def _code(territory: Territoire) -> str | None:
    return country_code(territory.code_pays or territory.pays)
