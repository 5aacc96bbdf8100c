"""The document tree -> HTML body: a visitor with one method per node type.

Its markup is markdown-it's own (same tags, same line breaks, so pages built before the
document tree existed are unchanged), with what differs here: boxes become `<aside>`, tables
scroll in a frame, headings move one level down under the page's title, pictures are inlined.
Every text is escaped; raw HTML is never read from content.
"""

from __future__ import annotations

import base64
from collections.abc import Callable, Sequence
from html import escape
from pathlib import Path
from typing import Any
from urllib.parse import quote

from markdown_it.common.utils import MD_TRIM_RE, escapeHtml, mdTrim, unescapeAll

from livrables.charts.render import ChartRenderer
from livrables.document.directives import CONTAINERS, box_title
from livrables.document.nodes import (
    Block,
    BlockCall,
    Box,
    Chart,
    Code,
    CodeBlock,
    Contents,
    DefList,
    DefTerm,
    Document,
    Emph,
    Figure,
    Footnote,
    Gantt,
    Grid,
    HardBreak,
    Image,
    Inline,
    Link,
    ListBlock,
    Map,
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
    TocEntry,
    Value,
)
from livrables.document.walk import box_length
from livrables.i18n import figure_caption, t
from livrables.writers.html.bilingual import draw_side
from livrables.writers.html.charts import draw_chart
from livrables.writers.html.data import draw_data


def data_uri(path: Path) -> str:
    """A file as a `data:` URI, so an HTML page needs nothing beside it."""
    kind = MEDIA_TYPES.get(path.suffix.lower(), "application/octet-stream")
    return f"data:{kind};base64,{base64.b64encode(path.read_bytes()).decode('ascii')}"


# the image types content and brand may hold, named the same on every machine (`mimetypes`
# reads the system's tables: a Windows registry may say "image/x-png")
MEDIA_TYPES = {
    ".png": "image/png",
    ".jpg": "image/jpeg",
    ".jpeg": "image/jpeg",
    ".gif": "image/gif",
    ".bmp": "image/bmp",
    ".svg": "image/svg+xml",
    ".webp": "image/webp",
}


def render_body(document: Document, charts: ChartRenderer | None = None) -> str:
    writer = HtmlWriter(charts)
    writer.blocks(document.children)
    writer.footnotes(list(document.notes.values()))
    return "".join(writer.out)


