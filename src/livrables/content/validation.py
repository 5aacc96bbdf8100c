"""Validating located YAML data against a model, with every error in French at its position."""

from __future__ import annotations

import calendar
import difflib
import re
import unicodedata
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError
from pydantic_core import ErrorDetails

from livrables.content.yamlload import Loc, Located
from livrables.document.typography import MOIS
from livrables.errors import Report

M = TypeVar("M", bound=BaseModel)


def validate(model: type[M], located: Located, report: Report, base: Loc = ()) -> M | None:
    """Validate `located.data` (or the part at `base`) as `model`; report errors, else return it."""
    data: Any = located.data
    for part in base:
        data = data[part]
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        errors = exc.errors(include_url=False)
        misspelt = _misspelt_keys(errors, model)
        for error in errors:
            if error["type"] == "missing" and error["loc"] in misspelt:
                continue  # "clé inconnue « unit » (vouliez-vous dire « unite » ?)" says it all
            loc = (*base, *error["loc"])
            if error["type"] == "extra_forbidden":
                line, col = located.key_position(loc)
            else:
                line, col = located.position(loc)
            message = french_message(error, model, base)
            report.error(located.path, line, col, f"{field_path(loc)} : {message}")
        return None


def _misspelt_keys(errors: list[ErrorDetails], model: type[BaseModel]) -> set[Loc]:
    """Locations of missing keys that an unknown key next to them is a typo of."""
    found: set[Loc] = set()
    for error in errors:
        if error["type"] != "extra_forbidden":
            continue
        loc = error["loc"]
        close = difflib.get_close_matches(str(loc[-1]), _allowed_keys(model, loc), 1, 0.6)
        if close:
            found.add((*loc[:-1], close[0]))
    return found


def field_path(loc: Loc) -> str:
    """("actions", 3, "pilote") -> "actions[3].pilote", the way the consultant reads the file."""
    text = ""
    for part in loc:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else str(part))
    return text or "(fichier)"


def quote(value: Any, limit: int = 60) -> str:
    text = str(value)
    if len(text) > limit:
        text = text[: limit - 1] + "…"
    return f"« {text} »"


_INVISIBLE = re.compile("[\u200b-\u200d\u2060\ufeff\u00ad]")


# characters that look like those an id allows, named, and what to type instead
_DASHES = {
    "\u2010": "un trait d'union typographique",
    "\u2011": "un trait d'union insécable",
    "\u2012": "un tiret numérique",
    "\u2013": "un tiret demi-cadratin",
    "\u2014": "un tiret cadratin",
    "\u2212": "un signe moins",
}
_SPACES = {" ": "une espace", "\u00a0": "une espace insécable", "\u202f": "une espace fine"}


def lookalike(value: str) -> str:
    """What is wrong in an id that looks right: its first character an id cannot hold, named
    with its position and what to type instead ("" when none)."""
    for index, char in enumerate(value, 1):
        if re.match(r"[A-Za-z0-9_.-]", char):
            continue
        nth = f"son {index}{'er' if index == 1 else 'e'} caractère"
        code = f"U+{ord(char):04X}"
        if char in _DASHES:
            return (
                f"{nth} est {_DASHES[char]} ({code}), qui ressemble à « - » sans en être un ; "
                "tapez « - » à sa place"
            )
        if char in _SPACES:
            return f"{nth} est {_SPACES[char]} ({code}) : un identifiant n'en a pas, écrivez « - »"
        base = unicodedata.normalize("NFD", char)[0]
        if base != char and re.match(r"[A-Za-z]", base):
            return f"{nth} « {char} » est accentué : écrivez « {base} »"
        return (
            f"{nth} « {char} » ({code}) n'est pas permis : lettres sans accent, chiffres, « - », "
            "« _ » ou « . »"
        )
    return ""


def suggest(word: str, choices: list[str], cutoff: float = 0.6) -> str:
    """ " (vouliez-vous dire « pilote » ?)" when a close choice exists, else "": the same
    word in other capitals, or with an invisible character, comes first. Ids share their
    prefix (« ORG- »): they are compared with a higher `cutoff`, a typo's, never a guess."""
    visible = _INVISIBLE.sub("", word)
    if visible != word and visible in choices:
        return f" (il contient un caractère invisible : vouliez-vous dire « {visible} » ?)"
    dashed = "".join("-" if c in _DASHES else c for c in visible)
    if dashed != visible and dashed in choices:
        odd = next(c for c in visible if c in _DASHES)
        return (
            f" (il contient {_DASHES[odd]}, U+{ord(odd):04X}, qui ressemble à « - » : "
            f"vouliez-vous dire « {dashed} » ?)"
        )
    folded = {choice.casefold(): choice for choice in choices}
    if visible.casefold() in folded:
        same = folded[visible.casefold()]
        return f" (majuscules et minuscules comptent : vouliez-vous dire « {same} » ?)"
    close = difflib.get_close_matches(word, choices, n=1, cutoff=cutoff)
    return f" (vouliez-vous dire « {close[0]} » ?)" if close else ""


