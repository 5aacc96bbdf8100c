"""Container directives: boxes whose content is the consultant's own Markdown.

Each has a title shown above its content (or none), a Word style and a CSS class. The
communication kit's pieces are containers too: ready-to-copy text in a box of its own.
"""

from __future__ import annotations

from dataclasses import dataclass

from markdown_it.token import Token

from livrables.markdown.parser import directive_args


@dataclass(frozen=True)
class Container:
    title: str  # "" for none
    style: str  # Word paragraph style of its content; its title uses style + "Titre"
    css: str
    count: bool = False  # show the length of the text (social posts)


CONTAINERS: dict[str, Container] = {
    "encadre": Container("", "Encadre", "encadre"),
    "a-retenir": Container("À retenir", "ARetenir", "a-retenir"),
    "interne": Container("Note interne — ne pas diffuser", "Interne", "interne"),
    "communique": Container("Communiqué de presse — prêt à copier", "ACopier", "a-copier"),
    "article": Container(
        "Article pour le magazine ou le site — prêt à copier", "ACopier", "a-copier"
    ),
    "publication": Container(
        "Publication pour les réseaux sociaux", "ACopier", "a-copier", count=True
    ),
    "note-agents": Container(
        "Note d’information aux agents — prête à copier", "ACopier", "a-copier"
    ),
}
OPTIONS = {"publication": {"reseau"}}


def title_of(tokens: list[Token], index: int, name: str) -> str:
    """The title shown for the container opened at `index` (with its length for a post)."""
    container = CONTAINERS[name]
    title = container.title
    reseau = dict(
        part.split("=", 1) for part in directive_args(tokens[index]).split() if "=" in part
    ).get("reseau")
    if reseau:
        title += f" — {reseau}"
    if container.count:
        title += f" ({_text_length(tokens, index)} caractères)"
    return title


def _text_length(tokens: list[Token], index: int) -> int:
    """Characters of the text inside the container: what a social network counts."""
    depth = 0
    paragraphs = []
    for token in tokens[index:]:
        depth += token.nesting if token.type.startswith("container_") else 0
        if depth == 0:
            break
        if token.type == "inline":
            paragraphs.append(
                "".join(c.content if c.type != "softbreak" else " " for c in token.children or [])
            )
    return len("\n\n".join(paragraphs))
