"""Drawing data nodes (what blocks build) as HTML; every text is escaped (already French)."""

from __future__ import annotations

import hashlib
from html import escape

from livrables.document.nodes import (
    Block,
    Copy,
    Figures,
    Group,
    Heading,
    Items,
    Note,
    PageBreak,
    Paragraph,
    Table,
    Tree,
    TreeItem,
)
from livrables.i18n import tf


def text(value: str) -> str:
    return escape(value).replace("\n", "<br>\n")


def draw_data(node: Block) -> str:
    if isinstance(node, Table):
        return table_html(node)
    if isinstance(node, Tree):
        return f'<div class="arbre {node.kind}">\n{_tree(node.items)}</div>\n'
    if isinstance(node, Note):
        return f'<p class="note">{text(node.text)}</p>\n'
    if isinstance(node, Heading):
        level = min(node.level + 1, 6)  # one level down, as the Markdown headings
        return f'<h{level} class="bloc">{text(node.text)}</h{level}>\n'
    if isinstance(node, Paragraph):
        label = f"<strong>{text(node.label)}</strong> " if node.label else ""
        return f"<p>{label}{text(node.text)}</p>\n"
    if isinstance(node, Items):
        tag = "ol" if node.ordered else "ul"
        items = "".join(f"<li>{text(item)}</li>\n" for item in node.items)
        return f"<{tag}>\n{items}</{tag}>\n"
    if isinstance(node, PageBreak):
        return '<div class="saut-de-page" aria-hidden="true"></div>\n'
    if isinstance(node, Figures):
        cells = "".join(
            f'<div class="chiffre"><p class="valeur">{text(value)}</p>'
            f'<p class="libelle">{text(label)}</p><p class="source">{text(source)}</p></div>\n'
            for value, label, source in node.figures
        )
        return f'<div class="chiffres-cles">\n{cells}</div>\n'
    assert isinstance(node, Copy)
    count = tf("{n} caractères", n=len(node.text))
    return (
        f'<div class="a-copier"><p class="a-copier-titre">{text(node.title)} '
        f'<span class="compte">({count})</span></p>\n<p>{escape(node.text)}</p></div>\n'
    )


def table_html(node: Table) -> str:
    """A table: column headers `<th scope="col">`, row headers `<th scope="row">`. With group
    rows (a second level of headers: the rows under a group belong to it), each group opens
    its own `<tbody>` and every cell names its headers (`headers`/`id`, RGAA 5.7): a screen
    reader announces the group with the column, which `scope` alone does not say."""
    aligns = [f' class="{c.align}"' if c.align != "left" else "" for c in node.columns]
    grouped = any(isinstance(row, Group) for row in node.rows)
    prefix = _table_prefix(node) if grouped else ""

    def ident(name: str) -> str:
        return f' id="{prefix}-{name}"' if grouped else ""

    head = "".join(
        f'<th scope="col"{ident(f"c{j}")}{a}>{text(c.title)}</th>'
        for j, (c, a) in enumerate(zip(node.columns, aligns, strict=True))
    )
    rows = []
    group = ""
    for i, row in enumerate(node.rows):
        if isinstance(row, Group):
            group = f"{prefix}-g{i}"
            rows.append(
                f'</tbody>\n<tbody>\n<tr class="groupe"><th scope="rowgroup" id="{group}" '
                f'colspan="{len(node.columns)}">{text(row.text)}</th></tr>\n'
            )
            continue
        cells = []
        for j, (value, align) in enumerate(zip(row, aligns, strict=True)):
            heading = j == 0 and node.header_column
            tag = "th" if heading else "td"
            attributes = ' scope="row"' if heading else ""
            if grouped:
                names = [f"{prefix}-c{j}", group] + (
                    [] if heading or not node.header_column else [f"{prefix}-r{i}"]
                )
                attributes += ident(f"r{i}") if heading else ""
                attributes += f' headers="{" ".join(n for n in names if n)}"'
            cells.append(f"<{tag}{attributes}{align}>{text(value)}</{tag}>")
        rows.append("<tr>" + "".join(cells) + "</tr>\n")
    body = "".join(rows).removeprefix("</tbody>\n<tbody>\n")
    caption = f"<caption>{text(node.caption)}</caption>" if node.caption else ""
    tall = " a-remplir" if node.row_height_cm else ""
    return (
        f'<div class="tableau"><table class="{node.kind}{tall}">{caption}\n'
        f"<thead><tr>{head}</tr></thead>\n<tbody>\n{body}</tbody>\n</table></div>\n"
    )


def _table_prefix(node: Table) -> str:
    """Ids of a table's headers, the same at every build and distinct in the page: its source
    line and a digest of its text (the same block twice on a line is the same table)."""
    digest = hashlib.blake2s(repr((node.caption, node.columns, node.rows)).encode(), digest_size=4)
    return f"tableau-{node.line}-{digest.hexdigest()}"


def _tree(items: list[TreeItem]) -> str:
    out = ["<ul>\n"]
    for item in items:
        details = "".join(f'<p class="detail">{text(d)}</p>' for d in item.details)
        children = _tree(item.children) if item.children else ""
        out.append(
            f'<li><span class="niveau">{text(item.label)}</span> {text(item.text)}'
            f"{details}{children}</li>\n"
        )
    out.append("</ul>\n")
    return "".join(out)
