"""What the loader is given: the deliverable types and the blocks, registered in one table.

The loader checks front matter against each type's model and block options against each block,
without importing `deliverables/` (which builds on the content layer, not the reverse).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Protocol, TypeVar

from livrables.content.models import FrontMatter, MissionInfo
from livrables.content.referentiel import Referentiel
from livrables.document.directives import BlockArgs

F = TypeVar("F", bound=FrontMatter)
# how a deck's block says that the deliverable it draws on is missing (or could not be read)
SOURCE_MISSING = "qui n'existe pas, n'a pas pu être lu ou est à diffusion interne"


@dataclass
class BlockContext:
    """What a block may draw from: the referential, the deliverable's front matter, the mission."""

    ref: Referentiel
    type_name: str = ""
    front: FrontMatter | None = None
    mission: MissionInfo | None = None
    # the front matter of the mission's other deliverables, by type: a slide deck's blocks draw
    # the diagnostic's SWOT or the kit's key figures from them, never from a copy
    others: Mapping[str, FrontMatter] = field(default_factory=dict)

    def front_of(self, cls: type[F]) -> F | None:
        """The deliverable's own front matter as `cls`, or the mission's deliverable's of that
        model (for a slide deck); None when there is none."""
        if isinstance(self.front, cls):
            return self.front
        return next((f for f in self.others.values() if isinstance(f, cls)), None)


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
