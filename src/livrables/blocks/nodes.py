"""The small document model blocks produce; each renderer knows how to draw these few nodes.

A block builds nodes once from the referential; the DOCX and HTML renderers draw the same nodes,
so both formats always show the same figures.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

Align = Literal["left", "center", "right"]


@dataclass
class Column:
    title: str
    weight: float = 1.0  # relative width
    align: Align = "left"


@dataclass
class Table:
    columns: list[Column]
    rows: list[list[str]]
    caption: str | None = None
    kind: str = ""  # the block's name, used as a CSS class


@dataclass
class TreeItem:
    label: str  # e.g. "Objectif global"
    text: str
    details: list[str] = field(default_factory=list)
    children: list[TreeItem] = field(default_factory=list)


@dataclass
class Tree:
    items: list[TreeItem]
    kind: str = ""


@dataclass
class Note:
    """A short sentence in place of a block that has nothing to show."""

    text: str


Node = Table | Tree | Note
