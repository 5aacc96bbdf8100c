"""The raw OOXML the renderers need and python-docx does not offer, kept in one place.

Element order inside `w:pPr`, `w:rPr` and `w:tblPr` follows the ECMA-376 schema; every helper
builds its properties in that order so Word and LibreOffice read them the same way.
"""

from __future__ import annotations

import copy
import re
from typing import Any

from docx.opc.constants import CONTENT_TYPE, RELATIONSHIP_TYPE
from docx.opc.oxml import serialize_part_xml
from docx.opc.packuri import PackURI
from docx.opc.part import Part, XmlPart
from docx.oxml import parse_xml
from docx.oxml.ns import NamespacePrefixedTag, qn
from docx.oxml.parser import oxml_parser

from livrables.caches import PURE, process_cache

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
TEXT_WIDTH_TWIPS = 9638  # A4 (11906) less 2 cm margins each side (2 x 1134)

# Characters XML 1.0 cannot hold; content is cleaned at load, this is the last guard.
_INVALID_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def clean_text(text: str) -> str:
    return _INVALID_XML.sub("", text)


@process_cache(PURE)
def _tag(tag: str) -> tuple[str, dict[str, str]]:
    """Clark name and namespace map of "w:p", computed once (the renderer's hot path)."""
    prefixed = NamespacePrefixedTag(tag)
    return prefixed.clark_name, prefixed.nsmap


@process_cache(PURE)
def _attr(name: str) -> str:
    return qn(f"w:{name}")


def el(tag: str, **attrs: Any) -> Any:
    """A `w:` element: el("w:jc", val="center") -> <w:jc w:val="center"/>.

    Made by python-docx's parser, so it is the same custom element class OxmlElement gives."""
    clark, nsmap = _tag(tag)
    element = oxml_parser.makeelement(clark, nsmap=nsmap)
    for name, value in attrs.items():
        element.set(_attr(name), str(value))
    return element


def sub(parent: Any, tag: str, **attrs: Any) -> Any:
    child = el(tag, **attrs)
    parent.append(child)
    return child


# --- paragraphs -----------------------------------------------------------------------------


def paragraph(
    style: str | None = None,
    *,
    num: tuple[int, int] | None = None,
    keep_next: bool = False,
    indent: int | None = None,
    jc: str | None = None,
) -> Any:
    """A `w:p` whose `w:pPr` children come in schema order."""
    p = el("w:p")
    if style or num or keep_next or indent is not None or jc:
        ppr = sub(p, "w:pPr")
        if style:
            sub(ppr, "w:pStyle", val=style)
        if keep_next:
            sub(ppr, "w:keepNext")
        if num:
            numpr = sub(ppr, "w:numPr")
            sub(numpr, "w:ilvl", val=num[1])
            sub(numpr, "w:numId", val=num[0])
        if indent is not None:
            sub(ppr, "w:ind", left=indent)
        if jc:
            sub(ppr, "w:jc", val=jc)
    return p


def run(
    text: str,
    *,
    style: str | None = None,
    bold: bool = False,
    italic: bool = False,
    strike: bool = False,
    superscript: bool = False,
    colour: str | None = None,
) -> Any:
    """A `w:r`; newlines become `w:br` and tabs `w:tab`, so code keeps its layout."""
    r = el("w:r")
    if style or bold or italic or strike or superscript or colour:
        rpr = sub(r, "w:rPr")
        if style:
            sub(rpr, "w:rStyle", val=style)
        if bold:
            sub(rpr, "w:b")
        if italic:
            sub(rpr, "w:i")
        if strike:
            sub(rpr, "w:strike")
        if colour:
            sub(rpr, "w:color", val=colour.lstrip("#"))
        if superscript:
            sub(rpr, "w:vertAlign", val="superscript")
    text = clean_text(text)
    for index, line in enumerate(text.split("\n")):
        if index:
            sub(r, "w:br")
        for part_index, part in enumerate(line.split("\t")):
            if part_index:
                sub(r, "w:tab")
            if part:
                t = sub(r, "w:t")
                t.text = part
                if part[0].isspace() or part[-1].isspace():
                    t.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
    return r


def page_break() -> Any:
    r = el("w:r")
    sub(r, "w:br", type="page")
    return r


def hyperlink(part: Part, url: str) -> Any:
    """A `w:hyperlink` to an external URL (its runs are appended by the caller)."""
    rel_id = part.relate_to(url, RELATIONSHIP_TYPE.HYPERLINK, is_external=True)
    link = el("w:hyperlink")
    link.set(qn("r:id"), rel_id)
    return link


