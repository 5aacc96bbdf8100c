"""`livrables new`: a new mission folder that builds at once, for the consultant to fill in.

The folder is written under a temporary name and renamed when complete, so an interrupted
command leaves nothing half-created; an existing mission is never touched.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import shutil
import tempfile
from pathlib import Path

from livrables.deliverables import TYPES
from livrables.errors import display_path
from livrables.pipeline.project import Project
from livrables.schemas import modeline

SLUG = re.compile(r"^[a-z0-9][a-z0-9-]{0,62}$")

MISSION = """# La mission : la collectivité cliente, les consultants, les dates, les modules.
collectivite:
  nom: {nom}
  type: {type}
intitule: Accompagnement à la définition de l'action internationale
consultants:
  - nom: À compléter
    role: Chef ou cheffe de mission
debut: {debut}
modules: [comprendre, positionnement, structurer, relations, evaluer]
"""

REFERENTIEL = {
    "services.yaml": """# Les services de la collectivité. Chaque élément a un identifiant (id)
# stable, utilisé partout ailleurs pour le désigner.
services:
  - id: SRV-DG
    nom: Direction générale des services
    sigle: DGS
""",
    "objectifs.yaml": """# L'arbre des objectifs : un objectif global, des objectifs spécifiques
# (parent:), des résultats attendus.
objectifs:
  - id: OBJ-G
    niveau: global
    intitule: Objectif global à formuler avec les élus
  - id: OBJ-1
    niveau: specifique
    parent: OBJ-G
    intitule: Premier objectif spécifique à formuler
""",
    "indicateurs.yaml": """# Les indicateurs de suivi : unité, valeur de départ, cible datée,
# source, fréquence et service responsable.
indicateurs:
  - id: IND-1
    intitule: Indicateur à définir
    objectif: OBJ-1
    unite: unités
    valeur_initiale: 0
    cible:
      valeur: 1
      date: {cible}
    source: À préciser
    frequence: annuelle
    responsable: SRV-DG
# Exemple (enlevez les « # ») : les mesures de l'indicateur, au fil du suivi
#     mesures:
#       - date: {debut}
#         valeur: 1
  - id: IND-G
    intitule: Indicateur de l'objectif global à définir
    objectif: OBJ-G
    unite: unités
    valeur_initiale: 0
    cible:
      valeur: 1
      date: {cible}
    source: À préciser
    frequence: annuelle
    responsable: SRV-DG
""",
    "actions.yaml": """# Le plan d'actions : objectifs servis, pilote, rôles (RACI), dates, budget.
actions:
  - id: ACTION-1
    intitule: Première action à définir
    objectifs: [OBJ-1]
    pilote: SRV-DG
    debut: {debut}
    fin: {cible}
    contributeurs:
      - {{service: SRV-DG, role: A}}
      - {{service: SRV-DG, role: R}}
    # jalons:   # les dates à ne pas manquer, en losanges sur le calendrier (::: graphique gantt)
    #   - {{date: {debut}, intitule: Signature de la convention}}
""",
    "acteurs.yaml": """# Les acteurs du territoire (associations, écoles ...).
acteurs: []
# Exemple (enlevez les « # » et remplacez « [] » ci-dessus) :
# acteurs:
#   - id: ORG-LYCEE
#     nom: Lycée agricole de la commune
#     categorie: etablissement-scolaire
#     description: Organise chaque année un stage d'élèves à l'étranger.
#     domaines: [formation, agriculture]
""",
    "territoires.yaml": """# Les territoires partenaires à l'étranger.
territoires: []
# Exemple (enlevez les « # » et remplacez « [] » ci-dessus) :
# territoires:
#   - id: TER-PARTENAIRE
#     nom: Commune partenaire
#     pays: Sénégal
#     statut_apd: pma
#     coordonnees: 14.69, -17.44   # latitude, longitude : pour la carte des partenaires
#     description: Commune rurale, partenaire de la coopération sur l'eau.
""",
    "personnes.yaml": """# Les personnes ressources (données personnelles : source, base légale,
# date d'information et durée de conservation obligatoires).
personnes: []
# Exemple (enlevez les « # » et remplacez « [] » ci-dessus) :
# personnes:
#   - id: PER-CONTACT
#     nom: Prénom Nom
#     fonction: Secrétaire générale de la mairie partenaire
#     email: contact@exemple.example
#     source: Rencontre lors d'une mission technique
#     base_legale: interet-legitime
#     informee_le: {debut}
#     conservation_jusqu_au: {cible}
""",
    "actions_existantes.yaml": """# L'inventaire des actions internationales existantes.
actions_existantes: []
# Exemple (enlevez les « # » et remplacez « [] » ci-dessus) :
# actions_existantes:
#   - id: AE-JUMELAGE
#     intitule: Jumelage avec une ville européenne
#     type: jumelage
#     porteur: SRV-DG
#     convention: oui
#     budget_annuel: 6000
#     depuis: 1998
""",
}


class ScaffoldError(Exception):
    """Why the mission cannot be created, in French; `usage` for a badly typed command."""

    def __init__(self, message: str, usage: bool = False) -> None:
        super().__init__(message)
        self.usage = usage


def create_mission(project: Project, slug: str, nom: str, type_: str, today: dt.date) -> Path:
    if not SLUG.match(slug):
        raise ScaffoldError(
            f"nom de mission « {slug} » invalide : minuscules sans accent, chiffres et « - » "
            "(par exemple ville-de-brune-2027)",
            usage=True,
        )
    if not nom.strip():
        raise ScaffoldError("le nom de la collectivité est vide", usage=True)
    target = project.content / slug
    if target.exists():
        raise ScaffoldError(f"{display_path(target)} existe déjà : rien n'a été modifié")
    project.content.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{slug}.", dir=project.content))
    try:
        _write(staging, nom.strip(), type_, today, target)
        staging.rename(target)  # fails if the folder appeared meanwhile: nothing overwritten
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    return target


def _write(root: Path, nom: str, type_: str, today: dt.date, final: Path) -> None:
    """Write the new mission into `root`, a staging folder renamed to `final` afterwards."""
    project_root = final.parent.parent
    quoted = json.dumps(nom, ensure_ascii=False)  # a JSON string is a valid YAML scalar
    mission_line = modeline("mission.schema.json", final / "mission.yaml", project_root)
    (root / "mission.yaml").write_text(
        mission_line + MISSION.format(nom=quoted, type=type_, debut=today.isoformat()),
        encoding="utf-8",
    )
    (root / "referentiel").mkdir()
    target = dt.date(today.year + 3, 12, 31).isoformat()
    ref_line = modeline("referentiel.schema.json", final / "referentiel" / "x.yaml", project_root)
    for name, text in REFERENTIEL.items():
        (root / "referentiel" / name).write_text(
            ref_line + text.format(cible=target, debut=today.isoformat()), encoding="utf-8"
        )
    (root / "livrables").mkdir()
    for kind in TYPES.values():
        (root / "livrables" / f"{kind.name}.md").write_text(kind.skeleton, encoding="utf-8")
    (root / "images").mkdir()
    (root / "images" / "LISEZMOI.txt").write_text(
        "Placez ici les images des livrables (PNG ou JPEG), puis insérez-les dans le texte :\n"
        '![Description de l\'image](../images/mon-image.png "Légende")\n',
        encoding="utf-8",
    )
