"""The revision table of a deliverable (`historique: true`), from the git log of its file."""

from __future__ import annotations

from livrables.document.nodes import Block, BlockCall, Column, Heading, Note, Table
from livrables.document.typography import format_date
from livrables.pipeline.gitinfo import Stamp


def history_block(stamp: Stamp, git_available: bool) -> BlockCall:
    """A block added at the end of the document, drawn like any block."""
    nodes: list[Block] = [Heading("Historique du document", level=1)]
    if not git_available:
        nodes.append(Note("Historique indisponible : ce dossier n’est pas suivi par git."))
    elif not stamp.history:
        nodes.append(Note("Ce document n’a pas encore été enregistré."))
    else:
        rows = [[format_date(c.date), c.author, c.subject] for c in stamp.history]
        columns = [Column("Date", 1.0), Column("Auteur", 1.2), Column("Modification", 3.0)]
        nodes.append(Table(columns, rows, kind="historique"))
    return BlockCall("historique", "", nodes)
