"""French typography: no-break spaces before high punctuation, typographic apostrophe, dates.

Applied to prose text only, never inside code: the typography filter runs `french()` over the
document tree, so every writer gets the same text.
"""

from __future__ import annotations

import datetime as dt
import re

from livrables.caches import PURE, process_cache
from livrables.i18n import current, is_source

NNBSP = "\u202f"  # narrow no-break space: before ; ! ? and inside « »
NBSP = "\u00a0"  # no-break space: before :

_HIGH = re.compile(r"(?<=[\w)\]»’.…])[ \u00a0\u202f]*([;!?]+)(?=\s|$|[)\]»,.;!?])")
_COLON = re.compile(r"(?<=[\w)\]»’])[ \u00a0\u202f]*:(?=\s|$)")
_OPEN_QUOTE = re.compile(r"«[ \u00a0\u202f]*")
_CLOSE_QUOTE = re.compile(r"[ \u00a0\u202f]*»")
_APOSTROPHE = re.compile(r"(?<=\w)'(?=\w)")
# "1 %", "36 000 €", "n° 12": the sign stays with its number, the thousands stay together
_UNIT = re.compile(r"(?<=\d)[ \u00a0](?=(?:%|€|k€|M€)(?!\w))")
_THOUSANDS = re.compile(
    r"(?:(?<=\b\d)|(?<=\b\d\d)|(?<=\b\d\d\d))[ \u00a0](?=\d{3}\b)"  # 1 200, 36 000, 120 000
)
_NUMERO = re.compile(r"(?<=\bn°) (?=\d)")
_URL = re.compile(r"\b(?:https?|ftp|mailto):\S+|\bwww\.\S+")

MOIS = (
    "janvier",
    "février",
    "mars",
    "avril",
    "mai",
    "juin",
    "juillet",
    "août",
    "septembre",
    "octobre",
    "novembre",
    "décembre",
)


def french(text: str) -> str:
    """Apply French typography to a piece of prose (URLs inside it are left alone); in another
    language's output, the text as its translator wrote it."""
    if not text or not is_source():
        return text
    return _french(text)


@process_cache(PURE, maxsize=65536)
def _french(text: str) -> str:
    """Cached: a mission prints the same labels and column titles many times."""
    parts = _URL.split(text)
    urls = _URL.findall(text)
    out = [_french_plain(parts[0])]
    for url, part in zip(urls, parts[1:], strict=True):
        out.append(url)
        out.append(_french_plain(part))
    return "".join(out)


def _french_plain(text: str) -> str:
    text = _APOSTROPHE.sub("’", text)
    text = _THOUSANDS.sub(NNBSP, text)
    text = _UNIT.sub(NNBSP, text)
    text = _NUMERO.sub(NBSP, text)
    text = _HIGH.sub(lambda m: NNBSP + m.group(1), text)
    text = _COLON.sub(NBSP + ":", text)
    text = _OPEN_QUOTE.sub("«" + NNBSP, text)
    return _CLOSE_QUOTE.sub(NNBSP + "»", text)


def format_date(value: dt.date) -> str:
    """2026-03-01 -> "1er mars 2026" (in English "1 March 2026")."""
    if not is_source():
        from babel.dates import format_date as babel_date

        return babel_date(value, "long", locale=current().babel)
    day = "1er" if value.day == 1 else str(value.day)
    return f"{day} {MOIS[value.month - 1]} {value.year}"


def format_number(value: float) -> str:
    """12500 -> "12 500", 0.5 -> "0,5" (narrow no-break space between thousands)."""
    if not is_source():
        from babel.numbers import format_decimal

        return format_decimal(value, "#,##0.##", locale=current().babel)
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, int):
        return f"{value:,}".replace(",", NNBSP)
    whole, _, decimals = f"{value:,.2f}".rstrip("0").partition(".")
    return whole.replace(",", NNBSP) + ("," + decimals if decimals else "")
