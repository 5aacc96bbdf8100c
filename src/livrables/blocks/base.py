"""What a structured block is: a name, the options it takes, and the nodes it builds."""

from __future__ import annotations

import shlex
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, ClassVar

from livrables.blocks.nodes import Node

if TYPE_CHECKING:
    from livrables.content.models import FrontMatter, MissionInfo
    from livrables.content.referentiel import Referentiel


@dataclass
class BlockArgs:
    """`::: indicateurs objectif=OBJ-2` -> {"objectif": "OBJ-2"}."""

    values: dict[str, str] = field(default_factory=dict)

    @classmethod
    def parse(cls, text: str) -> BlockArgs:
        """Parse `key=value` options; raises ValueError with a French message."""
        try:
            words = shlex.split(text)
        except ValueError:
            raise ValueError("guillemet non refermé dans les options du bloc") from None
        values: dict[str, str] = {}
        for word in words:
            key, sep, value = word.partition("=")
            if not sep or not key:
                raise ValueError(f"option « {word} » invalide : écrivez nom=valeur")
            values[key] = value
        return cls(values)


@dataclass
class BlockContext:
    """What a block may draw from: the referential, the deliverable's front matter, the mission."""

    ref: Referentiel
    type_name: str = ""
    front: FrontMatter | None = None
    mission: MissionInfo | None = None


class Block:
    """A `::: name` directive that renders referential or front-matter data."""

    name: ClassVar[str]
    # option name -> the kind of entity its value names (None: free text)
    options: ClassVar[dict[str, str | None]] = {}
    # the deliverable types it belongs to (empty: any type)
    types: ClassVar[frozenset[str]] = frozenset()

    def check(self, args: BlockArgs, ctx: BlockContext) -> list[str]:
        """French messages for every problem with these options; empty when they are usable."""
        if self.types and ctx.type_name not in self.types:
            kinds = ", ".join(f"« {t} »" for t in sorted(self.types))
            return [f"bloc « {self.name} » : il s'utilise dans un livrable de type {kinds}"]
        problems: list[str] = []
        for key, value in args.values.items():
            if key not in self.options:
                known = ", ".join(f"« {k} »" for k in self.options) or "aucune"
                problems.append(
                    f"bloc « {self.name} » : option « {key} » inconnue (options : {known})"
                )
                continue
            kind = self.options[key]
            if kind is not None:
                problem = ctx.ref.reference_problem(value, kind)
                if problem:
                    problems.append(f"bloc « {self.name} », option {key} : {problem}")
        return problems

    def build(self, args: BlockArgs, ctx: BlockContext) -> list[Node]:
        raise NotImplementedError
