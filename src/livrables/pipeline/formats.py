"""The output formats, one registry line each: the writer that turns a finished document tree
into a document's file, the one for a deck, and the extension each gets.

A new format is one writer module and one line here: the command's `--format` choices, the
client folder's allowed files, the build's planning and the portal all read this table. Each
writer is imported when first used (a build with nothing to do imports none).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

from livrables.errors import ContentError

if TYPE_CHECKING:
    import jinja2

    from livrables.brand.fonts import FontFace
    from livrables.brand.marque import Marque
    from livrables.charts.render import ChartRenderer
    from livrables.document.meta import DocumentContext
    from livrables.document.nodes import Document
    from livrables.document.slides import Slide


class Resources(Protocol):
    """What the writers draw with, found for one mission (render.py makes it)."""

    marque: Marque
    fonts: list[FontFace]
    charts: ChartRenderer
    jinja: jinja2.Environment
    css: str
    word: bytes
    word_path: Path
    html_path: Path

    @property
    def deck_path(self) -> Path: ...
    @property
    def deck_css(self) -> str: ...
    @property
    def pptx_template(self) -> bytes: ...
    @property
    def slide_fonts(self) -> Any: ...
    @property
    def pdf_template(self) -> Path: ...
    @property
    def font_dirs(self) -> list[Path]: ...


DocumentWriter = Callable[["Resources", "DocumentContext", "Document"], bytes]
DeckWriter = Callable[["Resources", "DocumentContext", "list[Slide]"], bytes]


@dataclass(frozen=True)
class Format:
    document: DocumentWriter | None  # None: made by page layout (layout.py), not from the tree
    deck: DeckWriter | None
    extension: str
    deck_extension: str


def _docx(resources: Resources, ctx: DocumentContext, tree: Document) -> bytes:
    from livrables.writers.docx.package import render_docx

    with template_errors(resources.word_path):
        return render_docx(
            resources.word, ctx, tree, resources.marque, resources.fonts, resources.charts
        )


def _html(resources: Resources, ctx: DocumentContext, tree: Document) -> bytes:
    from livrables.writers.html.body import render_body
    from livrables.writers.html.page import render_html

    with template_errors(resources.html_path):
        page = render_html(
            resources.jinja,
            ctx,
            render_body(tree, resources.charts),
            resources.marque,
            resources.css,
        )
    return page.encode("utf-8")


def _pptx(resources: Resources, ctx: DocumentContext, slides: list[Slide]) -> bytes:
    from livrables.writers.pptx import render_pptx

    return render_pptx(
        resources.pptx_template,
        ctx,
        slides,
        resources.marque,
        resources.slide_fonts,
        resources.charts,
    )


def _deck_html(resources: Resources, ctx: DocumentContext, slides: list[Slide]) -> bytes:
    from livrables.writers.html.deck import render_deck

    with template_errors(resources.deck_path):
        deck = render_deck(
            resources.jinja, ctx, slides, resources.marque, resources.deck_css, resources.charts
        )
    return deck.encode("utf-8")


def _pdf(resources: Resources, ctx: DocumentContext, tree: Document) -> bytes:
    from livrables.writers.typst import render_pdf

    return render_pdf(
        resources.pdf_template, ctx, tree, resources.marque, resources.font_dirs, resources.charts
    )


def _deck_pdf(resources: Resources, ctx: DocumentContext, slides: list[Slide]) -> bytes:
    from livrables.writers.typst.deck import render_deck_pdf

    return render_deck_pdf(
        resources.pdf_template, ctx, slides, resources.marque, resources.font_dirs, resources.charts
    )


FORMATS: dict[str, Format] = {
    "docx": Format(_docx, _pptx, "docx", "pptx"),
    "html": Format(_html, _deck_html, "html", "html"),
    "pdf": Format(_pdf, _deck_pdf, "pdf", "pdf"),
}
ALL_FORMATS = tuple(FORMATS)
# every file a deliverable may have in an output folder
EXTENSIONS = tuple(
    dict.fromkeys(e for f in FORMATS.values() for e in (f.extension, f.deck_extension))
)


def extension(fmt: str, deck: bool) -> str:
    """The extension of a format's file: a deck's office document is a PowerPoint."""
    entry = FORMATS[fmt]
    return entry.deck_extension if deck else entry.extension


@contextmanager
def template_errors(path: Path) -> Iterator[None]:
    """A template's mistake (or an attempt to leave the sandbox) as a French content error
    naming the template, instead of a traceback."""
    import jinja2  # with the writers that use it

    try:
        yield
    except jinja2.exceptions.SecurityError as exc:
        raise ContentError.at(path, 1, 1, f"gabarit refusé : accès interdit ({exc})") from None
    except jinja2.TemplateSyntaxError as exc:
        raise ContentError.at(path, exc.lineno or 1, 1, f"gabarit : {exc.message}") from None
    except jinja2.TemplateError as exc:
        raise ContentError.at(path, 1, 1, f"gabarit : {exc}") from None