def internal_link(anchor: str) -> Any:
    return el("w:hyperlink", anchor=anchor)


def insert_after(parent: Any, anchor: Any, elements: list[Any]) -> None:
    """`elements`, in order, right after `anchor` in `parent` (first in it when `anchor` is
    None): how a property goes to its place in the schema's order."""
    for element in elements:
        if anchor is None:
            parent.insert(0, element)
        else:
            anchor.addnext(element)
        anchor = element


def bookmark(p: Any, name: str, bookmark_id: int) -> None:
    """Wrap the paragraph's content in a bookmark named `name`."""
    start = el("w:bookmarkStart", id=bookmark_id, name=name)
    ppr = p.find(qn("w:pPr"))
    if ppr is not None:
        ppr.addnext(start)
    else:
        p.insert(0, start)
    p.append(el("w:bookmarkEnd", id=bookmark_id))


def field(instruction: str, placeholder: str = "") -> list[Any]:
    """Runs of a complex field (PAGE, NUMPAGES, TOC ...) showing `placeholder` until updated."""
    begin = el("w:r")
    sub(begin, "w:fldChar", fldCharType="begin")
    instr = el("w:r")
    text = sub(instr, "w:instrText")
    text.text = f" {instruction} "
    text.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
    separate = el("w:r")
    sub(separate, "w:fldChar", fldCharType="separate")
    end = el("w:r")
    sub(end, "w:fldChar", fldCharType="end")
    return [begin, instr, separate, run(placeholder), end]


# --- tables ---------------------------------------------------------------------------------


# --- numbering ------------------------------------------------------------------------------

BULLETS = ("•", "◦", "▪", "–", "•", "◦", "▪", "–", "•")
ORDERED_FORMATS = ("decimal", "lowerLetter", "lowerRoman") * 3


def abstract_num(abstract_id: int, ordered: bool) -> Any:
    """Nine levels of bullets or numbers, indented 0.63 cm a level."""
    node = el("w:abstractNum", abstractNumId=abstract_id)
    sub(node, "w:multiLevelType", val="hybridMultilevel")
    for level in range(9):
        lvl = sub(node, "w:lvl", ilvl=level)
        sub(lvl, "w:start", val=1)
        sub(lvl, "w:numFmt", val=ORDERED_FORMATS[level] if ordered else "bullet")
        sub(lvl, "w:lvlText", val=f"%{level + 1}." if ordered else BULLETS[level])
        sub(lvl, "w:lvlJc", val="left")
        ppr = sub(lvl, "w:pPr")
        sub(ppr, "w:ind", left=360 * (level + 1) + 0, hanging=360)
    return node


def num(num_id: int, abstract_id: int, level: int, start: int) -> Any:
    """A `w:num` that restarts at `start` on `level`: without the override Word would continue
    the numbers of the previous list sharing the abstract definition."""
    node = el("w:num", numId=num_id)
    sub(node, "w:abstractNumId", val=abstract_id)
    override = sub(node, "w:lvlOverride", ilvl=level)
    sub(override, "w:startOverride", val=start)
    return node


class Numbering:
    """Adds list definitions to a document's numbering part: one `w:num` per Markdown list."""

    def __init__(self, numbering_element: Any) -> None:
        self.root = numbering_element
        abstract_ids = [int(a.get(qn("w:abstractNumId"))) for a in self._all("w:abstractNum")]
        num_ids = [int(n.get(qn("w:numId"))) for n in self._all("w:num")]
        self.next_num = max(num_ids, default=0) + 1
        base = max(abstract_ids, default=0) + 1
        self.abstract = {False: base, True: base + 1}
        existing = self._all("w:abstractNum")
        for ordered in (False, True):
            node = abstract_num(self.abstract[ordered], ordered)
            if existing:
                existing[-1].addnext(node)
                existing = [node]
            else:
                self.root.insert(0, node)
                existing = [node]

    def _all(self, tag: str) -> list[Any]:
        return list(self.root.iterchildren(qn(tag)))

    def new_list(self, ordered: bool, level: int, start: int = 1) -> int:
        num_id = self.next_num
        self.next_num += 1
        node = num(num_id, self.abstract[ordered], level, start)
        cleanup = self.root.find(qn("w:numIdMacAtCleanup"))
        if cleanup is not None:
            cleanup.addprevious(node)
        else:
            self.root.append(node)
        return num_id


