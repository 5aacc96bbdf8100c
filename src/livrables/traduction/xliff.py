"""XLIFF 2.0 for translation agencies: the catalogues exported as one file (a `<file>` per
catalogue, a `<unit>` per entry), and their work read back into the catalogues.

What a PO entry holds travels both ways: the French (`source`), the translation (`target`),
its state (`initial` with the sub-state `livrables:fuzzy` for a translation to review), the old
French of a fuzzy entry and the translator's comment (as notes), where the text is written.
"""

from __future__ import annotations

from dataclasses import dataclass

import polib
from lxml import etree

from livrables.i18n import LANGUES

NS = "urn:oasis:names:tc:xliff:document:2.0"
FUZZY = "livrables:fuzzy"
_Q = f"{{{NS}}}"


def export(catalogues: dict[str, polib.POFile], langue: str) -> bytes:
    """`catalogues`: name (the `.po` file's stem) -> catalogue, in the order to export."""
    root = etree.Element(
        f"{_Q}xliff",
        nsmap={None: NS},
        version="2.0",
        srcLang=LANGUES["fr"].tag,
        trgLang=LANGUES[langue].tag,
    )
    for name, po in catalogues.items():
        file = etree.SubElement(root, f"{_Q}file", id=name, original=f"{name}.po")
        number = 0
        for entry in po:
            if entry.obsolete:
                continue
            number += 1
            unit = etree.SubElement(file, f"{_Q}unit", id=f"u{number}")
            notes = [("location", f"{path}:{line}") for path, line in entry.occurrences]
            if entry.previous_msgid:
                notes.append(("previous", entry.previous_msgid))
            if entry.tcomment:
                notes.append(("translator", entry.tcomment))
            if notes:
                holder = etree.SubElement(unit, f"{_Q}notes")
                for category, text in notes:
                    etree.SubElement(holder, f"{_Q}note", category=category).text = text
            segment = etree.SubElement(unit, f"{_Q}segment")
            if entry.fuzzy:
                segment.set("state", "initial")
                segment.set("subState", FUZZY)
            else:
                segment.set("state", "translated" if entry.msgstr else "initial")
            source = etree.SubElement(segment, f"{_Q}source")
            source.text = entry.msgid
            _keep_spaces(source)
            if entry.msgstr:
                target = etree.SubElement(segment, f"{_Q}target")
                target.text = entry.msgstr
                _keep_spaces(target)
    data: bytes = etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True)
    return data


def _keep_spaces(element: etree._Element) -> None:
    text = element.text or ""
    if text != text.strip() or "\n" in text or "  " in text:
        element.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")


@dataclass(frozen=True)
class Unit:
    catalogue: str
    source: str
    target: str
    fuzzy: bool
    previous: str
    comment: str


class XliffError(ValueError):
    """The file is not an XLIFF 2 file of ours (French message)."""


def read(data: bytes) -> tuple[str, list[Unit]]:
    """The target language and the units of an XLIFF 2 file."""
    parser = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False)
    try:
        root = etree.fromstring(data, parser)
    except etree.XMLSyntaxError as exc:
        raise XliffError(f"XML illisible ({exc})") from exc
    if root.tag != f"{_Q}xliff" or root.get("version") != "2.0":
        raise XliffError("ce n'est pas un fichier XLIFF 2.0")
    tag = root.get("trgLang") or ""
    codes = [code for code, lang in LANGUES.items() if lang.tag.lower() == tag.lower()]
    codes = codes or [code for code in LANGUES if tag.lower().split("-")[0] == code]
    if not codes:
        raise XliffError(f"langue cible « {tag} » inconnue")
    units = []
    for file in root.iter(f"{_Q}file"):
        name = (file.get("original") or file.get("id") or "").removesuffix(".po")
        for unit in file.iter(f"{_Q}unit"):
            notes = {n.get("category"): n.text or "" for n in unit.iter(f"{_Q}note")}
            for segment in unit.iter(f"{_Q}segment"):
                source = segment.find(f"{_Q}source")
                target = segment.find(f"{_Q}target")
                units.append(
                    Unit(
                        name,
                        _text(source),
                        _text(target),
                        segment.get("subState") == FUZZY or segment.get("state") == "initial",
                        notes.get("previous", ""),
                        notes.get("translator", ""),
                    )
                )
    return codes[0], units


def _text(element: etree._Element | None) -> str:
    """A source or target's text, inline markup (`<ph>`, `<pc>`) read as its text."""
    if element is None:
        return ""
    return "".join(element.itertext())


def apply(po: polib.POFile, units: list[Unit]) -> tuple[int, list[str]]:
    """The units' translations into the catalogue: the number changed, and the French texts
    the catalogue no longer holds (changed since the export: left out)."""
    by_id = {e.msgid: e for e in po if not e.obsolete}
    changed, unknown = 0, []
    for unit in units:
        entry = by_id.get(unit.source)
        if entry is None:
            unknown.append(unit.source)
            continue
        if not unit.target.strip():  # left untranslated there: what is here stays
            continue
        fuzzy = unit.fuzzy and bool(unit.target)
        before = (entry.msgstr, entry.fuzzy, entry.previous_msgid, entry.tcomment)
        entry.msgstr = unit.target
        if fuzzy and "fuzzy" not in entry.flags:
            entry.flags.append("fuzzy")
        if not fuzzy and "fuzzy" in entry.flags:
            entry.flags.remove("fuzzy")
        entry.previous_msgid = (unit.previous or None) if fuzzy else None
        entry.tcomment = unit.comment
        if (entry.msgstr, entry.fuzzy, entry.previous_msgid, entry.tcomment) != before:
            changed += 1
    return changed, unknown
