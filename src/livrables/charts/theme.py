"""The brand's look for every chart, in both formats: palette, fonts, colours by role."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from livrables.brand.marque import Marque
from livrables.brand.palette import chart_palette, tint

STATUS_COLOUR = {"realisee": 0, "en-cours": 1, "a-lancer": 2, "suspendue": 3}  # palette places


@dataclass(frozen=True)
class ChartTheme:
    palette: tuple[str, ...]  # primary, accent, secondary, grey (readable on the page)
    text: str
    font: str  # the text font's family
    font_dirs: tuple[Path, ...] = ()  # where its files are, for a renderer outside the page
    font_scale: float = 1.0  # a deck's charts: every text larger, to be read on a screen

    @classmethod
    def of(cls, marque: Marque, templates: Path | None = None) -> ChartTheme:
        dirs: list[Path] = []
        for police in (marque.polices.texte, marque.polices.titres):
            if police.fichiers is not None and templates is not None:
                folder = (templates / police.fichiers.regulier).parent
                if folder not in dirs:
                    dirs.append(folder)
        return cls(
            tuple(chart_palette(marque.couleurs)),
            marque.couleurs.texte,
            marque.polices.texte.nom,
            tuple(dirs),
        )

    def colour(self, index: int) -> str:
        return self.palette[index % len(self.palette)]

    def status(self, status: str) -> str:
        return self.colour(STATUS_COLOUR.get(status, 3))

    @property
    def home_area(self) -> str:
        return tint(self.palette[0], 0.55)

    @property
    def partner_area(self) -> str:
        return tint(self.palette[1], 0.55)

    @property
    def water(self) -> str:
        return tint(self.palette[2], 0.88)
