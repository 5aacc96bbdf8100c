"""How values are written in the documents: money, periods, hours, in French."""

from __future__ import annotations

import datetime as dt

from livrables.document.typography import NBSP, format_date, format_number

MOIS_COURTS = (
    "janv.",
    "févr.",
    "mars",
    "avr.",
    "mai",
    "juin",
    "juil.",
    "août",
    "sept.",
    "oct.",
    "nov.",
    "déc.",
)


def euros(value: float | None) -> str:
    return "—" if value is None else f"{format_number(value)}{NBSP}€"


def month(value: dt.date) -> str:
    return f"{MOIS_COURTS[value.month - 1]} {value.year}"


def period(start: dt.date | None, end: dt.date | None) -> str:
    if start and end:
        return f"{month(start)} – {month(end)}"
    if start:
        return f"dès {month(start)}"
    if end:
        return f"jusqu’à {month(end)}"
    return "à planifier"


def hour(value: str) -> str:
    """ "09:30" -> "9 h 30", "14:00" -> "14 h"."""
    hours, minutes = value.split(":")
    return f"{int(hours)}{NBSP}h" + (f"{NBSP}{minutes}" if minutes != "00" else "")


def day(value: dt.date) -> str:
    jours = ("lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche")
    return f"{jours[value.weekday()]} {format_date(value)}"
