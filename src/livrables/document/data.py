"""Data blocks: what a `::: block` builds from the referential (tables, trees, key figures,
charts), with plain strings that the typography filter makes French once."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Literal

from livrables.document.base import Align, Node


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
class Table(Node):
    columns: list[Column]
    rows: Sequence[list[str] | Group]
    caption: str | None = None
    kind: str = ""  # the block's name, used as a CSS class
    row_height_cm: float | None = None  # tall rows to write or sign in, on paper
    header_column: bool = False  # the first column heads its row (a matrix)
    landscape: bool = False  # too wide for a portrait page: Word gives it a landscape one


@dataclass
class TreeItem:
    label: str  # shown in bold before the text: "Objectif global :"
    text: str
    details: list[str] = field(default_factory=list)
    children: list[TreeItem] = field(default_factory=list)


@dataclass
class Tree(Node):
    items: list[TreeItem]
    kind: str = ""


@dataclass
class Note(Node):
    """A short sentence in place of a block that has nothing to show."""

    text: str
    todo: str = ""  # what the consultant has left to write (`check` says it; pages never)


@dataclass
class Heading(Node):
    """A title inside a block, below the heading that introduces the block."""

    text: str
    level: int = 2  # as a "##" heading of the text


@dataclass
class Paragraph(Node):
    text: str
    label: str = ""  # shown in bold before the text ("Lieu :")


@dataclass
class Items(Node):
    """A list of sentences, numbered or not."""

    items: list[str]
    ordered: bool = False


@dataclass
class PageBreak(Node):
    """A new page on paper (attendance sheets); nothing on screen."""


@dataclass
class Figures(Node):
    """Key figures: a large value with its label, side by side."""

    figures: list[tuple[str, str, str]]  # (value, label, source)


@dataclass
class Copy(Node):
    """Ready-to-copy text (a social post) with its length in characters."""

    title: str
    text: str


def bullets(items: Sequence[str], empty: str = "—") -> str:
    """A table cell listing items, one bullet a line."""
    return "\n".join(f"• {item}" for item in items) or empty


# --- charts (`::: graphique <kind>`): the data a library draws, never geometry ---------------

Unit = Literal["euros", "nombre", "pourcent"]


@dataclass
class Series:
    name: str
    values: Sequence[float | None]  # one per category; None: nothing to draw
    labels: list[str]  # each value written out in French, with its unit ("12 500 €")
    colour: int = -1  # its place in the brand's chart palette (-1: its own place)


@dataclass
class Chart(Node):
    """Bars by category: indicators against their targets, budgets, the inventory."""

    kind: str  # the block's kind: "indicateurs", "budget", "inventaire"
    title: str
    description: str  # what it shows, in one sentence: the text alternative
    categories: list[str]
    series: list[Series]
    axis: str  # what the values are: "Montant", "% de la cible"
    unit: Unit = "nombre"
    stacked: bool = False
    table: Table | None = None  # the same data, for who cannot see the chart
    number: int = 0  # its figure number, set by the numbering filter


@dataclass
class Milestone:
    date: dt.date
    label: str


@dataclass
class GanttRow:
    label: str
    start: dt.date
    end: dt.date
    status: str  # the action's `statut`: its colour
    status_label: str
    milestones: list[Milestone] = field(default_factory=list)


@dataclass
class Gantt(Node):
    """The calendar of actions, grouped (by objective), on a month or quarter axis."""

    title: str
    description: str
    periods: list[tuple[dt.date, dt.date, str]]  # each column: first day, last day, label
    rows: list[GanttRow | Group]
    statuses: list[tuple[str, str]]  # the legend: (status, label), in the order shown
    table: Table | None = None
    number: int = 0  # its figure number, set by the numbering filter


@dataclass
class Place:
    label: str
    latitude: float
    longitude: float
    home: bool = False  # the collectivité itself; otherwise a partner


@dataclass
class Map(Node):
    """The collectivité and its partners: countries shaded, places as points."""

    title: str
    description: str
    countries: list[tuple[str, bool]]  # (ISO 3166 numeric code, home country)
    places: list[Place]
    table: Table | None = None
    number: int = 0  # its figure number, set by the numbering filter
