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

from livrables.blocks.nodes import Node, Note, Table, Tree, TreeItem
from livrables.markdown.directives import BLOCK_TOKEN
from livrables.markdown.env import RenderEnv
from livrables.markdown.parser import DIRECTIVE, directive_name, parser
from livrables.markdown.typography import french

CALLOUT_LABELS = {"a-retenir": "À retenir", "interne": "Note interne — ne pas diffuser"}


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
    return md


def _directive_open(
    self: RendererHTML, tokens: Sequence[Token], idx: int, options: Any, env: Any
) -> str:
    name = directive_name(tokens[idx])
    css = name if name in {"encadre", "a-retenir", "interne"} else "encadre"
    label = CALLOUT_LABELS.get(name)
    title = f'<p class="encadre-titre">{escape(label)}</p>\n' if label else ""
    return f'<aside class="{css}">\n{title}'


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


def _image(self: RendererHTML, tokens: Sequence[Token], idx: int, options: Any, env: Any) -> str:
    alt = self.renderInlineAsText(tokens[idx].children or [], options, env)
    return f'<span class="image-manquante">[{escape(alt or "image")}]</span>'


def _block(self: RendererHTML, tokens: Sequence[Token], idx: int, options: Any, env: Any) -> str:
    token = tokens[idx]
    nodes: list[Node] = token.meta["nodes"]
    return "".join(render_node(node) for node in nodes)


def render_node(node: Node) -> str:
    if isinstance(node, Table):
        return _node_table(node)
    if isinstance(node, Tree):
        return f'<div class="arbre {node.kind}">\n{_tree(node.items)}</div>\n'
    assert isinstance(node, Note)
    return f'<p class="note">{_text(node.text)}</p>\n'


def _text(text: str) -> str:
    return escape(french(text)).replace("\n", "<br>\n")


def _node_table(node: Table) -> str:
    aligns = [f' class="{c.align}"' if c.align != "left" else "" for c in node.columns]
    head = "".join(
        f'<th scope="col"{a}>{_text(c.title)}</th>'
        for c, a in zip(node.columns, aligns, strict=True)
    )
    body = "".join(
        "<tr>"
        + "".join(f"<td{a}>{_text(v)}</td>" for v, a in zip(row, aligns, strict=True))
        + "</tr>\n"
        for row in node.rows
    )
    caption = f"<caption>{_text(node.caption)}</caption>" if node.caption else ""
    return (
        f'<div class="tableau"><table class="{node.kind}">{caption}\n'
        f"<thead><tr>{head}</tr></thead>\n<tbody>\n{body}</tbody>\n</table></div>\n"
    )


def _tree(items: list[TreeItem]) -> str:
    out = ["<ul>\n"]
    for item in items:
        details = "".join(f'<p class="detail">{_text(d)}</p>' for d in item.details)
        children = _tree(item.children) if item.children else ""
        out.append(
            f'<li><span class="niveau">{_text(item.label + " :")}</span> {_text(item.text)}'
            f"{details}{children}</li>\n"
        )
    out.append("</ul>\n")
    return "".join(out)
