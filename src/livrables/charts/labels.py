"""Chart labels and sizes shared by every drawing of a chart: where a category's label wraps,
how far the value axis runs past the longest bar, and the size of a deck's chart (drawn for a
projected slide: larger text, the bars a slide holds readably; more continue on the next)."""

from __future__ import annotations

import textwrap
from typing import Any

from livrables.caches import PURE, process_cache
from livrables.document.nodes import Chart

LABEL_CHARS = 34  # a category's label wraps after this many characters
SCREEN_LABEL_CHARS = 48  # on a slide, wider
SCREEN_WIDTH, SCREEN_HEIGHT = 1100, 430  # px: a deck's chart (a 1280 × 720 slide's box)


@process_cache(PURE, maxsize=4096)  # a chart comes back in several deliverables (textwrap is slow)
def wrap(text: str, width: int = LABEL_CHARS) -> str:
    return "\n".join(textwrap.wrap(text, width)) or text


def headroom(node: Chart) -> float:
    """How far the value axis runs past the longest bar, as a multiple of it: room for the
    longest label written at a bar's end."""
    longest = max((len(label) for s in node.series for label in s.labels), default=0)
    return min(max(1.3, 1 + longest / 28), 2.2)


def scaled(value: Any, scale: float) -> Any:
    """Every font size in the spec times `scale` (a deck's charts, read on a screen)."""
    if isinstance(value, dict):
        return {
            k: round(v * scale, 1)
            if isinstance(v, int | float) and k.lower().endswith(("fontsize", "limit"))
            else scaled(v, scale)
            for k, v in value.items()
        }
    if isinstance(value, list):
        return [scaled(v, scale) for v in value]
    return value


def screen_step(node: Chart) -> int:
    """The height (px) a category takes in a deck's chart: its label's lines at 19 px, or a
    bar per series high enough for its 17.5 px value beside it."""
    lines = max((len(wrap(c, SCREEN_LABEL_CHARS).split("\n")) for c in node.categories), default=1)
    return max(26 * len(node.series), 21 * lines + 6)


def screen_categories(node: Chart) -> int:
    """How many categories a slide's chart holds (more continue on the next slide)."""
    return max(1, SCREEN_HEIGHT // screen_step(node))
