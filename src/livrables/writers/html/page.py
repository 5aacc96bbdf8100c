"""The HTML writer's page: the body in the firm's template, self-contained (CSS and images
inlined)."""

from __future__ import annotations

import base64
import contextlib
import os
from pathlib import Path
from typing import Any

import jinja2
from jinja2.sandbox import ImmutableSandboxedEnvironment
from markupsafe import Markup

from livrables.brand.css import css_variables
from livrables.brand.marque import Marque
from livrables.caches import ARGUMENTS, PURE, process_cache
from livrables.document.meta import DocumentContext
from livrables.document.typography import french
from livrables.i18n import t
from livrables.writers.html.body import data_uri

HTML_PAGE = "html/livrable.html.j2"


def html_environment(layers: list[Path]) -> jinja2.Environment:
    return _environment(tuple(layers), _files(layers))


def _files(layers: list[Path]) -> tuple[tuple[str, int, int, int], ...]:
    """The templates of each folder, their sizes and dates: a process that lives on (a
    project's standby, the preview) sees a template added that hides another, or one changed
    within the same second, which Jinja's own check of dates misses."""
    found = []
    for layer in layers:
        with contextlib.suppress(OSError):
            for entry in os.scandir(layer / "html"):
                info = entry.stat()
                found.append((entry.path, info.st_size, info.st_mtime_ns, info.st_ctime_ns))
    return tuple(sorted(found))


@process_cache(ARGUMENTS, maxsize=16)  # the templates' sizes and dates are in its key
def _environment(layers: tuple[Path, ...], _files: object) -> jinja2.Environment:
    """One environment per set of template folders: its compiled templates serve every mission
    that shares them. Templates may come from anyone who can commit: they run in Jinja's
    sandbox, with no access to Python objects, the OS or files."""
    env = ImmutableSandboxedEnvironment(
        loader=_ConfinedLoader([str(layer / "html") for layer in layers]),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        keep_trailing_newline=True,
    )
    env.filters["typo"] = french
    env.filters["t"] = _label  # the tool's labels in the language of the page
    return env


class _ConfinedLoader(jinja2.FileSystemLoader):
    """Jinja's loader already refuses `..`; this one also refuses a template that is a link to
    a file outside its folder."""

    def get_source(self, environment: jinja2.Environment, template: str) -> Any:
        source, filename, uptodate = super().get_source(environment, template)
        roots = [Path(p).resolve() for p in self.searchpath]
        if not any(Path(filename).resolve().is_relative_to(root) for root in roots):
            raise jinja2.TemplateNotFound(template, "lien vers un fichier hors des gabarits")
        return source, filename, uptodate


@jinja2.pass_context
def _label(_context: Any, label: str) -> str:
    """`t` for templates: taking the context keeps Jinja from folding `"…" | t` into the
    French at compile time (the compiled template serves every language)."""
    return t(label)


def render_html(
    env: jinja2.Environment, ctx: DocumentContext, body: str, marque: Marque, css: str
) -> str:
    template = env.get_template(HTML_PAGE.removeprefix("html/"))
    return template.render(
        doc=ctx,
        corps=Markup(body),  # noqa: S704 - produced by our renderer, which escapes all text
        marque=marque,
        css=Markup(css_variables(marque) + script_css(ctx) + css),  # noqa: S704 - ours
        logo=optional_uri(ctx.logo),
        logo_client=optional_uri(ctx.logo_client),
    )


TOOL_FONTS = Path(__file__).resolve().parents[2] / "data" / "polices"
ARABIC_FACES = (("NotoNaskhArabic_400Regular.ttf", 400), ("NotoNaskhArabic_700Bold.ttf", 700))


@process_cache(PURE)
def _arabic_css() -> str:
    faces = []
    for name, weight in ARABIC_FACES:
        data = base64.b64encode((TOOL_FONTS / name).read_bytes()).decode("ascii")
        faces.append(
            f'@font-face {{ font-family: "Noto Naskh Arabic"; font-weight: {weight}; '
            f'src: url(data:font/ttf;base64,{data}) format("truetype"); }}\n'
        )
    rules = (
        'body, .reveal { font-family: var(--police-texte), "Noto Naskh Arabic"; }\n'
        "h1, h2, h3, h4, h5, h6, .reveal h1, .reveal h2, .reveal h3 "
        '{ font-family: var(--police-titres), "Noto Naskh Arabic"; }\n'
    )
    return "".join(faces) + rules


def script_css(ctx: DocumentContext) -> str:
    """A page in Arabic: the tool's Arabic font embedded (the brand's has no Arabic letters),
    after the brand's in every family, so Latin words keep the brand's."""
    return _arabic_css() if ctx.rtl else ""


def optional_uri(path: Path | None) -> str:
    return data_uri(path) if path is not None else ""
