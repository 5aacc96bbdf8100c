"""Generates `templates/word/livrable.docx`, the docxtpl template of every deliverable.

Run `python -m livrables.brand.word_template templates/word/livrable.docx` after changing it.
A designer may then restyle the result in Word: the build only reads its styles, its cover and
its header and footer, and fills the Jinja tags listed in templates/README.md. Each tag is
written in a single run, so docxtpl always sees it whole.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

from docx import Document
from docx.enum.section import WD_SECTION_START
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.text import WD_TAB_ALIGNMENT, WD_TAB_LEADER
from docx.oxml.ns import qn
from docx.shared import Cm, Pt, RGBColor

from livrables import ooxml
from livrables.brand.word_styles import STYLES, P, StyleSpec

BODY_PLACEHOLDER = "{{ corps }}"


def build_template(path: Path) -> None:
    document = Document()
    _drop_stale_parts(document)
    _page_setup(document)
    _normal(document)
    for spec in STYLES:
        _define(document, spec)
    _table_style(document)
    _figures_table_style(document)
    _language(document)
    _cover(document)
    _header_footer(document)
    document.core_properties.author = ""
    document.core_properties.title = ""
    document.core_properties.comments = ""
    document.save(str(path))


def _drop_stale_parts(document: Any) -> None:
    """python-docx's blank document carries a Word 2010 stylesWithEffects part and a
    thumbnail; both would contradict our styles and pages, so they go."""
    for rel_id, rel in list(document.part.rels.items()):
        if rel.reltype.endswith("/stylesWithEffects"):
            document.part.drop_rel(rel_id)
    package_rels = document.part.package.rels
    for rel_id, rel in list(package_rels.items()):
        if rel.reltype.endswith("/thumbnail"):
            package_rels.pop(rel_id)


def _page_setup(document: Any) -> None:
    section = document.sections[0]
    section.page_width, section.page_height = Cm(21), Cm(29.7)
    for side in ("left_margin", "right_margin"):
        setattr(section, side, Cm(2))
    section.top_margin, section.bottom_margin = Cm(2.2), Cm(2.2)
    section.header_distance, section.footer_distance = Cm(1), Cm(1)
    section.different_first_page_header_footer = True
    section.start_type = WD_SECTION_START.NEW_PAGE


def _normal(document: Any) -> None:
    normal = document.styles["Normal"]
    normal.font.size = Pt(10.5)
    normal.font.name = "Arial"
    fmt = normal.paragraph_format
    fmt.space_after = Pt(6)
    fmt.line_spacing = 1.15


def _define(document: Any, spec: StyleSpec) -> None:
    styles = {s.style_id: s for s in document.styles}
    style = styles.get(spec.style_id)
    if style is None:
        style = document.styles.add_style(spec.style_id, spec.kind)
    style.element.get_or_add_name().set(qn("w:val"), spec.name)
    style.element.set(qn("w:customStyle"), "0" if spec.style_id in _BUILTIN else "1")
    style.hidden = False
    style.quick_style = True
    if spec.based_on and spec.kind == P and spec.style_id != "Normal":
        style.base_style = next(s for s in document.styles if s.style_id == spec.based_on)
    font = style.font
    if spec.size:
        font.size = Pt(spec.size)
    if spec.bold is not None:
        font.bold = spec.bold
    if spec.italic is not None:
        font.italic = spec.italic
    if spec.colour:
        font.color.rgb = RGBColor.from_string(spec.colour)
    if spec.font:
        font.name = spec.font
    if spec.small_caps:
        font.small_caps = True
    if spec.superscript:
        font.superscript = True
    if spec.kind != P:
        return
    fmt = style.paragraph_format
    if spec.before is not None:
        fmt.space_before = Pt(spec.before)
    if spec.after is not None:
        fmt.space_after = Pt(spec.after)
    if spec.left is not None:
        fmt.left_indent = Cm(spec.left)
    if spec.keep_next:
        fmt.keep_with_next = True
    if spec.align is not None:
        fmt.alignment = spec.align
    if spec.border or spec.fill:
        _borders(style, spec)
    if spec.right_tab_dots:
        fmt.tab_stops.add_tab_stop(Cm(17), WD_TAB_ALIGNMENT.RIGHT, WD_TAB_LEADER.DOTS)
    outline = spec.outline
    if outline is None and spec.style_id.startswith("Heading"):
        outline = int(spec.style_id[-1]) - 1
    if outline is not None:
        ppr = style.element.get_or_add_pPr()
        existing = ppr.find(qn("w:outlineLvl"))
        if existing is not None:
            ppr.remove(existing)
        ppr.append(ooxml.el("w:outlineLvl", val=outline))


_BUILTIN = {
    "Title",
    "Subtitle",
    "Heading1",
    "Heading2",
    "Heading3",
    "Heading4",
    "Heading5",
    "Heading6",
    "ListParagraph",
    "Quote",
    "Hyperlink",
    "FootnoteText",
    "FootnoteReference",
    "Caption",
    "TOCHeading",
    "TOC1",
    "TOC2",
    "TOC3",
    "Header",
    "Footer",
}
# pPr children that must come before pBdr/shd in schema order
_BEFORE_BORDER = {
    qn(f"w:{t}")
    for t in (
        "pStyle",
        "keepNext",
        "keepLines",
        "pageBreakBefore",
        "framePr",
        "widowControl",
        "numPr",
        "suppressLineNumbers",
    )
}


def _borders(style: Any, spec: StyleSpec) -> None:
    ppr = style.element.get_or_add_pPr()
    anchor = None
    for child in ppr:
        if child.tag in _BEFORE_BORDER:
            anchor = child
    elements = []
    if spec.border:
        pbdr = ooxml.el("w:pBdr")
        edges = {"left": ["left"], "bottom": ["bottom"], "box": ["top", "left", "bottom", "right"]}
        for edge in edges[spec.border]:
            size = 18 if edge == "left" else 4
            if spec.border == "box" and edge == "left":
                size = 24
            ooxml.sub(
                pbdr,
                f"w:{edge}",
                val="single",
                sz=size,
                space=8 if edge != "bottom" else 1,
                color="9AA5B1",
            )
        elements.append(pbdr)
    if spec.fill:
        elements.append(ooxml.el("w:shd", val="clear", color="auto", fill=spec.fill))
    ooxml.insert_after(ppr, anchor, elements)


def _table_style(document: Any) -> None:
    style = document.styles.add_style("TableauLivrables", WD_STYLE_TYPE.TABLE)
    style.element.get_or_add_name().set(qn("w:val"), "Tableau livrables")
    style.base_style = document.styles["Normal Table"]
    el = style.element
    tblpr = ooxml.el("w:tblPr")
    ooxml.sub(tblpr, "w:tblStyleRowBandSize", val=1)
    borders = ooxml.sub(tblpr, "w:tblBorders")
    for edge in ("top", "left", "bottom", "right", "insideH", "insideV"):
        ooxml.sub(borders, f"w:{edge}", val="single", sz=4, space=0, color="C9D1D9")
    margins = ooxml.sub(tblpr, "w:tblCellMar")
    ooxml.sub(margins, "w:left", w=85, type="dxa")
    ooxml.sub(margins, "w:right", w=85, type="dxa")
    el.append(tblpr)
    first = ooxml.el("w:tblStylePr", type="firstRow")
    rpr = ooxml.sub(first, "w:rPr")
    ooxml.sub(rpr, "w:b")
    ooxml.sub(rpr, "w:color", val="FFFFFF")
    ooxml.sub(first, "w:tblPr")
    trpr = ooxml.sub(first, "w:trPr")
    ooxml.sub(trpr, "w:tblHeader")
    tcpr = ooxml.sub(first, "w:tcPr")
    ooxml.sub(tcpr, "w:shd", val="clear", color="auto", fill="1F4E79")
    el.append(first)
    band = ooxml.el("w:tblStylePr", type="band2Horz")
    ooxml.sub(band, "w:tblPr")
    tcpr = ooxml.sub(band, "w:tcPr")
    ooxml.sub(tcpr, "w:shd", val="clear", color="auto", fill="F2F5F8")
    el.append(band)


def _figures_table_style(document: Any) -> None:
    """Key figures sit in a table without borders."""
    style = document.styles.add_style("TableauChiffres", WD_STYLE_TYPE.TABLE)
    style.element.get_or_add_name().set(qn("w:val"), "Tableau des chiffres clés")
    style.base_style = document.styles["Normal Table"]
    tblpr = ooxml.el("w:tblPr")
    margins = ooxml.sub(tblpr, "w:tblCellMar")
    ooxml.sub(margins, "w:left", w=0, type="dxa")
    ooxml.sub(margins, "w:right", w=170, type="dxa")
    style.element.append(tblpr)


def _language(document: Any) -> None:
    """fr-FR everywhere, so Word's spelling checker and hyphenation speak French."""
    styles_el = document.styles.element
    defaults = styles_el.find(qn("w:docDefaults"))
    rpr = defaults.find(qn("w:rPrDefault")).find(qn("w:rPr"))
    lang = rpr.find(qn("w:lang"))
    if lang is None:
        lang = ooxml.sub(rpr, "w:lang")
    for attr in ("val", "eastAsia", "bidi"):
        lang.set(qn(f"w:{attr}"), "fr-FR")


