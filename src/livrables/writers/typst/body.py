"""The document tree -> Typst markup: a visitor with one method per node type, as the DOCX and
HTML writers are. Every text goes through `markup.text` (a string literal): content never
becomes Typst code. Styles are the page template's (`templates/typst/livrable.typ`): this
writer calls its functions (`encadre`, `tableau`, `sommaire` …) and Typst's own elements.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from livrables.brand.metrics import breakable
from livrables.charts.render import ChartRenderer
from livrables.document.directives import CONTAINERS, box_title
from livrables.document.nodes import (
    Block,
    BlockCall,
    Box,
    Code,
    CodeBlock,
    Contents,
    DefList,
    DefTerm,
    Document,
    Emph,
    Figure,
    Grid,
    HardBreak,
    Image,
    Inline,
    Link,
    ListBlock,
    NoteRef,
    Para,
    Quote,
    Rule,
    Side,
    SoftBreak,
    Strike,
    Strong,
    Text,
    Title,
    Value,
)
from livrables.document.walk import box_length
from livrables.i18n import figure_caption, t, written_in
from livrables.writers.typst import markup
from livrables.writers.typst.assets import Assets
from livrables.writers.typst.data import (
    DATA,
    LANDSCAPE,
    UnknownNode,
    grid_widths,
    landscape_page,
)

WIDE_COLUMNS = 6  # a Markdown table of more columns gets a landscape page, as in Word
LEAD_IN = 3  # blocks before a landscape table among which its heading moves with it
KINDS = {"a-retenir": "a-retenir", "interne": "interne", "notes": "interne"}


class TypstWriter:
    def __init__(
        self, document: Document, assets: Assets, charts: ChartRenderer | None = None
    ) -> None:
        self.document = document
        self.assets = assets
        self.charts = charts
        self.deck = False
        self.in_cell = False  # a table's cell: addresses may break after their punctuation
        self.labels: dict[str, str] = {}  # heading id -> its Typst label
        self.level = 0  # the last heading's level: PDF/UA wants no level skipped
        self.cited: set[int] = set()  # footnotes already printed (cited again: by reference)
        self.out: list[str] = []

    def label(self, heading_id: str) -> str:
        if heading_id not in self.labels:
            self.labels[heading_id] = f"t{len(self.labels) + 1}"
        return self.labels[heading_id]

    def heading_level(self, level: int) -> int:
        """The level as written, but never more than one below the last one."""
        self.level = max(1, min(level, self.level + 1))
        return self.level

    # --- blocks -----------------------------------------------------------------------------

    def blocks(self, nodes: Sequence[Block]) -> str:
        return "".join(self.block(node) for node in nodes)

    def block(self, node: Block, top: bool = False) -> str:
        """A block's markup; only at the top level may a wide table take a landscape page."""
        method = _BLOCKS.get(type(node))
        if method is None:
            method = DATA.get(type(node))
        if method is None:
            raise UnknownNode(f"le rédacteur PDF ne sait pas écrire un bloc {type(node).__name__}")
        text = method(self, node)
        return text if top else text.replace(LANDSCAPE, "")

    def body(self) -> str:
        """The document's blocks at the top level: a wide table's landscape page takes the
        heading just before it (a page never ends on a heading)."""
        out: list[str] = []
        for node in _top_level(self.document.children):
            text = self.block(node, top=True)
            if text.startswith(LANDSCAPE):
                recent = [i for i in range(max(0, len(out) - LEAD_IN), len(out))]
                headings = [i for i in recent if out[i].startswith("#heading(")]
                lead = out[headings[-1] :] if headings else []
                del out[len(out) - len(lead) :]
                text = "#page(flipped: true)[" + "".join(lead) + text[len(LANDSCAPE) :] + "]\n\n"
            out.append(text)
        # nothing after the last block: a paragraph break after a landscape page at the end
        # would open one more page, blank but for the header and footer
        return "".join(out).rstrip()

    def para(self, node: Para) -> str:
        return self.inlines(node.children) + "\n\n"

    def title(self, node: Title) -> str:
        level = self.heading_level(node.level)
        label = f"<{self.label(node.id)}>" if node.id else ""
        return f"#heading(level: {level})[{self.inlines(node.children)}]{label}\n\n"

    def figure(self, node: Figure) -> str:
        images = [n for n in node.children if isinstance(n, Image)]
        if len(images) != 1:
            return self.para(Para(node.children))
        image = images[0]
        name = self.assets.picture(image.path)
        alt = image.alt or node.caption or image.source or t("Illustration")
        if name is None:
            return self.para(Para([Text(f"[{alt}]")]))
        caption = ""
        if node.caption:
            caption = f", caption: [{markup.text(figure_caption(node.number, node.caption))}]"
        picture = f"image({markup.string(name)}, alt: {markup.string(alt)}, width: 70%)"
        return f"#figure({picture}, numbering: none{caption})\n\n"

    def code_block(self, node: CodeBlock) -> str:
        return f"#raw(block: true, {markup.string(node.text.rstrip(chr(10)))})\n\n"

    def rule(self, _node: Rule) -> str:
        return "#line(length: 100%, stroke: 0.5pt + luma(160))\n\n"

    def list_block(self, node: ListBlock) -> str:
        items = [f"[{self.blocks(item.children).strip()}]" for item in node.items]
        tight = all(
            all(isinstance(c, Para) and c.tight for c in item.children[:1]) for item in node.items
        )
        spacing = "tight: true" if tight else "tight: false"
        if node.ordered:
            return f"#enum({spacing}, start: {node.start}, {', '.join(items)})\n\n"
        return f"#list({spacing}, {', '.join(items)})\n\n"

    def side(self, node: Side) -> str:
        """French and the partner's language: two columns, or one after the other."""
        tags = (node.left_lang, node.right_lang)
        cells = []
        for row in node.rows:
            for tag, blocks in zip(tags, row, strict=True):
                with written_in(tag):
                    text = self.blocks(blocks).strip()
                lang = markup.string(tag.split("-")[0])
                cells.append(f"[#set text(lang: {lang})\n{text}\n]")
        if node.stacked:
            return "".join(f"#{cell}\n\n" for cell in cells)
        return (
            "#grid(columns: (1fr, 1fr), column-gutter: 1.2em, row-gutter: 0.6em, "
            + ", ".join(cells)
            + ")\n\n"
        )

    def quote(self, node: Quote) -> str:
        return f"#quote(block: true)[{self.blocks(node.children).strip()}]\n\n"

    def box(self, node: Box) -> str:
        container = CONTAINERS[node.name]
        label = box_title(node.name, node.args, box_length(node))
        kind = KINDS.get(node.name, "a-copier" if container.css == "a-copier" else "encadre")
        body = self.blocks(node.children).strip()
        return f"#encadre(meta, {markup.string(kind)}, {markup.string(label)})[{body}]\n\n"

    def deflist(self, node: DefList) -> str:
        items = []
        term = ""
        for child in node.children:
            if isinstance(child, DefTerm):
                term = self.inlines(child.children)
            else:
                items.append(f"terms.item([{term}], [{self.blocks(child.children).strip()}])")
        return f"#terms({', '.join(items)})\n\n"

    def grid(self, node: Grid) -> str:
        columns = max((len(row) for row in node.rows), default=0)
        if not columns:
            return ""
        lengths = [4.0] * columns
        for row in node.rows:
            for col, cell in enumerate(row):
                lengths[col] = max(lengths[col], min(len(cell.source), 60) + 4)
        aligns = ["left"] * columns
        for row in node.rows[node.header_rows :][:1]:
            for col, cell in enumerate(row):
                if cell.align in {"center", "right"}:
                    aligns[col] = cell.align
        rows = []
        self.in_cell = True
        for row in node.rows:
            padded = [*row, *([None] * (columns - len(row)))]
            rows.append([f"[{self.inlines(c.children)}]" if c else "[]" for c in padded])
        self.in_cell = False
        head = markup.array(cell for row in rows[: node.header_rows] for cell in row)
        cells = [head, *(cell for row in rows[node.header_rows :] for cell in row)]
        table = (
            f"#tableau(meta, {grid_widths(lengths)}, {node.header_rows}, "
            f"({', '.join(aligns)},), none, {', '.join(cells)})\n\n"
        )
        return landscape_page(table) if columns >= WIDE_COLUMNS else table

    def block_call(self, node: BlockCall) -> str:
        return self.blocks(node.children)

    def contents(self, node: Contents) -> str:
        entries = [
            f"({entry.level}, {markup.string(entry.text)}, {markup.string(self.label(entry.id))})"
            for entry in node.entries
            if entry.id
        ]
        if not entries:
            return ""
        return f"#sommaire(meta, {markup.string(t('Sommaire'))}, {markup.array(entries)})\n\n"

    # --- inline -----------------------------------------------------------------------------

    def inlines(self, nodes: Sequence[Inline]) -> str:
        return "".join(_INLINES[type(node)](self, node) for node in nodes)

    def link(self, node: Link) -> str:
        inner = self.inlines(node.children) or markup.text(node.href)
        href = node.href
        if href.startswith("#"):
            target = href[1:]
            if target in self.labels or target in _heading_ids(self.document):
                return f"#link(<{self.label(target)}>)[{inner}]"
            return inner
        if href.startswith(("http://", "https://", "mailto:", "tel:")):
            return f"#link({markup.string(href)})[{inner}]"
        return inner  # a file beside the document: not a link in a PDF

    def image(self, node: Image) -> str:
        name = self.assets.picture(node.path)
        alt = node.alt or node.source or t("Illustration")
        if name is None:
            return markup.text(f"[{alt}]")
        return f"#box(image({markup.string(name)}, alt: {markup.string(alt)}, height: 1.2em))"

    def note_ref(self, node: NoteRef) -> str:
        if node.id in self.cited:
            return f"#footnote(<n{node.id}>)"
        self.cited.add(node.id)
        note = self.document.notes.get(node.id)
        body = self.blocks(note.children).strip() if note is not None else ""
        return f"#footnote[{body}]<n{node.id}>"


