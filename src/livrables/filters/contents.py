"""`::: sommaire`: the headings that remain once internal notes are gone."""

from __future__ import annotations

from livrables.document.nodes import (
    Contents,
    Document,
    Title,
    TocEntry,
)
from livrables.document.walk import plain_text, walk_blocks
from livrables.filters.context import FilterContext


def fill_contents(document: Document, ctx: FilterContext) -> None:
    blocks = [n for child in document.children for n in walk_blocks(child)]
    tocs = [n for n in blocks if isinstance(n, Contents)]
    if not tocs:
        return
    titles = [n for n in blocks if isinstance(n, Title)]
    entries = [
        TocEntry(t.level, plain_text(t.children) or t.source, t.id, ctx.pages.get(t.id, 0))
        for t in titles
    ]
    for toc in tocs:
        toc.entries = [e for e in entries if e.level <= toc.levels]
