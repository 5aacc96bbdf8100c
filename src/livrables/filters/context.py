"""What the filters may draw from: the output's audience, the blocks and the mission's files."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol

from livrables.content.registry import BlockContext
from livrables.document.directives import BlockArgs
from livrables.document.nodes import Block
from livrables.markdown.parser import CLIENT_HIDDEN


class BlockBuilder(Protocol):
    def build(self, args: BlockArgs, ctx: BlockContext) -> Sequence[Block]: ...


@dataclass
class FilterContext:
    block_context: BlockContext
    blocks: Mapping[str, BlockBuilder] = field(default_factory=dict)
    interne: bool = False  # keep `::: interne` notes, marked: the internal build
    mission_root: Path | None = None  # images are looked up under it
    document_dir: Path | None = None  # the deliverable's folder, for relative image paths
    pages: dict[str, int] = field(default_factory=dict)  # heading id -> page, from a PDF
    # what a client output never shows (a deck's speaker notes unless `notes: client`)
    hidden: frozenset[str] = CLIENT_HIDDEN
    # the deliverables this output may link to (stem -> is a deck): a client output, only
    # the client's
    deliverables: Mapping[str, bool] = field(default_factory=dict)
    # the file a deliverable's link points at, when not its own name: in English, those also
    # made in English (`note` -> `note.en`)
    named: Mapping[str, str] = field(default_factory=dict)
