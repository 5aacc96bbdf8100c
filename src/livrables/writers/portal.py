"""The portal writer: `build/<slug>/index.html`, the mission's deliverables with their versions."""

from __future__ import annotations

import datetime as dt
from urllib.parse import quote

import jinja2
from markupsafe import Markup

from livrables.brand.css import css_variables
from livrables.brand.marque import Marque
from livrables.content.mission import Livrable, Mission
from livrables.content.models import LIBELLES_STATUT
from livrables.document.directives import DIAPORAMA
from livrables.document.typography import format_date, french
from livrables.i18n import LANGUES


def render_portal(
    env: jinja2.Environment,
    mission: Mission,
    livrables: list[Livrable],
    marque: Marque,
    css: str,
    formats: tuple[str, ...],
    versions: dict[str, tuple[str, dt.date | None]],
    sent: dict[str, str] | None = None,
    present: set[str] | None = None,
    titles: dict[str, str] | None = None,
) -> str:
    """The deliverables listed, with the same version and date as printed on each of them.

    Links are relative paths, percent-encoded: a file name can never become another scheme
    (`javascript:`) or leave the folder. With `present` (the folder's file names), a file is
    linked only if it is there (a format not made this time may have been taken out).
    `titles`: the title of each deliverable made in another language, in that language."""

    def has(stem: str, ext: str, fmt: str) -> bool:
        return fmt in formats if present is None else f"{stem}.{ext}" in present

    rows = [
        {
            "titre": (titles or {}).get(livrable.stem) or french(livrable.front.titre),
            "langue": LANGUES[livrable.langue].native,
            "lang": LANGUES[livrable.langue].tag,
            "dir": "rtl" if LANGUES[livrable.langue].rtl else "ltr",
            "type": livrable.type.label,
            "statut": LIBELLES_STATUT[livrable.front.statut],
            "version": versions[livrable.stem][0],
            "date": format_date(d) if (d := versions[livrable.stem][1]) else "—",
            "html": _href(livrable.stem, "html") if has(livrable.stem, "html", "html") else None,
            "docx": _href(livrable.stem, office) if has(livrable.stem, office, "docx") else None,
            "bureautique": "PowerPoint" if office == "pptx" else "Word",
            "envoi": (sent or {}).get(livrable.stem, ""),  # « version 1.0 envoyée le … »
            "pdf": _href(livrable.stem, "pdf") if has(livrable.stem, "pdf", "pdf") else None,
        }
        for livrable in livrables
        for office in ["pptx" if livrable.type.name == DIAPORAMA else "docx"]
    ]
    shown = {key for row in rows for key in ("html", "docx", "pdf") if row[key]}
    return env.get_template("index.html.j2").render(
        mission=mission,
        collectivite=french(mission.info.collectivite.nom),
        intitule=french(mission.info.intitule),
        livrables=rows,
        langues=any(livrable.translated for livrable in livrables),
        marque=marque,
        accessible="html" in shown,  # the accessibility statement: the web pages are the twins
        has_pdf="pdf" in shown,
        has_office="docx" in shown,
        css=Markup(css_variables(marque) + css),  # noqa: S704 - the firm's own stylesheet
    )


def _href(stem: str, ext: str) -> str:
    return "./" + quote(f"{stem}.{ext}", safe="")
