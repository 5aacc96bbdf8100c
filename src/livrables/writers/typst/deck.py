"""A deck's PDF from the same slides as its PowerPoint and its HTML: one 16:9 page a slide in
the page template's `diaporama` (the title slide from the cover's values), each slide's
content reduced where it would overflow, never cut. Speaker notes are never drawn."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from livrables.brand.marque import Marque
from livrables.charts.render import ChartRenderer
from livrables.document.meta import DocumentContext
from livrables.document.nodes import Document
from livrables.document.slides import Slide
from livrables.writers.typst import markup
from livrables.writers.typst.assets import Assets
from livrables.writers.typst.body import TypstWriter

TABLE_EM = 0.9  # a table's text in the page template (`tableau`: 0.9em)


def deck_body(slides: Sequence[Slide], assets: Assets, charts: ChartRenderer | None) -> str:
    writer = TypstWriter(Document([]), assets, charts)
    writer.deck = True
    out = []
    for slide in slides:
        title = "none"
        if slide.title:
            level = writer.heading_level(1 if slide.layout == "section" else 2)
            title = f"[#heading(level: {level})[{writer.inlines(slide.title)}]]"
        if slide.layout == "colonnes":
            left, right = (slide.columns + [[], []])[:2]
            body = (
                writer.blocks(slide.body)
                + f"#colonnes([{writer.blocks(left)}], [{writer.blocks(right)}])"
            )
        else:
            visual = writer.blocks([slide.visual]) if slide.visual is not None else ""
            if visual and slide.table_pt:  # the table at the size the slide's layout chose
                visual = f"#[#set text(size: {slide.table_pt / TABLE_EM:.2f}pt)\n{visual}]"
            body = writer.blocks(slide.body) + visual
        kind = markup.string(slide.layout)
        out.append(f"#diapositive(meta, {kind}, {title}, [{body}])\n")
    return "".join(out)


def render_deck_pdf(
    template: Path,
    ctx: DocumentContext,
    slides: Sequence[Slide],
    marque: Marque,
    font_dirs: list[Path],
    charts: ChartRenderer | None,
) -> bytes:
    from livrables.writers.typst import compile_pdf

    assets = Assets()
    body = deck_body(slides, assets, charts.for_screen() if charts is not None else None)
    return compile_pdf(template, "diaporama", body, ctx, marque, font_dirs, assets)
