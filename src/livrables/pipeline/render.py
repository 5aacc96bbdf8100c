"""Render: one deliverable's finished tree turned into the bytes of each format asked, through
the writers of the format registry (formats.py). Nothing is written here.

`Resources` holds what a mission's writers draw with, found once per mission in the template
layers (the mission's own `templates/`, then the firm's): the Word, HTML and PowerPoint
templates, the stylesheets with the brand's fonts, the chart renderer.
"""

from __future__ import annotations

import json
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING

import jinja2

from livrables.brand.css import font_face_css
from livrables.brand.fonts import brand_fonts
from livrables.brand.marque import Marque
from livrables.charts.render import ChartRenderer
from livrables.charts.theme import ChartTheme
from livrables.content.mission import Livrable
from livrables.document.nodes import Contents
from livrables.document.walk import walk_blocks
from livrables.pipeline.context import document_context
from livrables.pipeline.formats import FORMATS
from livrables.pipeline.history import history_block
from livrables.pipeline.manifest import CACHE_DIR
from livrables.pipeline.plan import MissionPlan
from livrables.pipeline.tree import filtered_tree
from livrables.writers.html.deck import DECK_PAGE
from livrables.writers.html.page import HTML_PAGE, html_environment

if TYPE_CHECKING:
    from livrables.writers.pptx.fit import Fonts

WORD_TEMPLATE = "word/livrable.docx"
PDF_TEMPLATE = "typst/livrable.typ"
DECK_CSS = "html/diaporama.css"
TOC = "(sommaire)"  # an output key: the table of contents' entries, for page layout


class Resources:
    """What the writers of one mission's deliverables draw with."""

    def __init__(self, plan: MissionPlan, marque: Marque) -> None:
        project, root = plan.project, plan.mission.root
        self.project = project
        self.root = root
        self.marque = marque
        self.jinja: jinja2.Environment = html_environment(project.template_layers(root))
        css = project.find_template("html/style.css", root).read_text("utf-8")
        self.fonts = brand_fonts(marque, project.templates, project.build / CACHE_DIR / "polices")
        self.css = font_face_css(self.fonts) + css
        self.charts = ChartRenderer(
            ChartTheme.of(marque, project.templates), project.build / CACHE_DIR / "graphiques"
        )
        self.word_path = project.find_template(WORD_TEMPLATE, root)
        self.html_path = project.find_template(HTML_PAGE, root)
        self.word = self.word_path.read_bytes()

    @cached_property
    def deck_path(self) -> Path:
        return self.project.find_template(f"html/{DECK_PAGE}", self.root)

    @cached_property
    def deck_css(self) -> str:
        """The HTML decks' stylesheet, with the brand's fonts: read once, for a mission's decks."""
        page = self.project.find_template(DECK_CSS, self.root)
        return font_face_css(self.fonts) + page.read_text("utf-8")

    @cached_property
    def pptx_template(self) -> bytes:
        from livrables.pipeline.slides_check import read_template

        return read_template(self.project, self.root)

    @cached_property
    def pdf_template(self) -> Path:
        return self.project.find_template(PDF_TEMPLATE, self.root)

    @cached_property
    def font_dirs(self) -> list[Path]:
        """The folders of the brand's font files (Typst is given those only)."""
        folders = []
        for police in (self.marque.polices.titres, self.marque.polices.texte):
            files = police.fichiers
            for name in files.model_dump().values() if files else []:
                if name:
                    folder = (self.project.templates / name).parent
                    if folder not in folders:
                        folders.append(folder)
        return folders

    @cached_property
    def slide_fonts(self) -> Fonts:
        from livrables.writers.pptx.fit import Fonts

        polices = self.marque.polices
        return Fonts.of(self.fonts, polices.texte.nom, polices.titres.nom)


def render(
    plan: MissionPlan,
    resources: Resources,
    livrable: Livrable,
    formats: tuple[str, ...],
    pages: dict[str, int] | None = None,
) -> dict[str, bytes]:
    """load -> tree -> filters -> writers: each format from the same filtered tree, keyed by
    extension. With `pages` (heading id -> page), the contents carry page numbers. A document
    whose tree holds contents also gets their entries (`TOC`), for page layout."""
    inputs, mission = plan.inputs, plan.mission
    version = inputs.stamp(mission, livrable)
    internal = plan.internal(livrable)
    ctx = document_context(
        livrable, mission, resources.marque, plan.project.templates, internal, version
    )
    history = []
    if livrable.front.historique:
        history.append(history_block(livrable.front.historique, version, inputs.git))
    tree = filtered_tree(mission, livrable, internal, pages, history)
    deck = plan.is_deck(livrable)
    outputs: dict[str, bytes] = {}
    slides = None
    for fmt in formats:
        entry = FORMATS[fmt]
        if deck and entry.deck is not None:
            if slides is None:
                from livrables.document.slides import split_slides
                from livrables.writers.pptx.paginate import paginate

                template, fonts = resources.pptx_template, resources.slide_fonts
                slides = paginate(split_slides(tree.children), template, fonts)
            outputs[entry.deck_extension] = entry.deck(resources, ctx, slides)
        elif not deck and entry.document is not None:
            outputs[entry.extension] = entry.document(resources, ctx, tree)
    if not deck and pages is None:
        entries = [e for n in walk_blocks(tree) if isinstance(n, Contents) for e in n.entries]
        if entries:
            outputs[TOC] = json.dumps([(e.id, e.text) for e in entries]).encode()
    return outputs
