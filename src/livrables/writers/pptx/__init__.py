"""The PPTX writer: a slide deck from the slides of the tree, on the firm's master
(`templates/powerpoint/diaporama.pptx`), each slide on the layout its content chose, with the
speaker's notes in the notes pages (only when the build may show them) and a footer (the firm,
the collectivité, the slide number)."""

from __future__ import annotations

import copy
import datetime as dt
import io
from collections.abc import Sequence
from typing import Any

from pptx import Presentation
from pptx.dml.color import RGBColor
from pptx.opc.constants import RELATIONSHIP_TYPE as RT
from pptx.opc.serialized import PackageWriter
from pptx.oxml import parse_xml
from pptx.util import Emu, Pt

from livrables.brand.marque import Marque
from livrables.brand.pptx_template import LAYOUT_NAMES, brand_theme
from livrables.charts.render import ChartRenderer
from livrables.document.meta import DocumentContext
from livrables.document.nodes import Block, Quote
from livrables.document.slides import Slide
from livrables.packages import FixedTimeZip
from livrables.writers.pptx.fit import (
    EMU_PER_PT,
    GAP,
    INSET_X,
    LEVEL_INDENT,
    NUMBER_EXTRA,
    Fonts,
    Rect,
    drawn,
    text_height,
    wrap_count,
)
from livrables.writers.pptx.text import Line, Run, lines_of, plain_lines, runs_of
from livrables.writers.pptx.visuals import draw

FOOTER_IDX, NUMBER_IDX = 11, 12
COVER_PT = 40  # the cover's title (the master's « Titre » layout)
INTERNAL = "#7A1F1F"  # the internal mark's red, as on the HTML deck and the PDF


def render_pptx(
    template: bytes,
    ctx: DocumentContext,
    slides: Sequence[Slide],
    marque: Marque,
    fonts: Fonts,
    charts: ChartRenderer,
) -> bytes:
    prs = Presentation(io.BytesIO(template))
    theme = prs.slide_master.part.part_related_by(RT.THEME)
    theme._blob = brand_theme(theme.blob, marque)
    layouts = {layout.name: layout for layout in prs.slide_layouts}
    writer = _Deck(prs, layouts, ctx, marque, fonts, charts.for_screen())
    writer.cover()
    for slide in slides:
        writer.slide(slide)
    _properties(prs, ctx)
    if ctx.langue != "fr-FR":
        _language(prs, ctx.langue, ctx.rtl)
    return _save(prs)


_DML = "{http://schemas.openxmlformats.org/drawingml/2006/main}"


def _language(prs: Any, tag: str, rtl: bool) -> None:
    """Every run of every slide in the deck's language; in Arabic, paragraphs right to left
    (`a:pPr rtl`), aligned to the right unless centred."""
    for slide in prs.slides:
        runs = (f"{_DML}rPr", f"{_DML}endParaRPr", f"{_DML}defRPr")
        for element in slide.shapes._spTree.iter(*runs):
            element.set("lang", tag)
            if rtl:
                element.set("altLang", "fr-FR")
        if not rtl:
            continue
        for table in slide.shapes._spTree.iter(f"{_DML}tblPr"):
            table.set("rtl", "1")  # its first column on the right
        for paragraph in slide.shapes._spTree.iter(f"{_DML}p"):
            ppr = paragraph.find(f"{_DML}pPr")
            if ppr is None:
                ppr = paragraph.makeelement(f"{_DML}pPr", {})
                paragraph.insert(0, ppr)
            ppr.set("rtl", "1")
            if ppr.get("algn") in (None, "l"):
                ppr.set("algn", "r")


