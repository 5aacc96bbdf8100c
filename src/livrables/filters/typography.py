"""French typography over the whole tree: prose runs with the character before each piece in
view (so "*gras* ;" is seen whole), block data field by field, code and addresses untouched."""

from __future__ import annotations

from collections.abc import Callable, Sequence

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
    Node,
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
from livrables.i18n import is_source


def typography(document: Document, ctx: FilterContext) -> None:
    if not is_source():  # another language's typography is its translator's
        return
    for node in walk_blocks(document):
        if isinstance(node, Para | Title | DefTerm | Cell):
            _run(node.children, "", autolink=False)
        elif isinstance(node, Figure):
            _run(node.children, "", autolink=False)
            node.caption = french(node.caption)
        else:
            map_data(node, french)


def map_data(node: Node, fn: Callable[[str], str]) -> None:
    """Every string a data node prints through `fn` (a copied social post's text excepted)."""
    if isinstance(node, Table):
        _table(node, fn)
    elif isinstance(node, Tree):
        _tree(node.items, fn)
    elif isinstance(node, Note | Heading):
        node.text = fn(node.text)
    elif isinstance(node, Paragraph):
        node.label, node.text = fn(node.label), fn(node.text)
    elif isinstance(node, Items):
        node.items = [fn(item) for item in node.items]
    elif isinstance(node, Figures):
        node.figures = [(fn(v), fn(lb), fn(s)) for v, lb, s in node.figures]
    elif isinstance(node, Chart | Gantt | Map):
        _chart(node, fn)
    elif isinstance(node, Copy):
        node.title = fn(node.title)  # the text is copied as written


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


def _table(table: Table, fn: Callable[[str], str]) -> None:
    for column in table.columns:
        column.title = fn(column.title)
    if table.caption:
        table.caption = fn(table.caption)
    table.rows = [
        Group(fn(row.text)) if isinstance(row, Group) else [fn(v) for v in row]
        for row in table.rows
    ]


def _tree(items: list[TreeItem], fn: Callable[[str], str]) -> None:
    for item in items:
        item.label = fn(item.label)
        item.text = fn(item.text)
        item.details = [fn(d) for d in item.details]
        _tree(item.children, fn)


def _chart(node: Chart | Gantt | Map, fn: Callable[[str], str]) -> None:
    node.title, node.description = fn(node.title), fn(node.description)
    if node.table is not None:
        _table(node.table, fn)
    if isinstance(node, Chart):
        node.categories = [fn(c) for c in node.categories]
        node.axis = fn(node.axis)
        for series in node.series:
            series.name = fn(series.name)
            series.labels = [fn(label) for label in series.labels]
    elif isinstance(node, Gantt):
        node.statuses = [(status, fn(label)) for status, label in node.statuses]
        for row in node.rows:
            if isinstance(row, Group):
                row.text = fn(row.text)
            else:
                row.label = fn(row.label)
                row.status_label = fn(row.status_label)
                for milestone in row.milestones:
                    milestone.label = fn(milestone.label)
    else:
        for place in node.places:
            place.label = fn(place.label)
