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


Pair = tuple[str, str, str, str]  # (text key, text colour, background key, background colour)


def contrast_problems(pairs: list[Pair]) -> list[tuple[str, str]]:
    """(colour key to blame, French message) for each pair the documents print below WCAG AA."""
    problems = []
    for text_key, text, back_key, back in pairs:
        value = ratio(text, back)
        if value < AA:
            shown = f"{value:.1f}".replace(".", ",")
            blame = text_key if text_key.startswith("couleurs.") else back_key
            problems.append(
                (
                    blame,
                    (
                        f"contraste insuffisant entre {text_key} ({text}) et {back_key} ({back}) : "
                        f"{shown}:1, il faut au moins 4,5:1 pour être lisible (WCAG AA)"
                    ),
                )
            )
    return problems
