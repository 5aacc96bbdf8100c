"""What the cover, header and footer show, computed once for both formats."""

from __future__ import annotations

from pathlib import Path

from livrables.brand.marque import Marque
from livrables.content.mission import Livrable, Mission
from livrables.content.models import LIBELLES_STATUT, MODULE_LABELS
from livrables.document.meta import DocumentContext
from livrables.document.typography import format_date, french
from livrables.i18n import current, t
from livrables.pipeline.gitinfo import Stamp

DRAFT_MARK = "BROUILLON — modifications non enregistrées"


def document_context(
    livrable: Livrable,
    mission: Mission,
    marque: Marque,
    templates: Path,
    interne: bool,
    stamp: Stamp,
) -> DocumentContext:
    front = livrable.front
    collectivite = mission.info.collectivite
    is_internal = interne or front.diffusion == "interne"
    diffusion = t("Diffusion interne — ne pas transmettre" if is_internal else "Diffusion : client")
    fictive = ""
    if collectivite.fictive:
        fictive = t(
            "Collectivité fictive : ce document est un exemple de démonstration. Les noms, "
            "chiffres et situations décrits sont inventés."
        )
    contact = " · ".join(
        c for c in (marque.contact.site, marque.contact.email, marque.contact.telephone) if c
    )
    logo_client = None
    if mission.info.comarquage and collectivite.logo:
        logo_client = mission.root / collectivite.logo
    return DocumentContext(
        titre=french(front.titre),
        sous_titre=french(front.sous_titre or ""),
        type_label=t(livrable.type.label),
        module=t(MODULE_LABELS.get(getattr(front, "module", ""), livrable.type.module)),
        collectivite=french(collectivite.nom),
        mission=french(mission.info.intitule),
        date=format_date(stamp.date) if stamp.date else t("Date à préciser"),
        day=stamp.date,
        version=stamp.version,
        statut=t(LIBELLES_STATUT[front.statut]),
        diffusion=diffusion,
        brouillon=t(DRAFT_MARK) if stamp.draft else "",
        interne=is_internal,
        fictive=fictive,
        cabinet=french(marque.nom),
        signature=french(t(marque.signature or "")),
        contact=contact,
        mentions=french(t(marque.mentions_legales or "")),
        pied=french(" · ".join(p for p in (t(marque.pied_de_page or marque.nom), diffusion) if p)),
        logo=templates / marque.logo if marque.logo else None,
        logo_client=logo_client,
        lieu=french(getattr(front, "lieu", None) or ""),
        source=f"{mission.slug}/{livrable.stem}",
        langue=current().tag,
        rtl=current().rtl,
    )
