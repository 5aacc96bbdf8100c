"""A slide deck from the document tree: where each slide begins and which layout it takes.

The deck is not a second parse: the filtered tree (blocks drawn, typography, numbering) is cut
into slides — `#` a section slide, `##` a content slide, `---` a slide without a title — and
each slide's layout is chosen from what it holds, never typed by the author:

| layout      | when the slide holds                                             |
|-------------|------------------------------------------------------------------|
| `section`   | a `#` title (and at most a short sentence under it)              |
| `contenu`   | text: paragraphs, lists, boxes                                   |
| `colonnes`  | `::: colonnes`, or one visual beside more than a sentence of text |
| `image`     | one picture (with a sentence at most)                            |
| `tableau`   | one table                                                        |
| `graphique` | one chart, timeline or map                                       |
| `chiffres`  | the key figures                                                  |
| `citation`  | a quotation alone                                                |

The cover (`titre`) comes from the front matter; writers add it before the first slide.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from livrables.document.directives import COLONNES, NOTES
from livrables.document.nodes import (
    Block,
    BlockCall,
    Box,
    Chart,
    Contents,
    Figure,
    Figures,
    Gantt,
    Grid,
    Inline,
    Map,
    Node,
    Para,
    Quote,
    Rule,
    Table,
    Text,
    Title,
)
from livrables.document.walk import plain_text

LEAD_CHARS = 220  # the most text a visual's slide holds above it; beyond, text and visual share
VISUALS: dict[type, str] = {
    Chart: "graphique",
    Gantt: "graphique",
    Map: "graphique",
    Figure: "image",
    Table: "tableau",
    Grid: "tableau",
    Figures: "chiffres",
    Quote: "citation",
}


@dataclass
class Slide(Node):
    """One slide: its title, its layout and what the layout places."""

    layout: str
    title: list[Inline] = field(default_factory=list)
    body: list[Block] = field(default_factory=list)  # text (above the visual, if any)
    visual: Block | None = None  # the picture, table, chart, key figures or quotation
    columns: list[list[Block]] = field(default_factory=list)  # `colonnes`: two lists
    notes: list[Block] = field(default_factory=list)  # the speaker's
    title_id: str = ""
    table_pt: int = 0  # its table's text size when the layout chose one (0: the writer's)
    table_widths: tuple[int, ...] = ()  # its columns' (EMU), kept over a continued table
    notice: str = ""  # what laying the slide out did (continued, split): `check` reports it

    @property
    def title_text(self) -> str:
        return plain_text(self.title)


def split_slides(blocks: Sequence[Block]) -> list[Slide]:
    """The slides of a deck's filtered body, in order, each with its layout."""
    drafts: list[_Draft] = []
    for block in _flatten(blocks):
        if isinstance(block, Title) and block.level <= 2:
            drafts.append(_Draft(block.line, block.level == 1, block.children, block.id))
        elif isinstance(block, Rule):
            drafts.append(_Draft(block.line, False, [], ""))
        else:
            if not drafts:  # text before the first title: a slide of its own
                drafts.append(_Draft(block.line, False, [], ""))
            if isinstance(block, Box) and block.name == NOTES:
                drafts[-1].notes.extend(block.children)
            else:
                drafts[-1].blocks.append(block)
    slides = []
    for draft in drafts:
        if draft.blocks or draft.title or draft.notes:
            slides.extend(draft.slides())
    return slides


