"""Splitting a deliverable file into its YAML front matter and its Markdown body."""

from __future__ import annotations

from dataclasses import dataclass

from livrables.content.source import SourceText
from livrables.errors import ContentError


@dataclass
class Split:
    front: str
    front_line_offset: int  # lines above the front matter's first line
    body: str
    body_line_offset: int  # lines above the body's first line


def split_front_matter(source: SourceText) -> Split:
    lines = source.text.split("\n")
    if lines[0].rstrip() != "---":
        raise ContentError.at(
            source.path,
            1,
            1,
            "en-tête YAML manquant : le fichier doit commencer par une ligne « --- », "
            "suivie de type:, titre:, statut:, puis d'une autre ligne « --- »",
        )
    for index in range(1, len(lines)):
        if lines[index].rstrip() in {"---", "..."}:
            front = "\n".join(lines[1:index])
            if not front.strip():
                raise ContentError.at(source.path, 1, 1, "en-tête YAML vide")
            body = "\n".join(lines[index + 1 :])
            return Split(front, 1, body, index + 1)
    raise ContentError.at(
        source.path, 1, 1, "en-tête YAML non refermé : ajoutez une ligne « --- » après l'en-tête"
    )
