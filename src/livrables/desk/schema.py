"""The JSON Schema of a referential file as the preview's forms draw it (json-editor): a
tab per item, selects for ids titled with their names, dates, numbers, tables for nested
lists and the RACI, French labels."""

from __future__ import annotations

from typing import Any

from livrables.content.entities import ENTITY_BY_KIND
from livrables.content.yamlload import Located
from livrables.desk.columns import (
    BOOL,
    DATE,
    ENUM,
    INTEGER,
    NUMBER,
    RAW,
    REF,
    REFS,
    TABLES,
    TEXTS,
    Column,
    Table,
)
from livrables.desk.workbook import Sources, value_at

LABELS = {
    "id": "Identifiant", "intitule": "Intitulé", "nom": "Nom", "sigle": "Sigle",
    "direction": "Direction", "role": "Rôle", "niveau": "Niveau", "parent": "Objectif parent",
    "description": "Description", "effets_ici": "Effets ici",
    "effets_partenaire": "Effets chez le partenaire", "hypotheses": "Hypothèses",
    "objectif": "Objectif", "action": "Action", "unite": "Unité",
    "valeur_initiale": "Valeur initiale", "cible": "Cible", "valeur": "Valeur", "date": "Date",
    "source": "Source", "frequence": "Fréquence", "responsable": "Service responsable",
    "critere": "Critère du CAD", "mesures": "Mesures", "categorie": "Catégorie",
    "echelle": "Échelle", "domaines": "Domaines", "site": "Site web", "pays": "Pays",
    "statut_apd": "Statut APD", "code_pays": "Code pays",
    "coordonnees": "Coordonnées (latitude, longitude)", "convention": "Convention",
    "signee_le": "Signée le", "objet": "Objet", "duree_ans": "Durée (ans)",
    "transmise_au_prefet_le": "Transmise au préfet le", "fonction": "Fonction",
    "organisation": "Organisation", "territoire": "Territoire", "email": "Courriel",
    "telephone": "Téléphone", "base_legale": "Base légale", "informee_le": "Informée le",
    "conservation_jusqu_au": "Conservée jusqu'au", "transfert_hors_ue": "Transfert hors UE",
    "type": "Type", "porteur": "Porteur", "budget_annuel": "Budget annuel (€)",
    "depuis": "Depuis (année)", "objectifs": "Objectifs servis", "pilote": "Service pilote",
    "contributeurs": "Rôles des services (RACI)", "service": "Service",
    "partenaires": "Partenaires", "debut": "Début", "fin": "Fin", "budget": "Budget (€)",
    "financements": "Financements", "montant": "Montant (€)", "statut": "Statut",
    "jalons": "Jalons",
}  # fmt: skip


def label(key: str) -> str:
    return LABELS.get(key, key.replace("_", " ").capitalize())


# --- the schema ------------------------------------------------------------------------------


def _field(column: Column, ids: dict[str, list[str]], names: dict[str, str]) -> dict[str, Any]:
    """The schema of one field; a reference's choices titled « SRV-ATT — Service … »."""
    title = label(column.key[-1])
    kind = column.kind
    if kind in (NUMBER, INTEGER):
        return {"type": "number" if kind == NUMBER else "integer", "title": title}
    if kind == DATE:
        return {"type": "string", "format": "date", "title": title}
    if kind == BOOL:
        return {"type": "boolean", "format": "checkbox", "title": title}
    if kind == ENUM:
        return {"type": "string", "enum": list(column.options), "title": title}
    if kind in (REF, REFS):
        choices = sorted({i for k in column.refs for i in ids.get(k, [])})
        titles = [f"{c} — {names[c]}" if names.get(c) else c for c in choices]
        one = {"type": "string", "enum": choices or [""], "options": {"enum_titles": titles}}
        if kind == REF:
            return {**one, "title": title}
        return {"type": "array", "uniqueItems": True, "items": one, "title": title}
    if kind == TEXTS:
        item = {"type": "string", "title": label(column.key[-1])[:-1] or title}
        return {"type": "array", "format": "table", "items": item, "title": title}
    text: dict[str, Any] = {"type": "string", "title": title}
    if kind == RAW:
        text["description"] = "Par exemple 14.69, -16.17"
    if column.key[-1] in ("description", "role", "objet"):
        text["format"] = "textarea"
    return text


