"""Assembling a deliverable's HTML: one self-contained page (CSS and images inlined)."""

from __future__ import annotations

from functools import cache
from pathlib import Path

import jinja2
from markupsafe import Markup

from livrables.brand.marque import Marque
from livrables.build.context import DocumentContext
from livrables.markdown.env import data_uri
from livrables.markdown.typography import french


def html_environment(layers: list[Path]) -> jinja2.Environment:
    return _environment(tuple(layers))


@cache
def _environment(layers: tuple[Path, ...]) -> jinja2.Environment:
    """One environment per set of template folders: its compiled templates serve every mission
    that shares them (Jinja checks the files' modification times itself)."""
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader([str(layer / "html") for layer in layers]),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        keep_trailing_newline=True,
    )
    env.filters["typo"] = french
    return env


def render_html(
    env: jinja2.Environment, ctx: DocumentContext, body: str, marque: Marque, css: str
) -> str:
    template = env.get_template("livrable.html.j2")
    return template.render(
        doc=ctx,
        corps=Markup(body),  # noqa: S704 - produced by our renderer, which escapes all text
        marque=marque,
        css=Markup(css_variables(marque) + css),  # noqa: S704 - the firm's own stylesheet
        logo=_optional_uri(ctx.logo),
        logo_client=_optional_uri(ctx.logo_client),
    )


def css_variables(marque: Marque) -> str:
    c = marque.couleurs
    return (
        ":root {\n"
        f"  --couleur-primaire: {c.primaire};\n"
        f"  --couleur-secondaire: {c.secondaire};\n"
        f"  --couleur-accent: {c.accent};\n"
        f"  --couleur-texte: {c.texte};\n"
        f"  --couleur-fond: {c.fond};\n"
        f"  --couleur-entete-tableau: {marque.entete_tableau};\n"
        f"  --police-titres: {marque.polices.titres.css()};\n"
        f"  --police-texte: {marque.polices.texte.css()};\n"
        "}\n"
    )


def _optional_uri(path: Path | None) -> str:
    return data_uri(path) if path is not None else ""
