"""French typography over the whole tree: prose runs with the character before each piece in
view (so "*gras* ;" is seen whole), block data field by field, code and addresses untouched."""

from __future__ import annotations

from collections.abc import Sequence

from livrables.document.nodes import (
    Cell,
    Chart,
    Code,
    Copy,
    DefTerm,
    Document,
    Emph,
    Figure,
    Figures,
    Gantt,
    Group,
    HardBreak,
    Heading,
    Inline,
    Items,
    Link,
    Map,
    Note,
    Para,
    Paragraph,
    SoftBreak,
    Strike,
    Strong,
    Table,
    Text,
    Title,
    Tree,
    TreeItem,
)
from livrables.document.typography import french
from livrables.document.walk import walk_blocks
from livrables.filters.context import FilterContext


def typography(document: Document, ctx: FilterContext) -> None:
    for node in walk_blocks(document):
        if isinstance(node, Para | Title | DefTerm | Cell):
            _run(node.children, "", autolink=False)
        elif isinstance(node, Figure):
            _run(node.children, "", autolink=False)
            node.caption = french(node.caption)
        elif isinstance(node, Table):
            _table(node)
        elif isinstance(node, Tree):
            _tree(node.items)
        elif isinstance(node, Note | Heading):
            node.text = french(node.text)
        elif isinstance(node, Paragraph):
            node.label, node.text = french(node.label), french(node.text)
        elif isinstance(node, Items):
            node.items = [french(item) for item in node.items]
        elif isinstance(node, Figures):
            node.figures = [(french(v), french(lb), french(s)) for v, lb, s in node.figures]
        elif isinstance(node, Chart | Gantt | Map):
            _chart(node)
        elif isinstance(node, Copy):
            node.title = french(node.title)  # the text is copied as written


def _run(inlines: Sequence[Inline], previous: str, autolink: bool) -> str:
    """Apply `french` to the text of a run; returns the last character seen."""
    for node in inlines:
        if isinstance(node, Text):
            if node.text and not autolink:
                fixed = french(previous + node.text)
                node.text = fixed[len(previous) :] if fixed.startswith(previous) else fixed
            if node.text:
                previous = node.text[-1]
        elif isinstance(node, Code):
            if node.text:
                previous = node.text[-1]
        elif isinstance(node, SoftBreak | HardBreak):
            previous = " "
        elif isinstance(node, Link):
            previous = _run(node.children, previous, node.autolink)
        elif isinstance(node, Emph | Strong | Strike):
            previous = _run(node.children, previous, autolink)
    return previous


def _table(table: Table) -> None:
    for column in table.columns:
        column.title = french(column.title)
    if table.caption:
        table.caption = french(table.caption)
    table.rows = [
        Group(french(row.text)) if isinstance(row, Group) else [french(v) for v in row]
        for row in table.rows
    ]


def _tree(items: list[TreeItem]) -> None:
    for item in items:
        item.label = french(item.label)
        item.text = french(item.text)
        item.details = [french(d) for d in item.details]
        _tree(item.children)


def _chart(node: Chart | Gantt | Map) -> None:
    node.title, node.description = french(node.title), french(node.description)
    if node.table is not None:
        _table(node.table)
    if isinstance(node, Chart):
        node.categories = [french(c) for c in node.categories]
        for series in node.series:
            series.name = french(series.name)
            series.labels = [french(label) for label in series.labels]
    elif isinstance(node, Gantt):
        for row in node.rows:
            if isinstance(row, Group):
                row.text = french(row.text)
            else:
                row.label = french(row.label)
                for milestone in row.milestones:
                    milestone.label = french(milestone.label)
    else:
        for place in node.places:
            place.label = french(place.label)