def _add(document: Any, text: str, style: str) -> Any:
    paragraph = document.add_paragraph(style=document.styles[_name(document, style)])
    if text:
        paragraph.add_run(text)  # one run per tag: docxtpl must see each tag whole
    return paragraph


def _name(document: Any, style_id: str) -> str:
    return str(next(s.name for s in document.styles if s.style_id == style_id))


def _cover(document: Any) -> None:
    body = document.element.body
    for p in list(body.iterchildren(qn("w:p"))):
        body.remove(p)
    _add(document, "{{ logo }}", "Normal")
    _add(document, "{{ module }}", "CoverModule")
    _add(document, "{{ titre }}", "Title")
    _add(document, "{%p if sous_titre %}", "Subtitle")
    _add(document, "{{ sous_titre }}", "Subtitle")
    _add(document, "{%p endif %}", "Subtitle")
    _add(document, "{{ collectivite }}", "CoverClient")
    _add(document, "{{ mission }}", "CoverMeta")
    _add(document, "{{ references }}", "CoverMeta")
    _add(document, "{%p if logo_client %}", "Normal")
    _add(document, "{{ logo_client }}", "Normal")
    _add(document, "{%p endif %}", "Normal")
    _add(document, "{%p if fictive %}", "CoverFictif")
    _add(document, "{{ fictive }}", "CoverFictif")
    _add(document, "{%p endif %}", "CoverFictif")
    _add(document, "{{ cabinet }}", "CoverFirm")
    _add(document, "{{ contact }}", "CoverMeta")
    _add(document, "{{ mentions }}", "CoverMentions")
    breaker = _add(document, "", "Normal")
    breaker._p.append(ooxml.page_break())
    _add(document, BODY_PLACEHOLDER, "Normal")