def _allowed_keys(model: type[BaseModel], loc: tuple[Any, ...]) -> list[str]:
    """The keys the model accepts at `loc` (following nested models and lists)."""
    current: Any = model
    for part in loc[:-1]:
        if isinstance(part, int):
            continue
        fields = getattr(current, "model_fields", {})
        if part not in fields:
            return []
        current = _inner_model(fields[part].annotation)
        if current is None:
            return []
    return list(getattr(current, "model_fields", {}))


def _inner_model(annotation: Any) -> type[BaseModel] | None:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    for arg in getattr(annotation, "__args__", ()):
        found = _inner_model(arg)
        if found is not None:
            return found
    return None


def french_message(error: ErrorDetails, model: type[BaseModel], base: Loc = ()) -> str:
    kind = error["type"]
    value = error.get("input")
    ctx = error.get("ctx") or {}
    if kind == "missing":
        return "clé obligatoire manquante"
    if kind == "extra_forbidden":
        key = str(error["loc"][-1])
        return "clé inconnue" + suggest(key, _allowed_keys(model, error["loc"]))
    if kind in {"string_type"}:
        if isinstance(value, dict) and len(value) == 1:
            return (
                "texte attendu, mais « : » suivi d'une espace fait de cette ligne un "
                "dictionnaire : mettez le texte entre guillemets"
            )
        return f"texte attendu, {_describe(value)} trouvé"
    if kind in {"string_too_short"}:
        return "texte vide"
    if kind in {"string_too_long"}:
        return f"texte trop long (plus de {ctx.get('max_length')} caractères)"
    if kind == "string_pattern_mismatch":
        rule = "lettres sans accent, chiffres, « - », « _ » ou « . », en commençant par une lettre"
        return f"identifiant {quote(value)} invalide : " + (lookalike(str(value)) or rule)
    if kind in {"int_type", "int_parsing", "float_type", "float_parsing", "int_from_float"}:
        return f"nombre attendu, {quote(value)} trouvé"
    if kind in {"bool_type", "bool_parsing"}:
        return f"oui ou non attendu, {quote(value)} trouvé"
    if kind.startswith("date") or kind.startswith("datetime"):
        impossible = _impossible_date(value)
        if impossible:
            return impossible
        return f"date invalide {quote(value)} : format attendu AAAA-MM-JJ (par exemple 2026-03-31)"
    if kind == "literal_error":
        choices = [c.strip(" '\"") for c in re.split(r",| or ", str(ctx.get("expected", "")))]
        hint = suggest(str(value), choices)
        listed = ", ".join(quote(c) for c in choices if c)
        return f"valeur {quote(value)} invalide{hint} : valeurs possibles {listed}"
    if kind == "list_type":
        return f"liste attendue (éléments précédés de « - »), {_describe(value)} trouvé"
    if kind in {"dict_type", "model_type", "model_attributes_type"}:
        return f"dictionnaire attendu (lignes « clé: valeur »), {_describe(value)} trouvé"
    if kind == "too_short":
        return f"au moins {ctx.get('min_length')} élément(s) attendu(s)"
    if kind == "too_long":
        return f"au plus {ctx.get('max_length')} élément(s) permis"
    if kind in {"greater_than_equal", "greater_than", "less_than_equal", "less_than"}:
        bound = next(iter(ctx.values()), "")
        sign = {"greater_than_equal": "≥", "greater_than": ">", "less_than_equal": "≤"}.get(
            kind, "<"
        )
        return f"valeur {quote(value)} invalide : doit être {sign} {bound}"
    if kind == "value_error":
        return str(ctx.get("error", "valeur invalide"))
    return f"valeur {quote(value)} invalide"


def _describe(value: Any) -> str:
    if value is None:
        return "rien"
    if isinstance(value, dict):
        return "un dictionnaire"
    if isinstance(value, list):
        return "une liste"
    if isinstance(value, bool):
        return quote("true" if value else "false")
    return quote(value)


def _impossible_date(value: Any) -> str | None:
    """ "2027-02-30" is well written but names no day: say that, not "wrong format"."""
    match = re.fullmatch(r"\s*(\d{4})-(\d{1,2})-(\d{1,2})\s*", str(value))
    if match is None:
        return None
    year, month, day = (int(g) for g in match.groups())
    if not 1 <= month <= 12:
        return f"date impossible {quote(value)} : il n'y a pas de mois {month} (de 1 à 12)"
    last = calendar.monthrange(year, month)[1]
    if 1 <= day <= last:
        return None
    name = MOIS[month - 1]
    return f"date impossible {quote(value)} : {name} {year} n'a que {last} jours"