@dataclass
class _Draft:
    line: int
    section: bool
    title: list[Inline]
    title_id: str
    blocks: list[Block] = field(default_factory=list)
    notes: list[Block] = field(default_factory=list)

    def slides(self) -> list[Slide]:
        """One slide, or one per visual when it holds several (tables drawn by objective, a
        chart and a table): the text goes with the visual it precedes, the title on each."""
        visuals = [i for i, b in enumerate(self.blocks) if type(b) in VISUALS]
        if self.section:  # a sentence under its title; anything more on slides of its own
            first = self.blocks[:1]
            keep = first if first and text_length(first) <= LEAD_CHARS else []
            rest = _Draft(self.line, False, [], "", self.blocks[len(keep) :])
            section = _Draft(self.line, True, self.title, self.title_id, keep, self.notes)
            return [section.slide(), *(rest.slides() if rest.blocks else [])]
        columns = next(
            (i for i, b in enumerate(self.blocks) if isinstance(b, Box) and b.name == COLONNES),
            None,
        )
        if columns is not None:  # what follows the columns comes after them: on the next slide
            after = self.blocks[columns + 1 :]
            head = _Draft(self.line, False, self.title, self.title_id, self.blocks[: columns + 1])
            head.notes = self.notes
            if not after:
                return [head.slide()]
            title = [*self.title, Text(" (suite)")] if self.title else []
            rest = _Draft(after[0].line or self.line, False, title, "", after)
            return [head.slide(), *rest.slides()]
        if len(visuals) <= 1 or _two_visuals(self.blocks):
            return [self.slide()]
        out = []
        start = 0
        for number, index in enumerate(visuals):
            end = visuals[number + 1] if number + 1 < len(visuals) else len(self.blocks)
            if number + 1 < len(visuals):  # text right before the next visual leads it
                while end - 1 > index and type(self.blocks[end - 1]) not in VISUALS:
                    end -= 1
            title = self.title if number == 0 else [*self.title, Text(" (suite)")]
            part = _Draft(self.line, False, title, self.title_id if number == 0 else "")
            part.blocks = self.blocks[start:end]
            part.notes = self.notes if number == 0 else []
            out.append(part.slide())
            start = end
        return out

    def slide(self) -> Slide:
        slide = Slide("contenu", self.title, line=self.line, title_id=self.title_id)
        slide.notes = self.notes
        if self.section:
            slide.layout, slide.body = "section", self.blocks
            return slide
        boxes = [b for b in self.blocks if isinstance(b, Box) and b.name == COLONNES]
        visuals = [b for b in self.blocks if type(b) in VISUALS]
        text = [b for b in self.blocks if type(b) not in VISUALS and b not in boxes]
        if boxes:
            slide.layout = "colonnes"
            slide.body = [b for b in self.blocks if b is not boxes[0]]
            slide.columns = split_columns(boxes[0].children)
        elif len(visuals) == 1 and (
            text_length(text) <= LEAD_CHARS or isinstance(visuals[0], Table | Grid | Figures)
        ):  # a sentence above a visual; a table or key figures keep the width, text above
            slide.layout, slide.visual, slide.body = VISUALS[type(visuals[0])], visuals[0], text
        elif len(visuals) == 1 or _two_visuals(self.blocks):
            slide.layout = "colonnes"
            slide.columns = [text or [visuals[0]], [visuals[-1]]]
        else:
            slide.body = self.blocks
        return slide


def _two_visuals(blocks: Sequence[Block]) -> bool:
    """Two pictures or charts and nothing else: side by side."""
    return len(blocks) == 2 and all(type(b) in VISUALS for b in blocks)


def split_columns(blocks: Sequence[Block]) -> list[list[Block]]:
    """A `::: colonnes` box's two columns: split at its `---`, else at its second `###` title,
    else in the middle."""
    rules = [i for i, b in enumerate(blocks) if isinstance(b, Rule)]
    if rules:
        first = rules[0]
        return [list(blocks[:first]), [b for b in blocks[first + 1 :] if not isinstance(b, Rule)]]
    titles = [i for i, b in enumerate(blocks) if isinstance(b, Title)]
    if len(titles) >= 2 and titles[0] == 0:
        return [list(blocks[: titles[1]]), list(blocks[titles[1] :])]
    middle = (len(blocks) + 1) // 2
    return [list(blocks[:middle]), list(blocks[middle:])]


def _flatten(blocks: Iterable[Block]) -> Iterable[Block]:
    """Blocks drawn from the referential stand in the body as what they drew; a table of
    contents has no place on a slide."""
    for block in blocks:
        if isinstance(block, BlockCall):
            yield from _flatten(block.children)
        elif not isinstance(block, Contents):
            yield block


def text_length(blocks: Sequence[Block]) -> int:
    """Characters of running text in `blocks` (paragraphs and titles; lists count whole)."""
    total = 0
    for block in blocks:
        if isinstance(block, Para | Title):
            total += len(plain_text(block.children))
        else:
            total += LEAD_CHARS + 1  # a list, a box …: more than a lead
    return total
