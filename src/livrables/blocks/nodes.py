"""The small document model blocks produce; each renderer knows how to draw these few nodes.

A block builds nodes once from the referential and the front matter; the DOCX and HTML
renderers draw the same nodes, so both formats always show the same figures.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Literal

Align = Literal["left", "center", "right"]


@dataclass
class Column:
    title: str
    weight: float = 1.0  # relative width
    align: Align = "left"


@dataclass
class Group:
    """A row spanning the whole table that opens a group of rows (an objective, a type ...)."""

    text: str


@dataclass
class Table:
    columns: list[Column]
    rows: Sequence[list[str] | Group]
    caption: str | None = None
    kind: str = ""  # the block's name, used as a CSS class
    row_height_cm: float | None = None  # tall rows to write or sign in, on paper
    header_column: bool = False  # the first column heads its row (a matrix)
    landscape: bool = False  # too wide for a portrait page: Word gives it a landscape one


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


@dataclass
class Heading:
    """A title inside a block, below the heading that introduces the block."""

    text: str
    level: int = 2  # as a "##" heading of the text


@dataclass
class Paragraph:
    text: str
    label: str = ""  # shown in bold before the text ("Lieu :")


@dataclass
class Items:
    """A list of sentences, numbered or not."""

    items: list[str]
    ordered: bool = False


@dataclass
class PageBreak:
    """A new page on paper (attendance sheets); nothing on screen."""


@dataclass
class Figures:
    """Key figures: a large value with its label, side by side."""

    figures: list[tuple[str, str, str]]  # (value, label, source)


@dataclass
class Copy:
    """Ready-to-copy text (a social post) with its length in characters."""

    title: str
    text: str


def bullets(items: Sequence[str], empty: str = "—") -> str:
    """A table cell listing items, one bullet a line."""
    return "\n".join(f"• {item}" for item in items) or empty


Node = Table | Tree | Note | Heading | Paragraph | Items | PageBreak | Figures | Copy
