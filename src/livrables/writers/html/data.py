"""Drawing data nodes (what blocks build) as HTML; every text is escaped (already French)."""

from __future__ import annotations

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
    count = f"{len(node.text)} caractères"
    return (
        f'<div class="a-copier"><p class="a-copier-titre">{text(node.title)} '
        f'<span class="compte">({count})</span></p>\n<p>{escape(node.text)}</p></div>\n'
    )


def table_html(node: Table) -> str:
    aligns = [f' class="{c.align}"' if c.align != "left" else "" for c in node.columns]
    head = "".join(
        f'<th scope="col"{a}>{text(c.title)}</th>'
        for c, a in zip(node.columns, aligns, strict=True)
    )
    rows = []
    for row in node.rows:
        if isinstance(row, Group):
            rows.append(
                f'<tr class="groupe"><th scope="colgroup" colspan="{len(node.columns)}">'
                f"{text(row.text)}</th></tr>\n"
            )
            continue
        cells = []
        for index, (value, align) in enumerate(zip(row, aligns, strict=True)):
            tag = "th" if index == 0 and node.header_column else "td"
            scope = ' scope="row"' if tag == "th" else ""
            cells.append(f"<{tag}{scope}{align}>{text(value)}</{tag}>")
        rows.append("<tr>" + "".join(cells) + "</tr>\n")
    caption = f"<caption>{text(node.caption)}</caption>" if node.caption else ""
    tall = " a-remplir" if node.row_height_cm else ""
    return (
        f'<div class="tableau"><table class="{node.kind}{tall}">{caption}\n'
        f"<thead><tr>{head}</tr></thead>\n<tbody>\n{''.join(rows)}</tbody>\n</table></div>\n"
    )


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
