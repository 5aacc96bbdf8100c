"""The brand's colours for charts: a fixed order, each readable against the page (WCAG 1.4.11:
3:1 for graphical objects), darkened until it is."""

from __future__ import annotations

from livrables.brand.contrast import legible, mix
from livrables.brand.marque import Couleurs

GRAPHICS = 3.0  # WCAG 2.1, non-text contrast
GREY = "#767676"


def tint(colour: str, amount: float) -> str:
    """A lighter shade, for areas (a country, a background), never for marks alone."""
    return mix(colour, "#FFFFFF", amount)


def readable(colour: str, background: str) -> str:
    """The colour, darkened in steps until it stands out from the background at 3:1."""
    return legible(colour, background, GRAPHICS)


def chart_palette(couleurs: Couleurs) -> list[str]:
    """Primary, accent, secondary, grey: series take them in this order."""
    colours = [couleurs.primaire, couleurs.accent, couleurs.secondaire, GREY]
    return [readable(c, couleurs.fond) for c in colours]
