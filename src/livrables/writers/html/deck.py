"""The HTML deck: the slides as reveal.js sections in the firm's template, self-contained —
reveal.js (vendored, `data/reveal/`), the brand's CSS and fonts and every picture inlined — so it
runs from `file://` with no network. `S` shows the speaker view when the deck carries notes."""

from __future__ import annotations

import base64
from collections.abc import Sequence
from dataclasses import replace
from importlib.resources import files

import jinja2
from markupsafe import Markup

from livrables.brand.css import css_variables
from livrables.brand.marque import Marque
from livrables.caches import PACKAGE, process_cache
from livrables.charts.render import ChartRenderer
from livrables.document.meta import DocumentContext
from livrables.document.nodes import Block, Document, Para, Title
from livrables.document.slides import Slide
from livrables.writers.html.body import render_body
from livrables.writers.html.page import optional_uri, script_css

DECK_PAGE = "diaporama.html.j2"


@process_cache(PACKAGE)
def _reveal(name: str) -> str:
    return (files("livrables") / "data" / "reveal" / name).read_text("utf-8")


def _data(name: str, kind: str) -> str:
    """A vendored file as a `data:` URI: a script's text can never end the page's `<script>`,
    and reveal's stylesheet (modern CSS: `inset`, `all`, space-separated `rgb()`) stays out of
    the HTML checker's older CSS grammar — it is reveal's, pinned, not ours."""
    data = base64.b64encode(_reveal(name).encode("utf-8")).decode("ascii")
    return f"data:{kind};base64,{data}"


def render_deck(
    env: jinja2.Environment,
    ctx: DocumentContext,
    slides: Sequence[Slide],
    marque: Marque,
    css: str,
    charts: ChartRenderer,
) -> str:
    charts = charts.for_screen()
    rows = [
        {
            "layout": slide.layout,
            "titre": Markup(_inlines(slide)),  # noqa: S704 - our renderer escapes all text
            "id": slide.title_id,
            "corps": Markup(_html(slide.body, charts)),  # noqa: S704
            "visuel": Markup(_html([slide.visual], charts) if slide.visual else ""),  # noqa: S704
            "colonnes": [Markup(_html(c, charts)) for c in slide.columns],  # noqa: S704
            "notes": Markup(_html(slide.notes, charts) if slide.notes else ""),  # noqa: S704
            "texte_titre": slide.title_text,
            # the table's size the layout chose, in px of the 720 px high slide (540 pt)
            "taille_tableau": round(slide.table_pt * 4 / 3, 1) if slide.table_pt else 0,
        }
        for slide in slides
    ]
    template = env.get_template(DECK_PAGE)
    return template.render(
        doc=ctx,
        diapositives=rows,
        marque=marque,
        css=Markup(css_variables(marque) + script_css(ctx) + css),  # noqa: S704 - ours
        reveal_css=_data("reveal.css", "text/css"),
        reveal_js=_data("reveal.js", "text/javascript"),
        notes_js=_data("notes.js", "text/javascript") if any(s.notes for s in slides) else "",
        logo=optional_uri(ctx.logo),
        logo_client=optional_uri(ctx.logo_client),
    )


def _html(blocks: Sequence[Block | None], charts: ChartRenderer) -> str:
    """Blocks inside a slide: a `###` title is the level under the slide's (`<h3>`)."""
    lifted = [
        replace(b, level=b.level - 1) if isinstance(b, Title) and b.level > 2 else b  # noqa: PLR2004
        for b in blocks
        if b is not None
    ]
    return render_body(Document(lifted), charts)


def _inlines(slide: Slide) -> str:
    """The slide's title as HTML (a paragraph's inline content, without the paragraph)."""
    if not slide.title:
        return ""
    html = render_body(Document([Para(slide.title)]))
    return html.strip().removeprefix("<p>").removesuffix("</p>")
