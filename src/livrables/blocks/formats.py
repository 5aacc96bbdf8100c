"""How values are written in the documents: money, periods, hours, in French (and in the
language of the output, by Babel's CLDR data, when it is another)."""

from __future__ import annotations

import datetime as dt

from livrables.document.typography import NBSP, format_date, format_number
from livrables.i18n import current, is_source, t, tf

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
    if value is None:
        return "—"
    if not is_source():
        from babel import Locale
        from babel.numbers import format_currency

        locale = current().babel
        pattern = Locale.parse(locale).currency_formats["standard"].pattern
        if float(value).is_integer():  # whole euros, as budgets are written
            pattern = pattern.replace(".00", "")
        return format_currency(value, "EUR", pattern, locale=locale, currency_digits=False)
    return f"{format_number(value)}{NBSP}€"


def month(value: dt.date) -> str:
    if not is_source():
        from babel.dates import format_date as babel_date

        return babel_date(value, "MMM y", locale=current().babel)
    return f"{MOIS_COURTS[value.month - 1]} {value.year}"


def period(start: dt.date | None, end: dt.date | None) -> str:
    if start and end:
        return f"{month(start)} – {month(end)}"
    if start:
        return tf("dès {mois}", mois=month(start))
    if end:
        return tf("jusqu’à {mois}", mois=month(end))
    return t("à planifier")


def hour(value: str) -> str:
    """ "09:30" -> "9 h 30", "14:00" -> "14 h"."""
    hours, minutes = value.split(":")
    if not is_source():
        from babel.dates import format_time

        moment = dt.time(int(hours), int(minutes))
        return format_time(moment, "short", locale=current().babel)
    return f"{int(hours)}{NBSP}h" + (f"{NBSP}{minutes}" if minutes != "00" else "")


def day(value: dt.date) -> str:
    if not is_source():
        from babel.dates import format_date as babel_date

        return babel_date(value, "full", locale=current().babel)
    jours = ("lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche")
    return f"{jours[value.weekday()]} {format_date(value)}"
