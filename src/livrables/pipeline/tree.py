"""A deliverable's finished tree: read (the client's text, or everything for an internal
build), blocks drawn from the referential and the mission's other deliverables, filters run.
The build renders it; `check` measures a deck's slides on it: both see the same tree."""

from __future__ import annotations

from collections.abc import Sequence

from livrables.content.mission import Livrable, Mission, client_hidden
from livrables.content.registry import BlockContext
from livrables.deliverables import BLOCKS
from livrables.document.directives import DIAPORAMA
from livrables.document.nodes import Block, Document
from livrables.filters import FilterContext, run_filters
from livrables.markdown.reader import read
from livrables.traduction.translate import Translation, translate_tree


def filtered_tree(
    mission: Mission,
    livrable: Livrable,
    internal: bool,
    pages: dict[str, int] | None = None,
    appended: Sequence[Block] = (),
    translation: Translation | None = None,
) -> Document:
    """`appended`: blocks after the text (the revision table), filtered with it; with a
    `translation`, the deliverable in another language (`mission` and `livrable` already
    given its texts: i18n/translate.py)."""
    blocks = BlockContext(
        mission.referentiel,
        livrable.type.name,
        livrable.front,
        mission.info,
        mission.others(livrable),
    )
    tree = read(livrable.body if internal else livrable.client_body)
    if translation is not None:
        translate_tree(tree, translation, livrable.path, client_hidden(livrable.front))
    tree.children.extend(appended)
    ctx = FilterContext(
        blocks,
        BLOCKS,
        internal,
        mission.root,
        livrable.path.parent,
        pages or {},
        hidden=client_hidden(livrable.front),
        deliverables={
            other.stem: other.type.name == DIAPORAMA
            for other in mission.livrables
            if internal or other.front.diffusion != "interne"
        },
        named={
            other.stem: f"{other.stem}.{translation.langue}"
            for other in mission.livrables
            if translation is not None and translation.langue in mission.langues(other)
        },
    )
    run_filters(tree, ctx)
    return tree
