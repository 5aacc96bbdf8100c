"""The revision table of a deliverable (`historique:` in its front matter).

Its descriptions are what the consultant wrote for the client; with `historique: oui`, git
supplies versions and dates only. A commit message is never printed.
"""

from __future__ import annotations

from livrables.content.models import Revision
from livrables.document.nodes import Block, BlockCall, Column, Heading, Note, Table
from livrables.document.typography import format_date
from livrables.pipeline.gitinfo import GitInfo, Stamp


def history_block(written: bool | list[Revision], stamp: Stamp, git: GitInfo) -> BlockCall:
    """A block added at the end of the document, drawn like any block."""
    nodes: list[Block] = [Heading("Historique du document", level=1)]
    if isinstance(written, list):
        rows = [[r.version, format_date(r.date), r.description] for r in written]
        columns = [Column("Version", 0.8), Column("Date", 1.2), Column("Modifications", 3.6)]
        nodes.append(Table(columns, rows, kind="historique"))
    elif not git.available:
        nodes.append(Note("Historique indisponible : ce dossier n’est pas suivi par git."))
    elif git.shallow:
        nodes.append(Note("Historique indisponible : la copie du dépôt est incomplète."))
    elif not stamp.history:
        nodes.append(Note("Ce document n’a pas encore été enregistré."))
    else:
        count = len(stamp.history)
        rows = [[str(count - i), format_date(c.date)] for i, c in enumerate(stamp.history)]
        nodes.append(Table([Column("Version", 1.0), Column("Date", 2.0)], rows, kind="historique"))
    return BlockCall("historique", "", nodes)
