"""What a kind of chart is: its options (and their allowed values), its checks, its nodes."""

from __future__ import annotations

import datetime as dt
from typing import ClassVar

from livrables.blocks.base import BlockArgs, BlockContext
from livrables.content.models import month_of
from livrables.document.nodes import DataNode

TITLE = "titre"  # every kind takes a title of its own


class Kind:
    name: ClassVar[str]
    title: ClassVar[str]  # the default title
    # option -> the kind of entity it names (None: free text, checked by `choices`)
    options: ClassVar[dict[str, str | None]] = {}
    choices: ClassVar[dict[str, tuple[str, ...]]] = {}  # option -> its allowed values

    def problems(self, args: BlockArgs, ctx: BlockContext) -> list[str]:
        """Option values that cannot be used (beyond unknown options and entities)."""
        found = []
        for key, allowed in self.choices.items():
            value = args.values.get(key)
            if value is not None and value not in allowed:
                found.append(
                    f"graphique {self.name} : « {key}={value} » invalide "
                    f"(valeurs possibles : {', '.join(allowed)})"
                )
        return found

    def warnings(self, args: BlockArgs, ctx: BlockContext) -> list[str]:
        return []

    def build(self, args: BlockArgs, ctx: BlockContext) -> list[DataNode]:
        raise NotImplementedError

    def title_of(self, args: BlockArgs) -> str:
        return args.values.get(TITLE) or self.title


def month_option(value: str | None) -> dt.date | None:
    """ "2027-03" -> 2027-03-01; raises ValueError on anything else."""
    if value is None:
        return None
    month = month_of(value)
    if month is None:
        raise ValueError(f"mois « {value} » invalide : écrivez AAAA-MM (par exemple 2027-01)")
    return month
