"""Filters: ordered transformations of the document tree, between reading and writing.

Like docutils' transforms, they run in one declared order on a fresh tree for each output:
internal notes go first (what they define goes with them), then blocks are drawn from the
referential, images found, French typography applied, figures and notes numbered, the table
of contents filled and `[[IND-…]]` values written in. A writer receives a finished tree.
"""

from __future__ import annotations

from collections.abc import Callable

from livrables.document.nodes import Document
from livrables.filters.blocks import expand_blocks, fill_values
from livrables.filters.contents import fill_contents
from livrables.filters.context import FilterContext
from livrables.filters.images import find_images
from livrables.filters.internal import remove_internal
from livrables.filters.labels import translate_labels
from livrables.filters.links import link_deliverables
from livrables.filters.numbering import number
from livrables.filters.typography import typography

Filter = Callable[[Document, FilterContext], None]

FILTERS: list[tuple[str, Filter]] = [
    ("interne", remove_internal),
    ("liens", link_deliverables),
    ("blocs", expand_blocks),
    ("libellés", translate_labels),
    ("images", find_images),
    ("typographie", typography),
    ("numérotation", number),
    ("sommaire", fill_contents),
    ("valeurs", fill_values),
]


def run_filters(document: Document, ctx: FilterContext) -> Document:
    for _name, step in FILTERS:
        step(document, ctx)
    return document


__all__ = ["FILTERS", "FilterContext", "run_filters"]
