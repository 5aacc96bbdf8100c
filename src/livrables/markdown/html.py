"""Markdown tokens -> HTML: markdown-it's own renderer, overriding only what differs here.

Raw HTML is off in the parser, so text is always escaped; directives become `<aside>` callouts
and blocks from the referential become tables and nested lists.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import cache
from html import escape
from typing import Any

from markdown_it.renderer import RendererHTML
from markdown_it.token import Token

from livrables.blocks.draw_html import draw_html
from livrables.errors import ContentError
from livrables.markdown.containers import CONTAINERS, title_of
from livrables.markdown.directives import BLOCK_TOKEN, TOC_TOKEN, TocEntry
from livrables.markdown.env import RenderEnv, data_uri
from livrables.markdown.images import ImageError, find_image
from livrables.markdown.parser import DIRECTIVE, directive_name, parser
from livrables.markdown.typography import french


def render_html(tokens: list[Token], env: RenderEnv) -> str:
    md = _configured()
    return str(md.renderer.render(tokens, md.options, {"livrables": env}))


@cache
def _configured() -> Any:
    md = parser()
    md.add_render_rule(f"{DIRECTIVE}_open", _directive_open)
    md.add_render_rule(f"{DIRECTIVE}_close", _directive_close)
    md.add_render_rule(BLOCK_TOKEN, _block)
    md.add_render_rule("table_open", _table_open)
    md.add_render_rule("table_close", _table_close)
    md.add_render_rule("th_open", _th_open)
    md.add_render_rule("image", _image)
    md.add_render_rule("paragraph_open", _paragraph_open)
    md.add_render_rule("paragraph_close", _paragraph_close)
    md.add_render_rule(TOC_TOKEN, _toc)
    md.add_render_rule("link_open", _link)
    md.add_render_rule("link_close", _link)
    md.add_render_rule("footnote_block_open", _footnotes_open)
    md.add_render_rule("footnote_block_close", _footnotes_close)
    md.add_render_rule("heading_open", _heading)
    md.add_render_rule("heading_close", _heading)
    return md


def _directive_open(
    self: RendererHTML, tokens: Sequence[Token], idx: int, options: Any, env: Any
) -> str:
    name = directive_name(tokens[idx])
    container = CONTAINERS.get(name, CONTAINERS["encadre"])
    label = title_of(list(tokens), idx, name) if name in CONTAINERS else ""
    title = f'<p class="encadre-titre">{escape(label)}</p>\n' if label else ""
    return f'<aside class="{container.css}">\n{title}'


def _directive_close(
    self: RendererHTML, tokens: Sequence[Token], idx: int, options: Any, env: Any
) -> str:
    return "</aside>\n"


def _table_open(
    self: RendererHTML, tokens: Sequence[Token], idx: int, options: Any, env: Any
) -> str:
    return '<div class="tableau">\n<table>\n'


def _table_close(
    self: RendererHTML, tokens: Sequence[Token], idx: int, options: Any, env: Any
) -> str:
    return "</table>\n</div>\n"


def _th_open(self: RendererHTML, tokens: Sequence[Token], idx: int, options: Any, env: Any) -> str:
    tokens[idx].attrSet("scope", "col")
    return str(self.renderToken(tokens, idx, options, env))


def _link(self: RendererHTML, tokens: Sequence[Token], idx: int, options: Any, env: Any) -> str:
    if tokens[idx].meta.get("unsafe"):
        return ""  # the link is dropped, its text stays
    return str(self.renderToken(tokens, idx, options, env))


def _footnotes_open(
    self: RendererHTML, tokens: Sequence[Token], idx: int, options: Any, env: Any
) -> str:
    """The notes, labelled for screen readers (a visible title would exist in HTML only)."""
    return (
        '<hr class="footnotes-sep">\n'
        '<div class="footnotes" role="doc-endnotes" aria-label="Notes">\n'
        '<ol class="footnotes-list">\n'
    )


def _footnotes_close(
    self: RendererHTML, tokens: Sequence[Token], idx: int, options: Any, env: Any
) -> str:
    return "</ol>\n</div>\n"


def _heading(self: RendererHTML, tokens: Sequence[Token], idx: int, options: Any, env: Any) -> str:
    """One level down: the page's h1 is the deliverable's title, on the cover."""
    token = tokens[idx]
    level = min(int(token.tag[1]) + 1, 6)
    if token.nesting == 1:
        return f"<h{level}{self.renderAttrs(token)}>"
    return f"</h{level}>\n"


def _image(self: RendererHTML, tokens: Sequence[Token], idx: int, options: Any, env: Any) -> str:
    """The picture inlined as a data URI: the page must reference nothing outside itself."""
    token = tokens[idx]
    alt = self.renderInlineAsText(token.children or [], options, env)
    src = str(token.attrGet("src") or "")
    context: RenderEnv = env["livrables"]
    if context.mission_root is None or context.document_dir is None:
        return f"[{escape(alt or src)}]"
    try:
        path = find_image(src, context.document_dir, context.mission_root)
    except ImageError as exc:
        raise ContentError.at(context.document_dir, 1, 1, str(exc)) from None
    return f'<img src="{data_uri(path)}" alt="{escape(alt)}">'


def _paragraph_open(
    self: RendererHTML, tokens: Sequence[Token], idx: int, options: Any, env: Any
) -> str:
    if tokens[idx].meta.get("figure"):
        return "<figure>"
    return str(self.renderToken(tokens, idx, options, env))


def _paragraph_close(
    self: RendererHTML, tokens: Sequence[Token], idx: int, options: Any, env: Any
) -> str:
    if not tokens[idx].meta.get("figure"):
        return str(self.renderToken(tokens, idx, options, env))
    image = next(c for c in tokens[idx - 1].children or [] if c.type == "image")
    title = str(image.attrGet("title") or "")
    if not title:
        return "</figure>\n"
    context: RenderEnv = env["livrables"]
    context.figures += 1
    caption = f"Figure {context.figures}\u00a0: {french(title)}"
    return f"<figcaption>{escape(caption)}</figcaption></figure>\n"


def _toc(self: RendererHTML, tokens: Sequence[Token], idx: int, options: Any, env: Any) -> str:
    entries: list[TocEntry] = tokens[idx].meta.get("entries", [])
    items = _toc_list(_toc_tree(entries)) if entries else "<p>(aucun titre)</p>\n"
    return (
        '<nav class="sommaire" aria-labelledby="titre-sommaire">\n'
        f'<h2 id="titre-sommaire">Sommaire</h2>\n{items}</nav>\n'
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
        f'<li><a href="#{escape(entry.slug)}">{escape(entry.text)}</a>'
        f"{_toc_list(children) if children else ''}</li>\n"
        for entry, children in nodes
    )
    return f"<ol>\n{items}</ol>\n"


def _block(self: RendererHTML, tokens: Sequence[Token], idx: int, options: Any, env: Any) -> str:
    return draw_html(tokens[idx].meta["nodes"])
