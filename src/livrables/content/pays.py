"""Countries by their French name or ISO 3166 code, for the partners' map.

The table comes from the `i18n-iso-countries` package (MIT, `data/cartes/`): ISO alpha-2,
alpha-3 and numeric codes, and the French names. The map's shapes (`world-atlas`, Natural
Earth, public domain) are keyed by the numeric code.
"""

from __future__ import annotations

import json
import unicodedata
from importlib import resources

from livrables.caches import PACKAGE, process_cache

MAP_DATA = resources.files("livrables") / "data" / "cartes"
FRANCE = "250"
ALIASES = {"États-Unis": "840", "USA": "840", "Russie": "643", "Vietnam": "704"}


def _key(name: str) -> str:
    """ "Sénégal", "senegal", "SÉNÉGAL " -> "senegal"; apostrophes and dashes made plain."""
    text = unicodedata.normalize("NFKD", name.strip().lower())
    text = "".join(c for c in text if not unicodedata.combining(c))
    return text.replace("’", "'").replace("-", " ")


@process_cache(PACKAGE)
def _table() -> dict[str, str]:
    """Every accepted spelling -> the numeric code."""
    codes = json.loads((MAP_DATA / "codes-pays.json").read_text("utf-8"))
    names = json.loads((MAP_DATA / "noms-pays-fr.json").read_text("utf-8"))["countries"]
    table: dict[str, str] = {}
    for alpha2, alpha3, numeric, _ in codes:
        table[alpha2.lower()] = numeric
        table[alpha3.lower()] = numeric
        table[numeric] = numeric
        french = names.get(alpha2)
        for name in french if isinstance(french, list) else [french] if french else []:
            table[_key(name)] = numeric
    table.update({_key(name): numeric for name, numeric in ALIASES.items()})
    return table


def country_code(name_or_code: str) -> str | None:
    """The ISO 3166 numeric code of a country named in French or by its code; None if unknown."""
    return _table().get(_key(name_or_code))
