"""The text of a slide as PowerPoint paragraphs: each block of the tree becomes lines with a
level and a bullet, each run keeps its emphasis and its link. The overflow check measures the
very same lines (`fit.py`), so what it counts is what the slide shows."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from livrables.document.directives import box_title
from livrables.document.nodes import (
    Block,
    Box,
    Code,
    CodeBlock,
    Copy,
    DefBody,
    DefList,
    DefTerm,
    Emph,
    HardBreak,
    Heading,
    Image,
    Inline,
    Items,
    Link,
    ListBlock,
    Note,
    NoteRef,
    Para,
    Paragraph,
    Quote,
    SoftBreak,
    Strike,
    Strong,
    Text,
    Title,
    Tree,
    TreeItem,
)
from livrables.document.walk import box_length

MAX_LEVEL = 3


@dataclass(frozen=True)
class Run:
    text: str
    bold: bool = False
    italic: bool = False
    strike: bool = False
    code: bool = False
    href: str = ""
    brk: bool = False  # a line break inside the paragraph


@dataclass
class Line:
    """A paragraph of the slide: its level (0: no bullet, 1–3: bullet depth), its runs."""

    runs: list[Run]
    level: int = 0
    ordered: int = 0  # its number in an ordered list (0: a bullet)
    kind: str = ""  # "titre" (a heading inside the slide), "note", "citation", "code"
    source: int = 0  # its line in the Markdown, for the overflow check

    @property
    def text(self) -> str:
        return "".join("\n" if r.brk else r.text for r in self.runs)


@dataclass
class _Style:
    bold: bool = False
    italic: bool = False
    strike: bool = False
    href: str = ""
    runs: list[Run] = field(default_factory=list)


def runs_of(inlines: Sequence[Inline], style: _Style | None = None) -> list[Run]:
    style = style or _Style()
    out = style.runs
    for node in inlines:
        if isinstance(node, Text):
            out.append(Run(node.text, style.bold, style.italic, style.strike, False, style.href))
        elif isinstance(node, Code):
            out.append(Run(node.text, style.bold, style.italic, style.strike, True, style.href))
        elif isinstance(node, SoftBreak):
            out.append(Run(" ", style.bold, style.italic, style.strike, False, style.href))
        elif isinstance(node, HardBreak):
            out.append(Run("", brk=True))
        elif isinstance(node, Emph | Strong | Strike | Link):
            inner = _Style(
                style.bold or isinstance(node, Strong),
                style.italic or isinstance(node, Emph),
                style.strike or isinstance(node, Strike),
                _href(node) if isinstance(node, Link) else style.href,
                out,
            )
            runs_of(node.children, inner)
        elif isinstance(node, Image):
            out.append(Run(node.alt, style.bold, True))
        elif isinstance(node, NoteRef):
            continue  # a slide has no footnotes: the note is for the document
    return out


def _href(node: Link) -> str:
    """Where a link points from a deck: another deliverable of the mission by its office file."""
    if node.deliverable:
        return f"{node.deliverable}.{'pptx' if node.deck else 'docx'}"
    return node.href


def lines_of(blocks: Sequence[Block], level: int = 0) -> list[Line]:
    """The paragraphs that draw `blocks` in a text placeholder."""
    lines: list[Line] = []
    for block in blocks:
        lines.extend(_lines(block, level))
    return lines


def _lines(block: Block, level: int) -> list[Line]:  # noqa: PLR0911 - one case per node
    line = block.line
    if isinstance(block, Para):
        return [Line(runs_of(block.children), level, source=line)]
    if isinstance(block, Title):
        return [Line(runs_of(block.children), 0, kind="titre", source=line)]
    if isinstance(block, ListBlock):
        out: list[Line] = []
        for number, item in enumerate(block.items, block.start):
            first = True
            for child in item.children:
                if isinstance(child, Para) and first:
                    ordered = number if block.ordered else 0
                    depth = min(level + 1, MAX_LEVEL)
                    out.append(Line(runs_of(child.children), depth, ordered, source=child.line))
                    first = False
                else:
                    out.extend(_lines(child, min(level + 1, MAX_LEVEL)))
        return out
    if isinstance(block, Quote):
        return [
            Line(x.runs, x.level, x.ordered, "citation", x.source)
            for x in lines_of(block.children, level)
        ]
    if isinstance(block, Box):
        label = box_title(block.name, block.args, box_length(block))
        head = [Line([Run(label, bold=True)], level, kind="titre", source=line)] if label else []
        return head + lines_of(block.children, level)
    if isinstance(block, DefList):
        out = []
        for term in block.children:
            if isinstance(term, DefTerm):
                out.append(Line(runs_of(term.children, _Style(bold=True)), level, source=line))
            elif isinstance(term, DefBody):
                out.extend(lines_of(term.children, level))
        return out
    if isinstance(block, CodeBlock):
        return [
            Line([Run(t, code=True)], level, kind="code", source=line)
            for t in block.text.rstrip("\n").split("\n")
        ]
    return _data_lines(block, level)


def _data_lines(block: Block, level: int) -> list[Line]:
    line = block.line
    if isinstance(block, Heading):
        return [Line([Run(block.text)], 0, kind="titre", source=line)]
    if isinstance(block, Paragraph):
        label = [Run(block.label + " ", bold=True)] if block.label else []
        return [Line([*label, Run(block.text)], level, source=line)]
    if isinstance(block, Items):
        return [
            Line(
                [Run(text)], min(level + 1, MAX_LEVEL), number if block.ordered else 0, source=line
            )
            for number, text in enumerate(block.items, 1)
        ]
    if isinstance(block, Note):
        return [Line([Run(block.text, italic=True)], level, kind="note", source=line)]
    if isinstance(block, Copy):
        return [Line([Run(block.title, bold=True)], level, kind="titre", source=line)] + [
            Line([Run(text)], level, source=line) for text in block.text.split("\n") if text
        ]
    if isinstance(block, Tree):
        return _tree(block.items, level + 1, line)
    return []  # visuals are drawn, not written


def _tree(items: list[TreeItem], level: int, line: int) -> list[Line]:
    out: list[Line] = []
    depth = min(level, MAX_LEVEL)
    for item in items:
        label = [Run(item.label + " ", bold=True)] if item.label else []
        out.append(Line([*label, Run(item.text)], depth, source=line))
        out.extend(Line([Run(d)], min(depth + 1, MAX_LEVEL), source=line) for d in item.details)
        out.extend(_tree(item.children, level + 1, line))
    return out


def plain_lines(blocks: Sequence[Block]) -> list[str]:
    """The speaker's notes as plain paragraphs (a bullet spelled out)."""
    return [("– " if x.level else "") + x.text for x in lines_of(blocks)]