class _Deck:
    def __init__(
        self,
        prs: Any,
        layouts: dict[str, Any],
        ctx: DocumentContext,
        marque: Marque,
        fonts: Fonts,
        charts: ChartRenderer,
    ) -> None:
        self.prs, self.layouts, self.ctx, self.fonts, self.charts = prs, layouts, ctx, fonts, charts
        self.header = marque.entete_tableau
        self.accent = marque.couleurs.primaire
        self.secondary = marque.couleurs.secondaire

    def new(self, kind: str) -> Any:
        layout = self.layouts.get(LAYOUT_NAMES[kind]) or self.layouts[LAYOUT_NAMES["contenu"]]
        slide = self.prs.slides.add_slide(layout)
        for ph in layout.placeholders:  # python-pptx leaves the footer out: clone it
            idx = ph.placeholder_format.idx
            if idx in (FOOTER_IDX, NUMBER_IDX):
                element = copy.deepcopy(ph._element)
                slide.shapes._spTree.append(element)
                if idx == FOOTER_IDX:
                    self._footer_text(element)
        return slide

    def _footer_text(self, element: Any) -> None:
        ctx = self.ctx  # an internal deck says so on every slide, as its PDF does
        parts = (ctx.cabinet, ctx.collectivite, ctx.diffusion if ctx.interne else "")
        text = " · ".join(p for p in parts if p)
        ns = {"a": "http://schemas.openxmlformats.org/drawingml/2006/main"}
        body = element.find(".//{http://schemas.openxmlformats.org/presentationml/2006/main}txBody")
        for p in body.findall("a:p", ns):
            body.remove(p)
        body.append(
            parse_xml(f'<a:p xmlns:a="{ns["a"]}"><a:r><a:rPr lang="fr-FR"/><a:t></a:t></a:r></a:p>')
        )
        body.find("a:p/a:r/a:t", ns).text = text

    def cover(self) -> None:
        slide = self.new("titre")
        ctx = self.ctx
        title = slide.shapes.title
        title.text = ctx.titre
        if ctx.module:  # above the title, as the HTML deck's cover and the documents' show it
            count = wrap_count(ctx.titre, title.width - 2 * INSET_X, self.fonts.titles, COVER_PT)
            text = int(count * COVER_PT * 1.25 * EMU_PER_PT)  # the title sits on its box's foot
            top = title.top + title.height - text - Emu(420000)
            box = slide.shapes.add_textbox(title.left, top, title.width, Emu(420000))
            box.text_frame.word_wrap = True
            run = box.text_frame.paragraphs[0].add_run()
            run.text = ctx.module
            run.font.size, run.font.bold = Pt(18), True
            run.font.color.rgb = RGBColor.from_string(self.accent[1:])
            run._r.get_or_add_rPr().set("cap", "small")
        lines = [
            (ctx.sous_titre, self.secondary, False),
            (ctx.collectivite, None, True),
            (" · ".join(p for p in (ctx.date, ctx.lieu) if p), None, False),
            (ctx.diffusion if ctx.interne else "", INTERNAL, True),
        ]
        body = self._placeholder(slide, 1)
        if body is not None:
            shown = [(t, c, b) for t, c, b in lines if t]
            _write(body.text_frame, [Line([Run(t, bold=b)]) for t, _, b in shown], self.accent)
            for paragraph, (_, colour, _) in zip(body.text_frame.paragraphs, shown, strict=False):
                for r in paragraph.runs:
                    if colour:
                        r.font.color.rgb = RGBColor.from_string(colour[1:])
            if ctx.fictive:
                _write(body.text_frame, [Line([Run(ctx.fictive)], kind="note")], self.accent, True)
        logos = ((ctx.logo, ctx.cabinet, False), (ctx.logo_client, ctx.collectivite, True))
        for logo, name, right in logos:  # the firm's top left, the collectivité's top right
            if logo is None:
                continue
            picture = slide.shapes.add_picture(
                str(logo), Emu(822960), Emu(502920), height=Emu(640080)
            )
            if right:
                picture.left = self.prs.slide_width - Emu(548640) - picture.width
            picture._element.nvPicPr.cNvPr.set("descr", name)

    def slide(self, node: Slide) -> None:
        slide = self.new(node.layout)
        if node.title and slide.shapes.title is not None:
            frame = slide.shapes.title.text_frame
            _write(frame, [Line(runs_of(node.title))], self.accent, heading=True)
        else:  # the design shows no title: one for screen readers, off the slide
            self._hidden_title(slide, _unseen_title(node) or self.ctx.titre)
            slide._element.set("showMasterSp", "0")  # no rule under an absent title
        if node.layout == "section":
            body = self._placeholder(slide, 1)
            if body is not None:
                if node.body:
                    _write(body.text_frame, lines_of(node.body), self.accent)
                else:
                    _remove(body)
        elif node.layout == "colonnes":
            columns = [list(c) for c in node.columns[:2]]
            if node.body and columns:  # text above the columns opens the first one
                columns[0] = [*node.body, *columns[0]]
            for idx, column in enumerate(columns, 1):
                self._fill(slide, idx, column)
        elif node.layout == "citation" and isinstance(node.visual, Quote):
            body = self._placeholder(slide, 1)
            if body is not None:
                _write(body.text_frame, lines_of(node.visual.children), self.accent)
        else:
            blocks = [*node.body, *([node.visual] if node.visual else [])]
            self._fill(slide, 1, blocks, (node.table_pt, node.table_widths))
        if node.notes:
            notes = slide.notes_slide.notes_text_frame
            notes.text = "\n".join(plain_lines(node.notes))

    def _hidden_title(self, slide: Any, text: str) -> None:
        """A title placeholder (PowerPoint's checker and screen readers want one on every
        slide) placed above the slide's top edge, where no projection shows it: Microsoft's
        own advice for a slide whose design has no visible title."""
        title = slide.shapes.title
        if title is None:  # a layout without one (the quotation's): the master's title
            tree = slide.shapes._spTree
            ids = [int(i) for i in tree.xpath(".//p:cNvPr/@id")] or [1]
            title = slide.shapes._shape_factory(
                parse_xml(
                    f'<p:sp xmlns:p="{_P}" xmlns:a="{_A}"><p:nvSpPr>'
                    f'<p:cNvPr id="{max(ids) + 1}" name="Titre"/>'
                    '<p:cNvSpPr><a:spLocks noGrp="1"/></p:cNvSpPr>'
                    '<p:nvPr><p:ph type="title"/></p:nvPr></p:nvSpPr><p:spPr/>'
                    "<p:txBody><a:bodyPr/><a:lstStyle/><a:p/></p:txBody></p:sp>"
                )
            )
            tree.insert(2, title._element)  # after the group's own properties: read first
        height = Emu(685800)
        title.left, title.top = Emu(0), Emu(-height - 91440)
        title.width, title.height = self.prs.slide_width, height
        _write(title.text_frame, [Line([Run(text)])], self.accent, heading=True)

    def _placeholder(self, slide: Any, idx: int) -> Any:
        return next((p for p in slide.placeholders if p.placeholder_format.idx == idx), None)

    def _fill(self, slide: Any, idx: int, blocks: list[Block], table: tuple[Any, ...] = ()) -> None:
        """Text in the placeholder; a visual below it, in the room the text leaves."""
        ph = self._placeholder(slide, idx)
        if ph is None:
            return
        area = Rect(ph.left, ph.top, ph.width, ph.height)
        text = lines_of([b for b in blocks if not drawn(b)])
        visuals = [b for b in blocks if drawn(b)]
        if not visuals:
            _write(ph.text_frame, text, self.accent)
            return
        if text:
            height = min(text_height(text, area.w, self.fonts), area.h // 2)
            ph.left, ph.top, ph.width = Emu(area.x), Emu(area.y), Emu(area.w)  # all four, or
            ph.height = Emu(height)  # the slide's own xfrm would hold a size without a place
            _write(ph.text_frame, text, self.accent)
            area = Rect(area.x, area.y + height + GAP, area.w, area.h - height - GAP)
        else:
            _remove(ph)
        draw(slide.shapes, visuals[0], area, self.charts, self.header, self.fonts, *table)


_P = "http://schemas.openxmlformats.org/presentationml/2006/main"
_A = "http://schemas.openxmlformats.org/drawingml/2006/main"


def _unseen_title(node: Slide) -> str:
    """A slide without a heading: what its hidden title says (its first line, or its
    quotation's, shortened: each slide's title tells it apart)."""
    blocks = node.visual.children if isinstance(node.visual, Quote) else node.body
    first = next((line for line in plain_lines(blocks) if line.strip()), "")
    first = first.lstrip("– ").strip().strip("«»\u202f\u00a0 ")
    return first if len(first) <= 80 else first[:79].rsplit(" ", 1)[0] + "…"


def _remove(shape: Any) -> None:
    shape._element.getparent().remove(shape._element)


def _write(
    frame: Any, lines: list[Line], accent: str, append: bool = False, heading: bool = False
) -> None:
    """`lines` as the frame's paragraphs (after those already there with `append`)."""
    first = not append
    for line in lines:
        paragraph = frame.paragraphs[0] if first else frame.add_paragraph()
        first = False
        p_pr = paragraph._p.get_or_add_pPr()
        if line.level:
            paragraph.level = line.level - 1
            if line.ordered:  # room for two digits and their point
                margin = LEVEL_INDENT[min(line.level, 3)] + NUMBER_EXTRA
                p_pr.set("marL", str(margin))
                p_pr.set("indent", str(-min(margin, LEVEL_INDENT[1] + NUMBER_EXTRA)))
                p_pr.insert(0, _autonum(line.ordered))
        elif not heading:
            p_pr.set("marL", "0")
            p_pr.set("indent", "0")
            p_pr.append(_bu_none())
        for run in line.runs:
            if run.brk:
                paragraph.add_line_break()
                continue
            r = paragraph.add_run()
            r.text = run.text
            font = r.font
            if run.bold or line.kind == "titre":
                font.bold = True
            if run.italic or line.kind in ("note", "citation"):
                font.italic = True
            if run.code:
                font.name = "Liberation Mono"
            if run.strike:
                r._r.get_or_add_rPr().set("strike", "sngStrike")
            if run.href:
                r.hyperlink.address = run.href
            if line.kind == "titre" and not heading:
                font.color.rgb = RGBColor.from_string(accent[1:])
            if line.kind == "note":
                font.size = Pt(14)


def _autonum(start: int) -> Any:
    return parse_xml(
        '<a:buAutoNum xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" '
        f'type="arabicPeriod" startAt="{start}"/>'
    )


def _bu_none() -> Any:
    return parse_xml('<a:buNone xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main"/>')


def _properties(prs: Any, ctx: DocumentContext) -> None:
    props = prs.core_properties
    props.title = ctx.titre
    props.author = ctx.cabinet
    props.subject = f"{ctx.type_label} — {ctx.collectivite}"
    props.language = ctx.langue
    props.revision = 1
    props.last_modified_by = ctx.cabinet
    day = ctx.day or dt.date(2000, 1, 1)
    moment = dt.datetime(day.year, day.month, day.day)
    props.created = props.modified = moment
    props.comments = ""
    props.keywords = ""


def _save(prs: Any) -> bytes:
    """Saved as python-pptx does (same entries, same order), without the clock in the zip."""
    package = prs.part.package
    out = io.BytesIO()
    zipped = FixedTimeZip(out)
    steps: Any = PackageWriter(out, package._rels, tuple(package.iter_parts()))
    steps._write_content_types_stream(zipped)  # python-pptx's own steps, fed our writer
    steps._write_pkg_rels(zipped)
    steps._write_parts(zipped)
    zipped.close()
    return out.getvalue()
