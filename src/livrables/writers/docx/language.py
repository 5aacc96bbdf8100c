"""The language of a Word document other than French: its default language (spelling,
hyphenation, the screen reader's voice), and for Arabic the direction of its paragraphs
(`w:bidi`), runs (`w:rtl`) and tables (`w:bidiVisual`, their first column on the right).

The prepared template's styles part is shared as bytes by every document of a process
(prepared.py): a document in another language gets its own copy, changed here.
"""

from __future__ import annotations

from typing import Any

from docx.oxml.ns import qn
from lxml import etree

STYLES = "/word/styles.xml"


def language_styles(document: Any, tag: str, rtl: bool) -> dict[str, bytes]:
    """The styles part (by its zip name) in `tag`'s language and direction."""
    part = next(p for p in document.part.package.iter_parts() if str(p.partname) == STYLES)
    root = etree.fromstring(part.blob)
    defaults = root.find(qn("w:docDefaults"))
    rpr = _child(_child(defaults, "w:rPrDefault"), "w:rPr")
    lang = _child(rpr, "w:lang")
    for attr in ("val", "eastAsia", "bidi"):
        lang.set(qn(f"w:{attr}"), tag)
    if rtl:
        _insert(rpr, "w:rtl", _AFTER_RTL)
        ppr = _child(_child(defaults, "w:pPrDefault"), "w:pPr")
        _insert(ppr, "w:bidi", _AFTER_BIDI)
        for style in root.iter(qn("w:style")):
            if style.get(qn("w:type")) == "table":
                _insert(_child(style, "w:tblPr"), "w:bidiVisual", _AFTER_BIDI_VISUAL)
    data = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)
    return {STYLES.lstrip("/"): data}


# the elements that follow each one in its parent (ECMA-376 §17.3.1.26, §17.3.2.28, §17.4.59)
_AFTER_BIDI = [
    "adjustRightInd",
    "snapToGrid",
    "spacing",
    "ind",
    "contextualSpacing",
    "mirrorIndents",
    "suppressOverlap",
    "jc",
    "textDirection",
    "textAlignment",
    "textboxTightWrap",
    "outlineLvl",
    "divId",
    "cnfStyle",
    "rPr",
    "sectPr",
    "pPrChange",
]
_AFTER_RTL = ["cs", "em", "lang", "eastAsianLayout", "specVanish", "oMath"]
_AFTER_BIDI_VISUAL = [
    "tblStyleRowBandSize",
    "tblStyleColBandSize",
    "tblW",
    "jc",
    "tblCellSpacing",
    "tblInd",
    "tblBorders",
    "shd",
    "tblLayout",
    "tblCellMar",
    "tblLook",
    "tblCaption",
    "tblDescription",
]


def _insert(parent: Any, tag: str, followers: list[str]) -> None:
    """An empty `tag` at its place in the schema's order (none added if there is one)."""
    if parent.find(qn(tag)) is not None:
        return
    element = etree.Element(qn(tag))
    for child in parent:
        if child.tag in {qn(f"w:{name}") for name in followers}:
            child.addprevious(element)
            return
    parent.append(element)


def footers(document: Any, label: str) -> dict[str, bytes]:
    """The footers' « Page » (a word of the firm's template) in the document's language."""
    found = {}
    for part in document.part.package.iter_parts():
        name = str(part.partname)
        if name.startswith("/word/footer") and name.endswith(".xml"):
            blob = part.blob
            changed = blob.replace(b">Page <", f">{label} <".encode())
            if changed != blob:
                found[name.lstrip("/")] = changed
    return found


def _child(parent: Any, tag: str) -> Any:
    found = parent.find(qn(tag))
    if found is None:
        found = etree.SubElement(parent, qn(tag))
    return found