def _two_sides(story: Any, style: str, left: int) -> tuple[Any, Any]:
    """A borderless full-width table of one row, two cells: its width is a percentage, so the
    right-hand text reaches the right margin on portrait and landscape pages alike (a tab stop
    would not move, and Word's margin-relative tab is not read by LibreOffice). `left` is the
    left cell's share in fiftieths of a percent (5000 = all), sized so each side fits one line."""
    tbl = ooxml.el("w:tbl")
    tblpr = ooxml.sub(tbl, "w:tblPr")
    ooxml.sub(tblpr, "w:tblW", w=5000, type="pct")
    ooxml.sub(tblpr, "w:tblLayout", type="autofit")
    margins = ooxml.sub(tblpr, "w:tblCellMar")
    ooxml.sub(margins, "w:left", w=0, type="dxa")
    ooxml.sub(margins, "w:right", w=0, type="dxa")
    ooxml.sub(tblpr, "w:tblLook", val="0000")
    grid = ooxml.sub(tbl, "w:tblGrid")
    share = [left, 5000 - left]
    for part in share:
        ooxml.sub(grid, "w:gridCol", w=ooxml.TEXT_WIDTH_TWIPS * part // 5000)
    tr = ooxml.sub(tbl, "w:tr")
    cells = []
    for jc, part in zip((None, "right"), share, strict=True):
        tc = ooxml.sub(tr, "w:tc")
        tcpr = ooxml.sub(tc, "w:tcPr")
        ooxml.sub(tcpr, "w:tcW", w=part, type="pct")
        p = ooxml.paragraph(style, jc=jc)
        tc.append(p)
        cells.append(p)
    first = story.paragraphs[0]._p
    first.addprevious(tbl)
    ppr = first.get_or_add_pPr()
    ppr.append(ooxml.el("w:spacing", before=0, after=0, line=20, lineRule="exact"))
    return cells[0], cells[1]


def _header_footer(document: Any) -> None:
    section = document.sections[0]
    for style_id in ("Header", "Footer"):  # drop the default centre/right tabs of the styles
        ppr = next(s for s in document.styles if s.style_id == style_id).element.pPr
        tabs = ppr.find(qn("w:tabs")) if ppr is not None else None
        if tabs is not None:
            ppr.remove(tabs)
    draft = section.header.paragraphs[0]._p
    for text in ("{%p if brouillon %}", "{{ brouillon }}", "{%p endif %}"):
        p = ooxml.paragraph("HeaderDraft")
        p.append(ooxml.run(text))
        draft.addprevious(p)
    left, right = _two_sides(section.header, "Header", 2000)
    left.append(ooxml.run("{{ collectivite }}"))  # one run per tag
    right.append(ooxml.run("{{ titre_court }}"))
    left, right = _two_sides(section.footer, "Footer", 3900)
    left.append(ooxml.run("{{ pied }}"))
    right.append(ooxml.run("Page "))
    right.extend(ooxml.field("PAGE", "1"))
    right.append(ooxml.run(" / "))
    right.extend(ooxml.field("NUMPAGES", "1"))
    # the first page (the cover) has empty header and footer
    section.first_page_header.paragraphs[0].text = ""
    section.first_page_footer.paragraphs[0].text = ""


if __name__ == "__main__":
    build_template(Path(sys.argv[1]))