class HtmlWriter:
    def __init__(self, charts: ChartRenderer | None = None) -> None:
        self.charts = charts  # draws the charts (None: a page without any)
        self.out: list[str] = []
        self.after_hidden = False  # the last thing written was a tight paragraph (no <p>)

    def emit(self, text: str) -> None:
        self.out.append(text)
        self.after_hidden = False

    def open(self, tag: str, children: Sequence[Block] | None, attrs: str = "") -> None:
        """An opening tag as markdown-it writes it: a line break before it when it follows a
        tight paragraph, after it unless it is empty or its content starts with inline text."""
        before = "\n" if self.after_hidden else ""
        first = children[0] if children else None
        inline_next = children is None or (isinstance(first, Para) and first.tight)
        after = "" if inline_next or not children else "\n"
        self.emit(f"{before}<{tag}{attrs}>{after}")

    def blocks(self, nodes: Sequence[Block]) -> None:
        for node in nodes:
            method = _BLOCKS.get(type(node))
            if method is not None:
                method(self, node)
            elif isinstance(node, Chart | Gantt | Map):
                assert self.charts is not None, "a chart needs a chart renderer"
                self.emit(draw_chart(node, self.charts))
            else:
                self.emit(draw_data(node))

    # --- prose ------------------------------------------------------------------------------

    def para(self, node: Para, anchors: str = "") -> None:
        if node.tight:
            self.emit(self.inlines(node.children) + anchors)
            self.after_hidden = True
            return
        self.open("p", None)
        self.emit(f"{self.inlines(node.children)}{anchors}</p>\n")

    def figure(self, node: Figure, anchors: str = "") -> None:
        body = self.inlines(node.children) + anchors
        if not node.caption:
            self.emit(f"<figure>{body}</figure>\n")
            return
        caption = figure_caption(node.number, node.caption)
        self.emit(f"<figure>{body}<figcaption>{escape(caption)}</figcaption></figure>\n")

    def title(self, node: Title) -> None:
        """One level down: the page's h1 is the deliverable's title, on the cover."""
        level = min(node.level + 1, 6)
        attrs = f' id="{escapeHtml(node.id)}"' if node.id else ""
        self.emit(f"<h{level}{attrs}>{self.inlines(node.children)}</h{level}>\n")

    def code_block(self, node: CodeBlock) -> None:
        code = escapeHtml(node.text)
        info = mdTrim(unescapeAll(node.info)) if node.fenced and node.info else ""
        lang = (
            f' class="language-{escapeHtml(MD_TRIM_RE.split(info, maxsplit=1)[0])}"' if info else ""
        )
        self.emit(f"<pre><code{lang}>{code}</code></pre>\n")

    def rule(self, node: Rule) -> None:
        self.emit(("\n" if self.after_hidden else "") + "<hr>\n")

    def list_block(self, node: ListBlock) -> None:
        tag = "ol" if node.ordered else "ul"
        attrs = f' start="{node.start}"' if node.ordered and node.start != 1 else ""
        self.open(tag, node.items, attrs)  # type: ignore[arg-type]
        for item in node.items:
            self.open("li", item.children)
            self.blocks(item.children)
            self.emit("</li>\n")
        self.emit(f"</{tag}>\n")

    def quote(self, node: Quote) -> None:
        self.open("blockquote", node.children)
        self.blocks(node.children)
        self.emit("</blockquote>\n")

    def box(self, node: Box) -> None:
        container = CONTAINERS[node.name]
        label = box_title(node.name, node.args, box_length(node))
        title = f'<p class="encadre-titre">{escape(label)}</p>\n' if label else ""
        name = escape(
            label or t("Encadré"), quote=True
        )  # every landmark named (axe: landmark-unique)
        self.emit(f'<aside class="{container.css}" aria-label="{name}">\n{title}')
        self.blocks(node.children)
        self.emit("</aside>\n")

    def deflist(self, node: DefList) -> None:
        self.open("dl", node.children)  # type: ignore[arg-type]
        for child in node.children:
            if isinstance(child, DefTerm):
                self.open("dt", None)
                self.emit(f"{self.inlines(child.children)}</dt>\n")
            else:
                self.open("dd", child.children)
                self.blocks(child.children)
                self.emit("</dd>\n")
        self.emit("</dl>\n")

    def grid(self, node: Grid) -> None:
        out = ['<div class="tableau">\n<table>\n']
        sections = [
            ("thead", node.rows[: node.header_rows]),
            ("tbody", node.rows[node.header_rows :]),
        ]
        for tag, rows in sections:
            if not rows:
                continue
            out.append(f"<{tag}>\n")
            for row in rows:
                out.append("<tr>\n")
                for cell in row:
                    cell_tag = "th" if tag == "thead" else "td"
                    style = f' style="text-align:{cell.align}"' if cell.align else ""
                    scope = ' scope="col"' if cell_tag == "th" else ""
                    inline = self.inlines(cell.children)
                    out.append(f"<{cell_tag}{style}{scope}>{inline}</{cell_tag}>\n")
                out.append("</tr>\n")
            out.append(f"</{tag}>\n")
        out.append("</table>\n</div>\n")
        self.emit("".join(out))

    def block_call(self, node: BlockCall) -> None:
        self.blocks(node.children)

    def contents(self, node: Contents) -> None:
        items = _toc_list(_toc_tree(node.entries)) if node.entries else "<p>(aucun titre)</p>\n"
        self.emit(
            '<nav class="sommaire" aria-labelledby="titre-sommaire">\n'
            f'<h2 id="titre-sommaire">{t("Sommaire")}</h2>\n{items}</nav>\n'
        )

    def footnotes(self, notes: list[Footnote]) -> None:
        """The notes, labelled for screen readers (a visible title would exist in HTML only)."""
        if not notes:
            return
        self.emit(
            '<hr class="footnotes-sep">\n'
            f'<div class="footnotes" role="doc-endnotes" aria-label="{t("Notes")}">\n'
            '<ol class="footnotes-list">\n'
        )
        for note in notes:
            number = note.number or note.id + 1
            anchors = "".join(
                f' <a href="#fnref{number}{f":{sub}" if sub else ""}" '
                'class="footnote-backref">\u21a9\ufe0e</a>'
                for sub in range(note.citations)
            )
            self.emit(f'<li id="fn{number}" class="footnote-item">')
            last = note.children[-1] if note.children else None
            self.blocks(note.children[:-1] if isinstance(last, Para | Figure) else note.children)
            if isinstance(last, Para):
                self.para(last, anchors)
            elif isinstance(last, Figure):
                self.figure(last, anchors)
            else:
                self.emit(anchors)
            self.emit("</li>\n")
        self.emit("</ol>\n</div>\n")

    # --- inline -----------------------------------------------------------------------------

    def inlines(self, nodes: Sequence[Inline]) -> str:
        return "".join(_INLINES[type(node)](self, node) for node in nodes)

    def link(self, node: Link) -> str:
        title = f' title="{escapeHtml(node.title)}"' if node.title else ""
        href = node.href
        if node.deliverable:  # another deliverable of the mission: its page, beside this one
            href = f"./{quote(node.deliverable)}.html{node.fragment}"
        return f'<a href="{escapeHtml(href)}"{title}>{self.inlines(node.children)}</a>'

    def image(self, node: Image) -> str:
        """The picture inlined as a data URI: the page must reference nothing outside itself."""
        if not isinstance(node.path, Path):
            return f"[{escape(node.alt or node.src)}]"
        return f'<img src="{data_uri(node.path)}" alt="{escape(node.alt)}">'

    def note_ref(self, node: NoteRef) -> str:
        number = node.number or node.id + 1
        sub = f":{node.sub}" if node.sub else ""
        return (
            f'<sup class="footnote-ref"><a href="#fn{number}" id="fnref{number}{sub}">'
            f"[{number}{sub}]</a></sup>"
        )