def _top_level(nodes: Sequence[Block]) -> list[Block]:
    """The blocks of the body, those a `::: block` drew standing in its place."""
    found: list[Block] = []
    for node in nodes:
        if isinstance(node, BlockCall):
            found += _top_level(node.children)
        else:
            found.append(node)
    return found


def _heading_ids(document: Document) -> set[str]:
    from livrables.document.walk import walk_blocks

    return {n.id for n in walk_blocks(document) if isinstance(n, Title) and n.id}


def _wrap(function: str) -> Callable[[TypstWriter, Any], str]:
    return lambda w, n: f"#{function}[{w.inlines(n.children)}]"


_INLINES: dict[type, Callable[[TypstWriter, Any], str]] = {
    Text: lambda w, n: markup.text(breakable(n.text) if w.in_cell else n.text),
    SoftBreak: lambda w, n: markup.text(" "),
    HardBreak: lambda w, n: "#linebreak();",
    Code: lambda w, n: f"#raw({markup.string(n.text)});",
    Emph: _wrap("emph"),
    Strong: _wrap("strong"),
    Strike: _wrap("strike"),
    Link: TypstWriter.link,
    Image: TypstWriter.image,
    NoteRef: TypstWriter.note_ref,
    Value: lambda w, n: markup.text(n.source),
}

_BLOCKS: dict[type, Callable[[TypstWriter, Any], str]] = {
    Side: TypstWriter.side,
    Para: TypstWriter.para,
    Figure: TypstWriter.figure,
    Title: TypstWriter.title,
    CodeBlock: TypstWriter.code_block,
    Rule: TypstWriter.rule,
    ListBlock: TypstWriter.list_block,
    Quote: TypstWriter.quote,
    Box: TypstWriter.box,
    DefList: TypstWriter.deflist,
    Grid: TypstWriter.grid,
    BlockCall: TypstWriter.block_call,
    Contents: TypstWriter.contents,
}