def _object(
    columns: tuple[Column, ...], ids: dict[str, list[str]], names: dict[str, str]
) -> dict[str, Any]:
    properties: dict[str, Any] = {}
    required: list[str] = []
    for column in columns:
        target = properties
        for step in column.key[:-1]:
            target = target.setdefault(
                step, {"type": "object", "title": label(step), "properties": {}}
            )["properties"]
        target[column.key[-1]] = _field(column, ids, names)
        if column.required and len(column.key) == 1:
            required.append(column.key[0])
    return {"type": "object", "properties": properties, "required": required}


def entity_schema(table: Table, ids: dict[str, list[str]], names: dict[str, str]) -> dict[str, Any]:
    schema = _object(table.columns, ids, names)
    for child in table.children:
        item = _object(child.columns, ids, names)
        item["required"] = [c.key[0] for c in child.columns if c.required]
        schema["properties"][child.field] = {
            "type": "array", "format": "table", "title": label(child.field), "items": item,
        }  # fmt: skip
    if table.raci:
        services = sorted(ids.get("services", []))
        item = {
            "type": "object",
            "properties": {
                "service": {"type": "string", "enum": services or [""], "title": "Service"},
                "role": {"type": "string", "enum": ["R", "A", "C", "I"], "title": "Rôle"},
            },
            "required": ["service", "role"],
        }
        schema["properties"]["contributeurs"] = {
            "type": "array", "format": "table", "title": label("contributeurs"), "items": item,
        }  # fmt: skip
    schema["title"] = ENTITY_BY_KIND[table.kind].label.capitalize()
    schema["headerTemplate"] = "{{ self.id }}"
    return schema


def names_of(sources: Sources) -> dict[str, str]:
    """id -> what a choice shows beside it: a short name, a name or a title."""
    names = {}
    for _, items in sources.kinds().values():
        for item in items:
            if isinstance(item, dict) and item.get("id"):
                name = item.get("sigle") or item.get("nom") or item.get("intitule") or ""
                names[str(item["id"])] = str(name)[:60]
    return names


def all_ids(sources: Sources) -> dict[str, list[str]]:
    return {
        kind: [str(i.get("id")) for i in items if isinstance(i, dict) and i.get("id")]
        for kind, (_, items) in sources.kinds().items()
    }


def file_schema(located: Located, sources: Sources) -> dict[str, Any]:
    """The schema of one referential file: a list per kind it holds."""
    ids, names = all_ids(sources), names_of(sources)
    _dangling(located, ids)
    properties = {}
    for kind in located.data if isinstance(located.data, dict) else {}:
        if kind in TABLES:
            properties[kind] = {
                "type": "array",
                "format": "tabs",
                "title": label(kind),
                "items": entity_schema(TABLES[kind], ids, names),
            }
    return {"type": "object", "title": located.path.name, "properties": properties}


def _dangling(located: Located, ids: dict[str, list[str]]) -> None:
    """Ids the file names that the referential lacks, offered too: a select would replace a
    value it does not list by its first choice, silently."""
    for kind, items in (located.data or {}).items():
        table = TABLES.get(kind)
        if table is None or not isinstance(items, list):
            continue
        for item in items:
            for column in table.columns if isinstance(item, dict) else ():
                if column.kind not in (REF, REFS):
                    continue
                value = value_at(item, column.key)
                for one in value if isinstance(value, list) else [value]:
                    if isinstance(one, str) and column.refs:
                        ids.setdefault(column.refs[0], [])
                        if not any(one in ids.get(k, []) for k in column.refs):
                            ids[column.refs[0]].append(one)