TocNode = tuple[TocEntry, list[Any]]


def _toc_tree(entries: list[TocEntry]) -> list[TocNode]:
    """Nest entries under the nearest preceding entry of a higher level."""
    root: list[TocNode] = []
    stack: list[tuple[int, list[TocNode]]] = [(0, root)]
    for entry in entries:
        while stack[-1][0] >= entry.level:
            stack.pop()
        node: TocNode = (entry, [])
        stack[-1][1].append(node)
        stack.append((entry.level, node[1]))
    return root


def _toc_list(nodes: list[TocNode]) -> str:
    items = "".join(
        f'<li><a href="#{escape(entry.id)}">{escape(entry.text)}</a>'
        f"{_toc_list(children) if children else ''}</li>\n"
        for entry, children in nodes
    )
    return f"<ol>\n{items}</ol>\n"


def _wrap(tag: str) -> Callable[[HtmlWriter, Any], str]:
    return lambda w, n: f"<{tag}>{w.inlines(n.children)}</{tag}>"


_INLINES: dict[type, Callable[[HtmlWriter, Any], str]] = {
    Text: lambda w, n: escapeHtml(n.text),
    SoftBreak: lambda w, n: "\n",
    HardBreak: lambda w, n: "<br>\n",
    Code: lambda w, n: f"<code>{escapeHtml(n.text)}</code>",
    Emph: _wrap("em"),
    Strong: _wrap("strong"),
    Strike: _wrap("s"),
    Link: HtmlWriter.link,
    Image: HtmlWriter.image,
    NoteRef: HtmlWriter.note_ref,
    Value: lambda w, n: escapeHtml(n.source),
}

_BLOCKS: dict[type, Callable[[HtmlWriter, Any], None]] = {
    Side: draw_side,
    Para: HtmlWriter.para,
    Figure: HtmlWriter.figure,
    Title: HtmlWriter.title,
    CodeBlock: HtmlWriter.code_block,
    Rule: HtmlWriter.rule,
    ListBlock: HtmlWriter.list_block,
    Quote: HtmlWriter.quote,
    Box: HtmlWriter.box,
    DefList: HtmlWriter.deflist,
    Grid: HtmlWriter.grid,
    BlockCall: HtmlWriter.block_call,
    Contents: HtmlWriter.contents,
}
