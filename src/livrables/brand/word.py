"""Applying marque.yaml to a Word document's styles at build time.

The template defines every style the renderer uses (a localised Word must not break it); the
brand then sets their fonts and colours, so a designer changes marque.yaml, not the template.
"""

from __future__ import annotations

from typing import Any

from docx.oxml.ns import qn
from docx.shared import RGBColor
from docx.styles.style import StyleFactory

from livrables.brand.marque import Marque

HEADING_STYLES = (
    "Title",
    "Subtitle",
    "Heading1",
    "Heading2",
    "Heading3",
    "Heading4",
    "Heading5",
    "Heading6",
    "TOCHeading",
    "CoverModule",
)
BODY_STYLES = ("Normal",)
PRIMARY_STYLES = (
    "Title",
    "Heading1",
    "Heading2",
    "TOCHeading",
    "ARetenirTitre",
    "CoverModule",
    "ChiffreValeur",
)
SECONDARY_STYLES = ("Heading3", "Heading4", "Subtitle", "DefinitionTerm")


def apply_brand(document: Any, marque: Marque) -> None:
    styles: dict[str, Any] = {
        element.get(qn("w:styleId")): StyleFactory(element)
        for element in document.styles.element.iterchildren(qn("w:style"))
        if element.get(qn("w:styleId")) in WANTED
    }
    couleurs = marque.couleurs
    _theme_fonts(document, marque)  # the document's defaults included: no Calibri anywhere
    for style_id in BODY_STYLES:
        _font(styles[style_id], marque.polices.texte.nom)
        styles[style_id].font.color.rgb = _rgb(couleurs.texte)
    for style_id in HEADING_STYLES:
        if style_id in styles:
            _font(styles[style_id], marque.polices.titres.nom)
    for style_id in PRIMARY_STYLES:
        if style_id in styles:
            styles[style_id].font.color.rgb = _rgb(couleurs.primaire)
    for style_id in SECONDARY_STYLES:
        if style_id in styles:
            styles[style_id].font.color.rgb = _rgb(couleurs.secondaire)
    if "Hyperlink" in styles:
        styles["Hyperlink"].font.color.rgb = _rgb(couleurs.secondaire)
    _border_colour(styles.get("ARetenir"), couleurs.accent)
    _border_colour(styles.get("Encadre"), couleurs.secondaire)
    _table_header(styles.get("TableauLivrables"), marque.entete_tableau)


WANTED = {
    *HEADING_STYLES,
    *BODY_STYLES,
    *PRIMARY_STYLES,
    *SECONDARY_STYLES,
    "Hyperlink",
    "ARetenir",
    "Encadre",
    "TableauLivrables",
}


def _rgb(hex_colour: str) -> RGBColor:
    return RGBColor.from_string(hex_colour.lstrip("#").upper())


def _font(style: Any, name: str) -> None:
    style.font.name = name  # sets ascii and hAnsi
    _set_fonts(style.element.rPr.find(qn("w:rFonts")), name)


THEME_ATTRIBUTES = ("asciiTheme", "hAnsiTheme", "eastAsiaTheme", "cstheme")


def _set_fonts(rfonts: Any, name: str) -> None:
    """Name the font for every script, and drop the theme's: Word and LibreOffice both prefer
    a theme font (Calibri, Cambria) to a named one when an element has the two."""
    for attr in THEME_ATTRIBUTES:
        rfonts.attrib.pop(qn(f"w:{attr}"), None)
    for attr in ("ascii", "hAnsi", "eastAsia", "cs"):
        rfonts.set(qn(f"w:{attr}"), name)


def _theme_fonts(document: Any, marque: Marque) -> None:
    """Every other style that asks for a theme font gets the brand's: titles for the theme's
    major font, text for its minor one."""
    for rfonts in document.styles.element.iter(qn("w:rFonts")):
        theme = rfonts.get(qn("w:asciiTheme")) or rfonts.get(qn("w:hAnsiTheme"))
        if theme:
            major = theme.startswith("major")
            police = marque.polices.titres if major else marque.polices.texte
            _set_fonts(rfonts, police.nom)


def _border_colour(style: Any, colour: str) -> None:
    """Colour the left border of a callout style."""
    if style is None:
        return
    ppr = style.element.get_or_add_pPr()
    border = ppr.find(qn("w:pBdr"))
    if border is None:
        return
    for edge in border:
        edge.set(qn("w:color"), colour.lstrip("#").upper())


def _table_header(style: Any, colour: str) -> None:
    """Set the header row shading of the brand's table style."""
    if style is None:
        return
    for tblstylepr in style.element.iterchildren(qn("w:tblStylePr")):
        if tblstylepr.get(qn("w:type")) != "firstRow":
            continue
        tcpr = tblstylepr.find(qn("w:tcPr"))
        shd = tcpr.find(qn("w:shd")) if tcpr is not None else None
        if shd is not None:
            shd.set(qn("w:fill"), colour.lstrip("#").upper())
