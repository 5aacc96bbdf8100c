"""Markdown tokens -> WordprocessingML, as a table of rules keyed by token type.

Everything is written through the named styles of the Word template (brand/word_template.py):
no direct formatting where a style can do it. Block elements are handed to a sink, so the same
rules fill the document body, a table cell or a footnote.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, ClassVar
from urllib.parse import unquote

from docx.oxml.ns import qn
from markdown_it.token import Token

from livrables import ooxml
from livrables.blocks.draw_docx import JC, draw_docx
from livrables.errors import ContentError
from livrables.markdown.containers import CONTAINERS, title_of
from livrables.markdown.directives import BLOCK_TOKEN, TOC_TOKEN, TocEntry
from livrables.markdown.env import RenderEnv, bookmark_name, safe_url
from livrables.markdown.images import ImageError, find_image
from livrables.markdown.parser import DIRECTIVE, directive_name
from livrables.markdown.typography import french

Rule = Callable[["DocxRenderer", list[Token], int], int]
InlineRule = Callable[["DocxRenderer", Token], None]

DEFINITION_STYLE = "Definition"
LIST_INDENT = 360  # twips per list level, as in ooxml.abstract_num
WIDE_COLUMNS = 7  # a Markdown table with this many columns gets a landscape page


@dataclass
class _List:
    ordered: bool
    start: int
    level: int
    num_id: int | None = None


class DocxTarget:
    """Where rendered elements go: before the placeholder paragraph of a rendered template."""

    def __init__(self, document: Any, anchor: Any) -> None:
        self.document = document
        self.part = document.part
        self.anchor = anchor
        self._numbering: ooxml.Numbering | None = None
        self._footnotes: ooxml.Footnotes | None = None
        self.next_bookmark_id = 1000
        self.figures = 0
        self.footnote_numbers: dict[int, int] = {}  # Markdown note id -> number shown
        self.sections_split = False  # a landscape page was inserted

    def insert(self, element: Any) -> None:
        self.anchor.addprevious(element)

    def end_section(self, landscape: bool) -> Any:
        """A paragraph ending the current section. The first one ends the cover's section and
        keeps its distinct (empty) first-page header; every later section, and the last one,
        shows the running header from its first page."""
        body_sect = self.document.element.body.sectPr
        first = not self.sections_split
        self.sections_split = True
        brk = ooxml.section_break(body_sect, landscape=landscape, title_page=first)
        for element in body_sect.findall(qn("w:titlePg")):
            body_sect.remove(element)
        return brk

    @property
    def footnotes(self) -> ooxml.Footnotes:
        if self._footnotes is None:
            self._footnotes = ooxml.Footnotes(self.part)
        return self._footnotes

    def finish(self) -> None:
        """Write back what was kept aside while rendering."""
        if self._footnotes is not None:
            self._footnotes.flush()

    @property
    def numbering(self) -> ooxml.Numbering:
        if self._numbering is None:
            self._numbering = ooxml.Numbering(self.part.numbering_part.element)
        return self._numbering


class DocxRenderer:
    rules: ClassVar[dict[str, Rule]] = {}
    inline_rules: ClassVar[dict[str, InlineRule]] = {}

    def __init__(
        self,
        target: DocxTarget,
        env: RenderEnv,
        sink: Callable[[Any], None] | None = None,
        base_style: str | None = None,
    ) -> None:
        self.target = target
        self.env = env
        self.sinks: list[Callable[[Any], None]] = [sink or target.insert]
        self.base_style = base_style  # style of plain paragraphs: None (Normal) or FootnoteText
        self.footnotes: dict[int, list[Token]] = {}
        self.footnote_started = False  # a footnote's first paragraph starts with its number
        self.lists: list[_List] = []
        self.item_started: list[bool] = []
        self.quote_depth = 0
        self.callouts: list[str] = []  # paragraph styles of the boxes we are in
        self.para: Any = None
        # inline state
        self.containers: list[Any] = []
        self.bold = 0
        self.italic = 0
        self.strike = 0

    # --- driving ----------------------------------------------------------------------------

    def render(self, tokens: list[Token]) -> None:
        self._collect_bookmarks(tokens)
        tokens = self._set_footnotes_aside(tokens)
        index = 0
        while index < len(tokens):
            rule = self.rules.get(tokens[index].type, DocxRenderer.fallback)
            index = rule(self, tokens, index)

    def emit(self, element: Any) -> None:
        self.sinks[-1](element)

    def _set_footnotes_aside(self, tokens: list[Token]) -> list[Token]:
        """Footnote texts come last in the token stream; Word wants them where they are cited."""
        if not any(t.type == "footnote_block_open" for t in tokens):
            return tokens
        body: list[Token] = []
        current: list[Token] | None = None
        for token in tokens:
            if token.type == "footnote_open":
                current = self.footnotes.setdefault(token.meta["id"], [])
            elif token.type == "footnote_close":
                current = None
            elif token.type in {"footnote_block_open", "footnote_block_close"}:
                continue
            elif current is not None:
                current.append(token)
            else:
                body.append(token)
        return body

    def _collect_bookmarks(self, tokens: list[Token]) -> None:
        for token in tokens:
            slug = token.attrGet("id") if token.type == "heading_open" else None
            if isinstance(slug, str) and slug not in self.env.bookmarks:
                self.env.bookmarks[slug] = bookmark_name(slug, len(self.env.bookmarks) + 1)

    # --- paragraphs -------------------------------------------------------------------------

    def new_paragraph(self, style: str | None = None, keep_next: bool = False) -> Any:
        """Open a paragraph styled for where we are: a footnote, a box, a quote or a list."""
        num = None
        indent = None
        if style is None:
            if self.base_style and not self.lists:
                style = self.base_style
            elif self.callouts:
                style = self.callouts[-1]
            elif self.quote_depth:
                style = "Quote"
                if self.quote_depth > 1:
                    indent = 567 * self.quote_depth
        if self.lists:
            current = self.lists[-1]
            if style is None:
                style = "ListParagraph"
            if not self.item_started[-1]:
                num = (self._num_id(current), current.level)
                self.item_started[-1] = True
            else:
                indent = LIST_INDENT * (current.level + 1)
        p = ooxml.paragraph(style, num=num, keep_next=keep_next, indent=indent)
        if self.base_style == "FootnoteText" and not self.footnote_started:
            p.append(ooxml.footnote_mark())
            p.append(ooxml.run(" "))
            self.footnote_started = True
        self.emit(p)
        self.para = p
        self.containers = [p]
        return p

    def _num_id(self, current: _List) -> int:
        if current.num_id is None:
            current.num_id = self.target.numbering.new_list(
                current.ordered, current.level, current.start
            )
        return current.num_id

    def paragraph_open(self, tokens: list[Token], i: int) -> int:
        if tokens[i].meta.get("figure"):
            image = next(c for c in tokens[i + 1].children or [] if c.type == "image")
            title = str(image.attrGet("title") or "")
            self.new_paragraph("Figure", keep_next=bool(title))
            self._inline_tokens(tokens[i + 1])
            if title:
                self._caption(title)
            self.para = None
            return i + 3
        self.new_paragraph()
        return i + 1

    def _caption(self, title: str) -> None:
        self.target.figures += 1
        p = ooxml.paragraph("Caption")
        p.append(ooxml.run("Figure "))
        p.extend(ooxml.field("SEQ Figure \\* ARABIC", str(self.target.figures)))
        p.append(ooxml.run("\u00a0: " + french(title)))
        self.emit(p)

    def block_close(self, tokens: list[Token], i: int) -> int:
        self.para = None
        return i + 1

    def heading_open(self, tokens: list[Token], i: int) -> int:
        token = tokens[i]
        level = int(token.tag[1])
        p = self.new_paragraph(f"Heading{level}", keep_next=True)
        slug = token.attrGet("id")
        if isinstance(slug, str) and slug in self.env.bookmarks:
            self._inline_tokens(tokens[i + 1])
            ooxml.bookmark(p, self.env.bookmarks[slug], self._bookmark_id())
            return i + 2
        return i + 1

    def _bookmark_id(self) -> int:
        self.target.next_bookmark_id += 1
        return self.target.next_bookmark_id

    def inline(self, tokens: list[Token], i: int) -> int:
        if self.para is None:  # inline content outside a paragraph (tight list item, dt ...)
            self.new_paragraph()
        self._inline_tokens(tokens[i])
        return i + 1

    def code_block(self, tokens: list[Token], i: int) -> int:
        p = self.new_paragraph("Code")
        p.append(ooxml.run(tokens[i].content.rstrip("\n")))
        self.para = None
        return i + 1

    def hr(self, tokens: list[Token], i: int) -> int:
        self.new_paragraph("Separator")
        self.para = None
        return i + 1

    # --- containers -------------------------------------------------------------------------

    def list_open(self, tokens: list[Token], i: int) -> int:
        token = tokens[i]
        start = int(token.attrGet("start") or 1) if token.type == "ordered_list_open" else 1
        self.lists.append(_List(token.type == "ordered_list_open", start, len(self.lists)))
        return i + 1

    def list_close(self, tokens: list[Token], i: int) -> int:
        self.lists.pop()
        return i + 1

    def list_item_open(self, tokens: list[Token], i: int) -> int:
        self.item_started.append(False)
        return i + 1

    def list_item_close(self, tokens: list[Token], i: int) -> int:
        if not self.item_started[-1]:  # an empty item still shows its bullet
            self.new_paragraph()
        self.item_started.pop()
        self.para = None
        return i + 1

    def blockquote_open(self, tokens: list[Token], i: int) -> int:
        self.quote_depth += 1
        return i + 1

    def blockquote_close(self, tokens: list[Token], i: int) -> int:
        self.quote_depth -= 1
        return i + 1

    def directive_open(self, tokens: list[Token], i: int) -> int:
        name = directive_name(tokens[i])
        container = CONTAINERS.get(name, CONTAINERS["encadre"])
        self.callouts.append(container.style)
        title = title_of(tokens, i, name) if name in CONTAINERS else ""
        if title:
            p = self.new_paragraph(container.style + "Titre", keep_next=True)
            p.append(ooxml.run(title))
            self.para = None
        return i + 1

    def directive_close(self, tokens: list[Token], i: int) -> int:
        """Close the box; a small empty paragraph keeps the next box from merging with it
        (Word joins the borders of consecutive paragraphs that have the same ones)."""
        self.callouts.pop()
        self.emit(ooxml.paragraph("TableSpacer"))
        self.para = None
        return i + 1

    def dt_open(self, tokens: list[Token], i: int) -> int:
        self.new_paragraph("DefinitionTerm", keep_next=True)
        return i + 1

    def dd_open(self, tokens: list[Token], i: int) -> int:
        self.callouts.append(DEFINITION_STYLE)
        return i + 1

    def dd_close(self, tokens: list[Token], i: int) -> int:
        self.callouts.pop()
        return i + 1

    # --- tables -----------------------------------------------------------------------------

    def table_open(self, tokens: list[Token], i: int) -> int:
        rows: list[list[tuple[Token, str | None]]] = []
        header_rows = 0
        in_head = False
        while tokens[i].type != "table_close":
            token = tokens[i]
            if token.type == "thead_open":
                in_head = True
            elif token.type == "thead_close":
                in_head = False
            elif token.type == "tr_open":
                rows.append([])
                header_rows += in_head
            elif token.type in {"th_open", "td_open"}:
                style = str(token.attrGet("style") or "")
                align = style.removeprefix("text-align:") if style else None
                rows[-1].append((tokens[i + 1], align))
            i += 1
        columns = max((len(r) for r in rows), default=0)
        lengths = [4.0] * columns
        for row in rows:
            for col, (inline, _) in enumerate(row):
                lengths[col] = max(lengths[col], min(len(inline.content), 60) + 4)
        wide = columns >= WIDE_COLUMNS
        total = ooxml.LANDSCAPE_TEXT_WIDTH_TWIPS if wide else ooxml.TEXT_WIDTH_TWIPS
        widths = ooxml.column_widths(lengths, total)
        tbl = ooxml.table("TableauLivrables", widths)
        for index, row in enumerate(rows):
            tr = ooxml.table_row(tbl, header=index < header_rows)
            for col in range(columns):
                tc = ooxml.table_cell(tr, widths[col])
                cell: tuple[Token | None, str | None] = row[col] if col < len(row) else (None, None)
                self._cell(tc, index < header_rows, cell[1], cell[0])
        self.emit_table(tbl, wide)
        self.para = None
        return i + 1

    def _cell(self, tc: Any, header: bool, align: str | None, inline: Token | None) -> None:
        jc = JC.get(align or "")
        p = ooxml.paragraph("TableHeading" if header else "TableText", jc=jc)
        tc.append(p)
        if inline is not None:
            self.para, self.containers = p, [p]
            self._inline_tokens(inline)
        self.para = None

    # --- blocks built from the referential --------------------------------------------------

    def block(self, tokens: list[Token], i: int) -> int:
        draw_docx(self, tokens[i].meta["nodes"])
        self.para = None
        return i + 1

    def emit_table(self, tbl: Any, wide: bool = False) -> None:
        """A table, then a small empty paragraph: Word puts no space after a table, and
        the next paragraph would touch it (a second table would merge with it).

        A wide table of the body gets a landscape page of its own."""
        if wide and self.sinks[-1] == self.target.insert and self.base_style is None:
            self.emit(self.target.end_section(landscape=False))
            self.emit(tbl)
            self.emit(self.target.end_section(landscape=True))
            return
        self.emit(tbl)
        self.emit(ooxml.paragraph("TableSpacer"))

    # --- inline -----------------------------------------------------------------------------

    def _inline_tokens(self, token: Token) -> None:
        for child in token.children or []:
            rule = self.inline_rules.get(child.type)
            if rule is not None:
                rule(self, child)
            elif child.content:
                self._text(child.content)

    def _text(self, text: str, style: str | None = None) -> None:
        if not text:
            return
        if style is None and self.containers[-1].tag == qn("w:hyperlink"):
            style = "Hyperlink"
        self.containers[-1].append(
            ooxml.run(
                text,
                style=style,
                bold=self.bold > 0,
                italic=self.italic > 0,
                strike=self.strike > 0,
            )
        )

    def text(self, token: Token) -> None:
        self._text(token.content)

    def softbreak(self, token: Token) -> None:
        self._text(" ")

    def hardbreak(self, token: Token) -> None:
        self._text("\n")

    def code_inline(self, token: Token) -> None:
        self._text(token.content, "CodeChar")

    def link_open(self, token: Token) -> None:
        href = safe_url(str(token.attrGet("href") or ""))
        if href is None:
            self.containers.append(self.containers[-1])  # dropped link: keep the text only
            return
        if href.startswith("#"):
            name = self.env.bookmarks.get(unquote(href[1:]))  # "#d%C3%A9tail" -> "détail"
            link = ooxml.internal_link(name) if name else None
        else:
            link = ooxml.hyperlink(self.target.part, href)
        if link is None:
            self.containers.append(self.containers[-1])
            return
        self.containers[-1].append(link)
        self.containers.append(link)

    def link_close(self, token: Token) -> None:
        self.containers.pop()

    def image(self, token: Token) -> None:
        src = str(token.attrGet("src") or "")
        alt = "".join(c.content for c in token.children or []) or token.content
        if self.env.mission_root is None or self.env.document_dir is None:
            self._text(f"[{alt or src}]")
            return
        try:
            path = find_image(src, self.env.document_dir, self.env.mission_root)
        except ImageError as exc:
            raise ContentError.at(self.env.document_dir, 1, 1, str(exc)) from None
        self.containers[-1].append(ooxml.picture(self.target.part, str(path), alt))

    def footnote_ref(self, token: Token) -> None:
        """A real Word footnote, its text rendered by a renderer whose sink is the note.

        A note cited again shows the number of its first citation (Word cannot cite a note
        twice, and its text must not be printed twice)."""
        numbers = self.target.footnote_numbers
        if token.meta["id"] in numbers:
            number = numbers[token.meta["id"]]
            self.containers[-1].append(ooxml.run(str(number), style="FootnoteReference"))
            return
        numbers[token.meta["id"]] = len(numbers) + 1
        note_id, note = self.target.footnotes.add()
        self.containers[-1].append(ooxml.footnote_reference(note_id))
        content = self.footnotes.get(token.meta["id"], [])
        nested = DocxRenderer(self.target, self.env, sink=note.append, base_style="FootnoteText")
        nested.footnotes = self.footnotes
        nested.render([t for t in content if t.type != "footnote_anchor"])
        if not nested.footnote_started:  # an empty note still shows its number
            nested.new_paragraph()

    # --- table of contents ------------------------------------------------------------------

    def toc(self, tokens: list[Token], i: int) -> int:
        """A TOC field already holding its entries, so it is not empty before Word updates it."""
        entries: list[TocEntry] = tokens[i].meta.get("entries", [])
        levels = tokens[i].meta["levels"]
        title = self.new_paragraph("TOCHeading", keep_next=True)
        title.append(ooxml.run("Sommaire"))
        instruction = f'TOC \\o "1-{levels}" \\h \\z \\u'
        begin, instr, separate, _placeholder, end = ooxml.field(instruction)
        paragraphs = []
        for entry in entries:
            # No page numbers: they are unknown until Word lays the pages out, and a wrong one
            # is worse than none. Updating the field in Word (F9) adds them.
            p = self.new_paragraph(f"TOC{min(entry.level, 3)}")
            name = self.env.bookmarks.get(entry.slug)
            link = ooxml.internal_link(name) if name else p
            if name:
                p.append(link)
            link.append(ooxml.run(entry.text, style="Hyperlink" if name else None))
            paragraphs.append(p)
        if not paragraphs:
            p = self.new_paragraph("TOC1")
            p.append(ooxml.run("(aucun titre)"))
            paragraphs.append(p)
        anchor = paragraphs[0].find(qn("w:pPr"))
        for run in (begin, instr, separate):  # the field starts in the first entry ...
            anchor.addnext(run)
            anchor = run
        paragraphs[-1].append(end)  # ... and ends after the last one
        self.para = None
        return i + 1

    # --- anything else ----------------------------------------------------------------------

    def fallback(self, tokens: list[Token], i: int) -> int:
        """Unknown block tokens keep their text, so nothing a consultant wrote is lost."""
        token = tokens[i]
        if token.nesting == 0 and token.content and token.type != "inline":
            p = self.new_paragraph()
            p.append(ooxml.run(token.content))
            self.para = None
        return i + 1


def _counter(attr: str, delta: int) -> InlineRule:
    def rule(renderer: DocxRenderer, token: Token) -> None:
        setattr(renderer, attr, getattr(renderer, attr) + delta)

    return rule


DocxRenderer.rules = {
    "paragraph_open": DocxRenderer.paragraph_open,
    "paragraph_close": DocxRenderer.block_close,
    "heading_open": DocxRenderer.heading_open,
    "heading_close": DocxRenderer.block_close,
    "inline": DocxRenderer.inline,
    "fence": DocxRenderer.code_block,
    "code_block": DocxRenderer.code_block,
    "hr": DocxRenderer.hr,
    "bullet_list_open": DocxRenderer.list_open,
    "ordered_list_open": DocxRenderer.list_open,
    "bullet_list_close": DocxRenderer.list_close,
    "ordered_list_close": DocxRenderer.list_close,
    "list_item_open": DocxRenderer.list_item_open,
    "list_item_close": DocxRenderer.list_item_close,
    "blockquote_open": DocxRenderer.blockquote_open,
    "blockquote_close": DocxRenderer.blockquote_close,
    f"{DIRECTIVE}_open": DocxRenderer.directive_open,
    f"{DIRECTIVE}_close": DocxRenderer.directive_close,
    "dt_open": DocxRenderer.dt_open,
    "dt_close": DocxRenderer.block_close,
    "dd_open": DocxRenderer.dd_open,
    "dd_close": DocxRenderer.dd_close,
    "table_open": DocxRenderer.table_open,
    BLOCK_TOKEN: DocxRenderer.block,
    TOC_TOKEN: DocxRenderer.toc,
}
DocxRenderer.inline_rules = {
    "text": DocxRenderer.text,
    "softbreak": DocxRenderer.softbreak,
    "hardbreak": DocxRenderer.hardbreak,
    "code_inline": DocxRenderer.code_inline,
    "em_open": _counter("italic", 1),
    "em_close": _counter("italic", -1),
    "strong_open": _counter("bold", 1),
    "strong_close": _counter("bold", -1),
    "s_open": _counter("strike", 1),
    "s_close": _counter("strike", -1),
    "link_open": DocxRenderer.link_open,
    "link_close": DocxRenderer.link_close,
    "image": DocxRenderer.image,
    "footnote_ref": DocxRenderer.footnote_ref,
}
