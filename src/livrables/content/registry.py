"""What the loader is given: the deliverable types and the blocks, registered in one table.

The loader checks front matter against each type's model and block options against each block,
without importing `deliverables/` (which builds on the content layer, not the reverse).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Protocol

from livrables.content.models import FrontMatter, MissionInfo
from livrables.content.referentiel import Referentiel
from livrables.document.directives import BlockArgs


@dataclass
class BlockContext:
    """What a block may draw from: the referential, the deliverable's front matter, the mission."""

    ref: Referentiel
    type_name: str = ""
    front: FrontMatter | None = None
    mission: MissionInfo | None = None


class BlockSpec(Protocol):
    """A `::: name` block as the loader sees it: where it may be used, how its options check."""

    @property
    def name(self) -> str: ...

    @property
    def types(self) -> frozenset[str]: ...

    def check(self, args: BlockArgs, ctx: BlockContext) -> list[str]: ...

    def warnings(self, args: BlockArgs, ctx: BlockContext) -> list[str]: ...


class TypeSpec(Protocol):
    """A deliverable type as the loader and the pipeline see it."""

    @property
    def name(self) -> str: ...

    @property
    def label(self) -> str: ...

    @property
    def module(self) -> str: ...

    @property
    def front_matter(self) -> type[FrontMatter]: ...


@dataclass(frozen=True)
class Registry:
    """Every deliverable type by its `type:` value, and every block by its name, in the order
    of the offer (training and diagnostic first, communication last)."""

    types: Mapping[str, TypeSpec]
    blocks: Mapping[str, BlockSpec]