class Footnotes:
    """The document's footnotes part, created on first use (with Word's two separators)."""

    def __init__(self, document_part: Any) -> None:
        part: Any = None
        for rel in document_part.rels.values():
            if rel.reltype == RELATIONSHIP_TYPE.FOOTNOTES and not rel.is_external:
                part = rel.target_part
        if part is None:
            root = parse_xml(_FOOTNOTES_XML)
            part = XmlPart(
                PackURI("/word/footnotes.xml"),
                CONTENT_TYPE.WML_FOOTNOTES,
                root,
                document_part.package,
            )
            document_part.relate_to(part, RELATIONSHIP_TYPE.FOOTNOTES)
        self.part: Any = part
        self.root = (
            self.part.element if isinstance(self.part, XmlPart) else parse_xml(self.part.blob)
        )
        ids = [int(f.get(qn("w:id"))) for f in self.root.iterchildren(qn("w:footnote"))]
        self.next_id = max([0, *ids]) + 1

    def add(self) -> tuple[int, Any]:
        """A new empty `w:footnote` and its id, for the caller to fill with paragraphs."""
        note_id = self.next_id
        self.next_id += 1
        note = sub(self.root, "w:footnote", id=note_id)
        return note_id, note

    def flush(self) -> None:
        """Write the XML back when the template's part was loaded as plain bytes."""
        if not isinstance(self.part, XmlPart):
            self.part._blob = serialize_part_xml(self.root)


_FOOTNOTES_XML = (
    f'<w:footnotes xmlns:w="{W_NS}">'
    '<w:footnote w:type="separator" w:id="-1"><w:p><w:pPr><w:spacing w:after="0" '
    'w:line="240" w:lineRule="auto"/></w:pPr><w:r><w:separator/></w:r></w:p></w:footnote>'
    '<w:footnote w:type="continuationSeparator" w:id="0"><w:p><w:pPr><w:spacing w:after="0" '
    'w:line="240" w:lineRule="auto"/></w:pPr><w:r><w:continuationSeparator/></w:r></w:p>'
    "</w:footnote></w:footnotes>"
)


def footnote_reference(note_id: int) -> Any:
    r = el("w:r")
    rpr = sub(r, "w:rPr")
    sub(rpr, "w:rStyle", val="FootnoteReference")
    sub(r, "w:footnoteReference", id=note_id)
    return r


def footnote_mark() -> Any:
    """The note's own number, at the start of its text."""
    r = el("w:r")
    rpr = sub(r, "w:rPr")
    sub(rpr, "w:rStyle", val="FootnoteReference")
    sub(r, "w:footnoteRef")
    return r


def picture(part: Any, path: Any, alt: str, max_width_twips: int = TEXT_WIDTH_TWIPS) -> Any:
    """A run holding the image (a file's path, or a stream) at its natural size, shrunk to
    `max_width_twips` if wider."""
    _rid, image = part.get_or_add_image(path)
    max_width = max_width_twips * 635  # EMU
    width = min(image.width, max_width)
    inline = part.new_pic_inline(path, width=width)
    inline.docPr.set("descr", alt)
    r = el("w:r")
    drawing = sub(r, "w:drawing")
    drawing.append(inline)
    return r


LANDSCAPE_TEXT_WIDTH_TWIPS = 16838 - 2 * 1134  # A4 landscape less 2 cm margins each side


def section_break(template: Any, landscape: bool, title_page: bool) -> Any:
    """An empty paragraph ending a section laid out like `template` (a `w:sectPr`), turned to
    landscape or portrait. Header and footer references are copied, not inherited, so a
    landscape page keeps them; only the cover's section keeps its distinct first page."""
    sect = copy.deepcopy(template)
    size = sect.find(qn("w:pgSz"))
    width, height = int(size.get(qn("w:w"))), int(size.get(qn("w:h")))
    short, long_ = sorted((width, height))
    size.set(qn("w:w"), str(long_ if landscape else short))
    size.set(qn("w:h"), str(short if landscape else long_))
    if landscape:
        size.set(qn("w:orient"), "landscape")
    elif size.get(qn("w:orient")) is not None:
        del size.attrib[qn("w:orient")]
    if not title_page:
        for element in sect.findall(qn("w:titlePg")):
            sect.remove(element)
    for element in sect.findall(qn("w:type")):
        sect.remove(element)
    p = paragraph("TableSpacer")
    p[0].append(sect)
    return p
