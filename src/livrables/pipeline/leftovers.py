"""What a deliverable would print that the consultant has not written yet: the scaffold's texts
drawn from the referential by its blocks (« Indicateur à définir »), and the notes a block
prints where the front matter leaves it empty (« La première rencontre reste à organiser. »).

Measured on the client's tree, as the writers will print it: a warning at the block's line
while the deliverable is being written, an error once it is `valide` or being sent."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator, Sequence

from livrables.content.grammar import PLACEHOLDERS
from livrables.content.mission import Livrable, Mission
from livrables.document.data import Note
from livrables.document.nodes import BlockCall, Node
from livrables.document.walk import walk_blocks
from livrables.errors import Report
from livrables.pipeline.tree import filtered_tree


def check_leftovers(
    mission: Mission, report: Report, livrables: list[Livrable] | None = None, sending: bool = False
) -> None:
    """The notes with something left to write, always; the scaffold's texts drawn from
    elsewhere (the referential) once the deliverable is `valide` or being sent (before, the
    files that hold them say so at their lines)."""
    for livrable in mission.livrables if livrables is None else livrables:
        strict = sending or livrable.front.statut == "valide"
        say = report.error if strict else report.warning
        why = (
            "un livrable envoyé au client ne peut pas l'imprimer"
            if sending
            else "un livrable validé ne peut pas l'imprimer"
            if strict
            else "à compléter avant de valider le livrable"
        )
        own = _own_text(livrable)
        try:
            tree = filtered_tree(mission, livrable, internal=False)
        except Exception:  # noqa: BLE001 - a block that fails: the build reports it, in French
            continue
        for call in walk_blocks(tree):
            if not isinstance(call, BlockCall):
                continue
            seen: set[str] = set()
            for message in _leftovers(call, own if strict else None):
                if message not in seen:
                    seen.add(message)
                    say(livrable.path, call.line, 1, f"bloc « {call.name} » : {message} ; {why}")


def _own_text(livrable: Livrable) -> str:
    try:
        return livrable.path.read_text("utf-8")
    except (OSError, UnicodeDecodeError):
        return ""


def _leftovers(call: BlockCall, own: str | None) -> Iterator[str]:
    """What the block prints that is left to write; the scaffold's texts only with `own` (the
    deliverable's file: what it holds is reported at its own line)."""
    for node in _nodes(call.children):
        if isinstance(node, Note) and node.todo:
            yield f"la page dit « {node.text} » : {node.todo}"
    if own is None:
        return
    for text in _texts(call.children):
        match = PLACEHOLDERS.search(text)
        if match and text.lstrip("•– ").strip() not in own:
            shown = text if len(text) <= 80 else text[:79] + "…"
            yield (
                f"texte à remplacer « {shown} » laissé par « livrables new » (dans le "
                "référentiel ou mission.yaml, signalé à sa ligne)"
            )


def _nodes(children: Sequence[Node]) -> Iterator[Node]:
    for child in children:
        yield from walk_blocks(child)


def _texts(value: object) -> Iterator[str]:
    """Every string under `value`: fields of nodes, items of lists (a block drawn inside the
    block is checked as its own; a note with something left to write is said once, above)."""
    if isinstance(value, str):
        yield value
    elif isinstance(value, list | tuple):
        for item in value:
            yield from _texts(item)
    elif isinstance(value, BlockCall) or (isinstance(value, Note) and value.todo):
        return
    elif dataclasses.is_dataclass(value) and not isinstance(value, type):
        for field in dataclasses.fields(value):
            yield from _texts(getattr(value, field.name))
