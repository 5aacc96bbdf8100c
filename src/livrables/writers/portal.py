"""The portal writer: `build/<slug>/index.html`, the mission's deliverables with their versions."""

from __future__ import annotations

import datetime as dt

import jinja2
from markupsafe import Markup

from livrables.brand.css import css_variables
from livrables.brand.marque import Marque
from livrables.content.mission import Mission
from livrables.content.models import LIBELLES_STATUT
from livrables.document.typography import format_date, french


def render_portal(
    env: jinja2.Environment,
    mission: Mission,
    marque: Marque,
    css: str,
    formats: tuple[str, ...],
    versions: dict[str, tuple[str, dt.date | None]],
) -> str:
    """The deliverables with the same version and date as printed on each of them."""
    rows = [
        {
            "titre": french(livrable.front.titre),
            "type": livrable.type.label,
            "statut": LIBELLES_STATUT[livrable.front.statut],
            "version": versions[livrable.stem][0],
            "date": format_date(d) if (d := versions[livrable.stem][1]) else "—",
            "html": f"{livrable.stem}.html" if "html" in formats else None,
            "docx": f"{livrable.stem}.docx" if "docx" in formats else None,
        }
        for livrable in mission.livrables
    ]
    return env.get_template("index.html.j2").render(
        mission=mission,
        collectivite=french(mission.info.collectivite.nom),
        intitule=french(mission.info.intitule),
        livrables=rows,
        marque=marque,
        css=Markup(css_variables(marque) + css),  # noqa: S704 - the firm's own stylesheet
    )
