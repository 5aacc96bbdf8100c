"""Pictures found on disk once, inside the mission folder, before any writer draws them."""

from __future__ import annotations

from livrables.content.images import ImageError, find_image
from livrables.document.nodes import (
    Document,
    Image,
)
from livrables.document.walk import inline_nodes
from livrables.errors import ContentError
from livrables.filters.context import FilterContext


def find_images(document: Document, ctx: FilterContext) -> None:
    """Set each image's file (writers without a mission, as in tests, show its description);
    its content was checked when the deliverable was loaded."""
    if ctx.mission_root is None or ctx.document_dir is None:
        return
    for node in inline_nodes(document):
        if isinstance(node, Image):
            try:
                node.path = find_image(node.src, ctx.document_dir, ctx.mission_root, validate=False)
            except ImageError as exc:
                raise ContentError.at(ctx.document_dir, node.line or 1, 1, str(exc)) from None
