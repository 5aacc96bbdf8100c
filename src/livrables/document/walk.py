"""Walking the document tree: every node, the blocks only, the inline runs; what text says."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from typing import Any

from livrables.document.nodes import (
    BlockCall,
    Box,
    Cell,
    Code,
    DefBody,
    DefList,
    DefTerm,
    Document,
    Emph,
    Figure,
    Footnote,
    Grid,
    Image,
    Inline,
    Link,
    ListBlock,
    ListItem,
    Node,
    Para,
    Quote,
    Side,
    SoftBreak,
    Strike,
    Strong,
    Text,
    Title,
)


def walk(node: Node) -> Iterator[Node]:
    """`node` and every node under it, depth first, in reading order."""
    return _walk(node, _CHILDREN)


def walk_blocks(node: Node) -> Iterator[Node]:
    """Like `walk`, without entering runs of text: the blocks, and the holders of runs."""
    return _walk(node, _BLOCK_CHILDREN)


def _walk(node: Node, table: dict[type, Callable[[Any], Sequence[Node]]]) -> Iterator[Node]:
    stack = [node]
    pop, extend, children = stack.pop, stack.extend, table.get
    while stack:
        current = pop()
        yield current
        kids = children(type(current))
        if kids is not None:
            extend(reversed(kids(current)))


def inline_nodes(node: Node) -> Iterator[Node]:
    """Every inline node under `node` (inside paragraphs, headings, cells, terms)."""
    for holder in walk_blocks(node):
        if isinstance(holder, RUN_HOLDERS):
            for child in holder.children:
                yield from walk(child)


def _own(node: Any) -> Sequence[Node]:
    return node.children  # type: ignore[no-any-return]


_CHILDREN: dict[type, Callable[[Any], Sequence[Node]]] = {
    kind: _own
    for kind in (
        Emph, Strong, Strike, Link, Title, Para, Figure, ListItem, Quote, Box, DefTerm,
        DefBody, DefList, Cell, BlockCall, Footnote,
    )
}  # fmt: skip
_CHILDREN[ListBlock] = lambda node: node.items
_CHILDREN[Grid] = lambda node: [cell for row in node.rows for cell in row]
_CHILDREN[Document] = lambda node: [*node.children, *node.notes.values()]
_CHILDREN[Side] = lambda node: [block for row in node.rows for side in row for block in side]
RUN_HOLDERS = (Title, Para, Figure, DefTerm, Cell)
_BLOCK_CHILDREN = {kind: get for kind, get in _CHILDREN.items() if kind not in RUN_HOLDERS}
for _inline in (Emph, Strong, Strike, Link):
    del _BLOCK_CHILDREN[_inline]


def plain_text(inlines: Sequence[Inline], images: bool = False) -> str:
    """What the words of a run say: text and code, breaks as spaces; with `images`, also each
    picture's description as written."""
    parts: list[str] = []
    for node in inlines:
        if isinstance(node, Text | Code):
            parts.append(node.text)
        elif isinstance(node, SoftBreak):
            parts.append(" ")
        elif isinstance(node, Image) and images:
            parts.append(node.source)
        elif isinstance(node, Emph | Strong | Strike | Link):
            parts.append(plain_text(node.children, images))
    return "".join(parts)


def box_length(box: Box) -> int:
    """Characters of the text inside a box: what a social network counts for a post."""
    runs = [n.children for n in walk(box) if isinstance(n, Para | Figure | Title | DefTerm | Cell)]
    return len("\n\n".join(plain_text(run, images=True) for run in runs))
