"""What a deliverable type is: its name, its module of the offer, its front-matter schema, its
own blocks and the skeleton `livrables new` writes for it."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TypeVar

from livrables.blocks.base import Block, BlockContext
from livrables.content.models import FrontMatter

F = TypeVar("F", bound=FrontMatter)


@dataclass(frozen=True)
class DeliverableType:
    name: str  # the `type:` value
    label: str  # shown on the cover: "Note stratégique"
    module: str  # the offer's module: "Module 2 — Définir son positionnement et sa stratégie"
    front_matter: type[FrontMatter]
    skeleton: str  # the Markdown file `livrables new` writes, front matter included
    blocks: tuple[Block, ...] = field(default=())


def front(ctx: BlockContext, cls: type[F]) -> F:
    """The deliverable's front matter as its type's model, or, in a slide deck, the mission's
    deliverable's of that type (blocks check that there is one first)."""
    found = ctx.front_of(cls)
    assert found is not None, f"{type(ctx.front).__name__} is not {cls.__name__}"
    return found
