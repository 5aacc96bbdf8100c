"""The brand's colours for charts: a fixed order, each readable against the page (WCAG 1.4.11:
3:1 for graphical objects), darkened until it is."""

from __future__ import annotations

from livrables.brand.contrast import ratio
from livrables.brand.marque import Couleurs

GRAPHICS = 3.0  # WCAG 2.1, non-text contrast
GREY = "#767676"


def _mix(colour: str, other: str, amount: float) -> str:
    """`colour` moved `amount` (0..1) of the way towards `other`."""
    a = [int(colour[i : i + 2], 16) for i in (1, 3, 5)]
    b = [int(other[i : i + 2], 16) for i in (1, 3, 5)]
    return "#" + "".join(f"{round(x + (y - x) * amount):02X}" for x, y in zip(a, b, strict=True))


def tint(colour: str, amount: float) -> str:
    """A lighter shade, for areas (a country, a background), never for marks alone."""
    return _mix(colour, "#FFFFFF", amount)


def readable(colour: str, background: str) -> str:
    """The colour, darkened in steps until it stands out from the background at 3:1."""
    shade = colour.upper()
    for step in range(1, 11):
        if ratio(shade, background) >= GRAPHICS:
            return shade
        shade = _mix(colour, "#000000", step / 10)
    return shade


def chart_palette(couleurs: Couleurs) -> list[str]:
    """Primary, accent, secondary, grey: series take them in this order."""
    colours = [couleurs.primaire, couleurs.accent, couleurs.secondaire, GREY]
    return [readable(c, couleurs.fond) for c in colours]
