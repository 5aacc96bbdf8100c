"""What the cover, header and footer show: computed once by the pipeline for every writer."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from livrables.i18n import t, tf


@dataclass(frozen=True)
class DocumentContext:
    titre: str
    sous_titre: str
    type_label: str
    module: str
    collectivite: str
    mission: str
    date: str
    day: dt.date | None  # the same date, for document properties
    version: str
    statut: str
    diffusion: str  # "Diffusion : client" / "Diffusion interne"
    brouillon: str  # "BROUILLON — modifications non enregistrées", or ""
    interne: bool
    fictive: str  # the warning for a fictional authority, or ""
    cabinet: str
    signature: str
    contact: str
    mentions: str  # the firm's legal mentions
    pied: str
    logo: Path | None
    logo_client: Path | None
    lieu: str = ""  # where a deck is presented
    source: str = ""  # "mission/livrable": what a reviewed DOCX is matched back to
    langue: str = "fr-FR"  # the output's language (BCP 47), declared in every file
    rtl: bool = False  # written right to left (Arabic)

    @property
    def html_lang(self) -> str:
        """The page's `lang`: "fr" for French, as the pages always said; else the tag."""
        return "fr" if self.langue == "fr-FR" else self.langue

    @property
    def references(self) -> str:
        parts = [self.date]
        if self.version:
            parts.append(tf("Version {version}", version=t(self.version)))
        parts.append(self.statut)
        return " · ".join(parts)
