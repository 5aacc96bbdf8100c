"""WCAG contrast of the brand's text colours on their backgrounds (AA: 4.5:1 for body text)."""

from __future__ import annotations

AA = 4.5
WHITE = "#FFFFFF"


def luminance(colour: str) -> float:
    """Relative luminance of a #RRGGBB colour (WCAG 2.x definition)."""
    channels = [int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def ratio(foreground: str, background: str) -> float:
    lighter, darker = sorted((luminance(foreground), luminance(background)), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)


def mix(colour: str, other: str, amount: float) -> str:
    """`colour` moved `amount` (0..1) of the way towards `other`."""
    a = [int(colour[i : i + 2], 16) for i in (1, 3, 5)]
    b = [int(other[i : i + 2], 16) for i in (1, 3, 5)]
    return "#" + "".join(f"{round(x + (y - x) * amount):02X}" for x, y in zip(a, b, strict=True))


def legible(colour: str, background: str, target: float = AA) -> str:
    """The colour, moved in small steps towards black (towards white on a dark background)
    until it stands out from the background at `target`:1; unchanged when it already does."""
    if ratio(colour, background) >= target:
        return colour
    towards = "#000000" if luminance(background) > 0.18 else WHITE
    shade = colour.upper()
    for step in range(1, 41):
        shade = mix(colour, towards, step / 40)
        if ratio(shade, background) >= target:
            break
    return shade


Pair = tuple[str, str, str, str]  # (text key, text colour, background key, background colour)


def contrast_problems(pairs: list[Pair]) -> list[tuple[str, str]]:
    """(colour key to blame, French message) for each pair the documents print below WCAG AA."""
    problems = []
    for text_key, text, back_key, back in pairs:
        value = ratio(text, back)
        if value < AA:
            shown = f"{value:.1f}".replace(".", ",")
            blame = text_key if text_key.startswith("couleurs.") else back_key
            printed = legible(text, back) if blame == text_key else legible(back, text)
            problems.append(
                (
                    blame,
                    (
                        f"contraste insuffisant entre {text_key} ({text}) et {back_key} ({back}) : "
                        f"{shown}:1, il faut au moins 4,5:1 pour être lisible (WCAG AA) ; "
                        f"les documents impriment {printed} à sa place"
                    ),
                )
            )
    return problems
