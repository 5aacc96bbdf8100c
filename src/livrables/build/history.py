"""The revision table of a deliverable (`historique: true`), from the git log of its file."""

from __future__ import annotations

from markdown_it.token import Token

from livrables.blocks.nodes import Column, Heading, Node, Note, Table
from livrables.build.gitinfo import Stamp
from livrables.markdown.directives import BLOCK_TOKEN
from livrables.markdown.typography import format_date


def history_token(stamp: Stamp, git_available: bool) -> Token:
    """A block token drawn at the end of the document, like any block."""
    nodes: list[Node] = [Heading("Historique du document", level=1)]
    if not git_available:
        nodes.append(Note("Historique indisponible : ce dossier n’est pas suivi par git."))
    elif not stamp.history:
        nodes.append(Note("Ce document n’a pas encore été enregistré."))
    else:
        rows = [[format_date(c.date), c.author, c.subject] for c in stamp.history]
        columns = [Column("Date", 1.0), Column("Auteur", 1.2), Column("Modification", 3.0)]
        nodes.append(Table(columns, rows, kind="historique"))
    token = Token(BLOCK_TOKEN, "div", 0, info="historique")
    token.meta = {"nodes": nodes}
    return token
