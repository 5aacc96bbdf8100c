"""The one document tree every writer walks (pandoc's AST and docutils' nodes are the anchors).

A deliverable's Markdown is read into these nodes (`markdown/reader.py`), `::: blocks` expand
into the data nodes below them, filters (`filters/`) transform the tree, and each writer
(`writers/`) draws it. Every node carries `line`, its 1-based line in the source file (0 when
it comes from no line: a block's rows, a filter's text), for errors, redlines and reviews.

Three families:
- inline nodes: the runs of text inside a paragraph, a heading or a table cell;
- prose blocks: what the consultant writes in Markdown (`Title`, `Para`, `ListBlock`, `Box` …);
- data blocks: what a `::: block` builds from the referential (`Table`, `Tree`, `Figures` …),
  with plain strings that the typography filter makes French once.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from livrables.document.base import Align, Node
from livrables.document.data import (
    Chart,
    Column,
    Copy,
    Figures,
    Gantt,
    GanttRow,
    Group,
    Heading,
    Items,
    Map,
    Milestone,
    Note,
    PageBreak,
    Paragraph,
    Place,
    Series,
    Table,
    Tree,
    TreeItem,
    bullets,
)

__all__ = [
    "Align",
    "Chart",
    "Column",
    "Copy",
    "Figures",
    "Gantt",
    "GanttRow",
    "Group",
    "Heading",
    "Items",
    "Map",
    "Milestone",
    "Node",
    "Note",
    "PageBreak",
    "Paragraph",
    "Place",
    "Series",
    "Table",
    "Tree",
    "TreeItem",
    "bullets",
]


# --- inline ---------------------------------------------------------------------------------


@dataclass
class Text(Node):
    text: str


@dataclass
class Code(Node):
    text: str


@dataclass
class SoftBreak(Node):
    """A line break in the source: a space on the page."""


@dataclass
class HardBreak(Node):
    """A forced line break (two spaces or a backslash at the end of a line)."""


@dataclass
class Emph(Node):
    children: list[Inline]


@dataclass
class Strong(Node):
    children: list[Inline]


@dataclass
class Strike(Node):
    children: list[Inline]


@dataclass
class Link(Node):
    href: str  # as markdown-it normalised it; unsafe schemes never reach the tree
    children: list[Inline]
    title: str = ""
    autolink: bool = False  # <https://…>: its text is the address, left without typography
    deliverable: str = ""  # the mission's deliverable it names (`x.md`): each format its file
    deck: bool = False  # that deliverable is a deck (its office file is a .pptx)
    fragment: str = ""  # "#titre" after the deliverable's name


@dataclass
class Image(Node):
    src: str
    alt: str  # the text of its description
    source: str = ""  # the description as written, for the DOCX when `alt` is empty
    title: str = ""  # the caption of a figure
    path: object = None  # the file, once the images filter found it (a pathlib.Path)


@dataclass
class NoteRef(Node):
    """A footnote citation: `[^label]` or `^[inline note]`."""

    id: int  # the note's id in `Document.notes`
    sub: int = 0  # 0 for its first citation, then 1, 2 … for the next ones
    number: int = 0  # the number shown, set by the numbering filter


@dataclass
class Value(Node):
    """`[[IND-…]]`: an indicator's last measure, written in by the values filter."""

    id: str
    source: str  # "[[IND-…]]"


Inline = (
    Text | Code | SoftBreak | HardBreak | Emph | Strong | Strike | Link | Image | NoteRef | Value
)


# --- prose blocks ---------------------------------------------------------------------------


@dataclass
class Title(Node):
    """A Markdown heading: its level (1 for `#`), its anchor id, and its raw text."""

    level: int
    children: list[Inline]
    id: str = ""
    source: str = ""


@dataclass
class Para(Node):
    children: list[Inline]
    tight: bool = False  # inside a tight list: HTML shows no <p>


@dataclass
class Figure(Node):
    """A paragraph holding one picture and nothing else: centred, numbered when captioned."""

    children: list[Inline]
    caption: str = ""  # the picture's title
    number: int = 0  # set by the numbering filter when there is a caption


@dataclass
class CodeBlock(Node):
    text: str
    info: str = ""  # the fence's language
    fenced: bool = False


@dataclass
class Rule(Node):
    """A thematic break (`---`)."""


@dataclass
class ListItem(Node):
    children: list[Block]


@dataclass
class ListBlock(Node):
    items: list[ListItem]
    ordered: bool = False
    start: int = 1


@dataclass
class Quote(Node):
    children: list[Block]


@dataclass
class Box(Node):
    """A `::: name` directive whose content is Markdown: a callout, a note, an internal note."""

    name: str
    args: str
    children: list[Block]


@dataclass
class Side(Node):
    """French and a partner's language, block by block (`bilingue:`): side by side, or one
    above the other for what needs the whole width (a table, a chart)."""

    rows: list[tuple[list[Block], list[Block]]]  # (French, the partner's language)
    left_lang: str = "fr-FR"
    right_lang: str = "en-GB"
    right_rtl: bool = False
    stacked: bool = False


@dataclass
class DefTerm(Node):
    children: list[Inline]


@dataclass
class DefBody(Node):
    children: list[Block]


@dataclass
class DefList(Node):
    children: list[DefTerm | DefBody]


@dataclass
class Cell(Node):
    children: list[Inline]
    align: str = ""  # "left", "center", "right" or "" as written in the separator row
    source: str = ""  # the cell as written: its length sizes the column


@dataclass
class Grid(Node):
    """A table written in Markdown."""

    rows: list[list[Cell]]
    header_rows: int = 1


@dataclass
class BlockCall(Node):
    """A `::: name options` block drawn from the referential; `children` once expanded."""

    name: str
    args: str
    children: list[Block] = field(default_factory=list)
    body: list[Block] = field(default_factory=list)  # anything written inside (an error)


@dataclass(frozen=True)
class TocEntry:
    level: int
    text: str
    id: str
    page: int = 0  # its page, once a PDF was laid out (0: unknown)


@dataclass
class Contents(Node):
    """`::: sommaire`: the table of contents, filled by its filter."""

    levels: int = 3
    entries: list[TocEntry] = field(default_factory=list)


@dataclass
class Footnote(Node):
    """A footnote's text; `citations` is how many times it is cited."""

    id: int
    children: list[Block]
    citations: int = 1
    number: int = 0  # the number shown, set by the numbering filter


DataNode = (
    Table
    | Tree
    | Note
    | Heading
    | Paragraph
    | Items
    | PageBreak
    | Figures
    | Copy
    | Chart
    | Gantt
    | Map
)
Block = (
    Title
    | Para
    | Figure
    | CodeBlock
    | Rule
    | ListBlock
    | Quote
    | Box
    | DefList
    | Grid
    | BlockCall
    | Contents
    | Side
    | DataNode
)


@dataclass
class Document(Node):
    """A deliverable's body: its blocks, then its footnotes by id."""

    children: list[Block]
    notes: dict[int, Footnote] = field(default_factory=dict)
