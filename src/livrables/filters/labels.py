"""The blocks' labels in the language of the output: each string a block printed that the
tool's catalogue knows (a column title, a category, « Objectif global : ») given its
translation. Nothing to do in French; the referential's texts are already the translator's
(i18n/translate.py)."""

from __future__ import annotations

from livrables.document.nodes import Document
from livrables.document.walk import walk_blocks
from livrables.filters.context import FilterContext
from livrables.filters.typography import map_data
from livrables.i18n import is_source, t


def translate_labels(document: Document, ctx: FilterContext) -> None:
    if is_source():
        return
    for node in walk_blocks(document):
        map_data(node, t)
