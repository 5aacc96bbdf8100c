"""What a structured block is: a name, the options it takes, and the data nodes it builds."""

from __future__ import annotations

from typing import ClassVar

from livrables.content.registry import SOURCE_MISSING, BlockContext
from livrables.document.directives import DIAPORAMA, BlockArgs
from livrables.document.nodes import DataNode

__all__ = ["Block", "BlockArgs", "BlockContext"]


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
            if ctx.type_name != DIAPORAMA:
                return [f"bloc « {self.name} » : il s'utilise dans un livrable de type {kinds}"]
            if not any(t in ctx.others for t in self.types):
                return [
                    f"bloc « {self.name} » : dans un diaporama, il reprend le livrable de type "
                    f"{kinds} de la mission, {SOURCE_MISSING}"
                ]
        problems: list[str] = []
        if args.kind:
            problems.append(
                f"bloc « {self.name} » : option « {args.kind} » invalide : écrivez nom=valeur"
            )
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

    def warnings(self, args: BlockArgs, ctx: BlockContext) -> list[str]:
        """French messages for what the block will draw poorly (checked options only)."""
        return []

    def build(self, args: BlockArgs, ctx: BlockContext) -> list[DataNode]:
        raise NotImplementedError
