"""The PDF writer: the finished tree as Typst markup, laid out in-process by the Typst compiler
(the `typst` wheel: no LibreOffice, no system library), in the firm's page template
(`templates/typst/`). Every PDF is PDF/A-2a and PDF/UA-1: a title, the language (fr-FR),
bookmarks from the headings, alternative text on every figure, table headers tagged, the
running header and footer marked as artifacts; the brand's fonts embedded, and for Arabic
script the tool's (data/polices), no other.

The text reaches Typst as string literals (markup.py) and the cover's values as JSON: content
never becomes Typst code. A character the brand's fonts cannot draw is replaced, as PDF/A
demands, rather than drawn by a substitute font.
"""

from __future__ import annotations

import base64
import datetime as dt
import json
import os
import re
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

from livrables.brand.marque import Marque
from livrables.caches import ARGUMENTS, process_cache
from livrables.charts.render import ChartRenderer
from livrables.document.meta import DocumentContext
from livrables.document.nodes import Document
from livrables.errors import ContentError
from livrables.i18n import t
from livrables.writers.typst.assets import Assets
from livrables.writers.typst.body import TypstWriter
from livrables.writers.typst.compiler import compile_job
from livrables.writers.typst.streams import unambiguous

ARABIC = "Noto Naskh Arabic"  # the tool's font for Arabic script (data/polices)
MISSING = "\u25a1"  # □, drawn in place of a character the fonts lack (or "?" without it)
EPOCH = dt.datetime(1980, 1, 1, tzinfo=dt.UTC)  # a document without a date: never the clock
KEPT = "\n\r\t\u00ad\u200b\u200c\u200d\u2060"  # breaks and joiners: drawn by no glyph
BUILT_IN = "Libertinus Serif"  # Typst's own: only when the brand gives no font file at all
PREAMBLE = (
    '#import "{template}": *\n'
    "#let meta = json(bytes(sys.inputs.meta))\n"
    "#show: corps => {function}(meta, corps)\n"
)


def render_pdf(
    template: Path,
    ctx: DocumentContext,
    tree: Document,
    marque: Marque,
    font_dirs: list[Path],
    charts: ChartRenderer | None,
) -> bytes:
    """A deliverable's PDF in `template` (`templates/typst/livrable.typ`)."""
    assets = Assets()
    writer = TypstWriter(tree, assets, charts)
    body = writer.body()
    return compile_pdf(template, "livrable", body, ctx, marque, font_dirs, assets)


def compile_pdf(
    template: Path,
    function: str,
    body: str,
    ctx: DocumentContext,
    marque: Marque,
    font_dirs: list[Path],
    assets: Assets,
) -> bytes:
    state = tuple(_font_state(font_dirs))
    meta = _meta(ctx, marque, assets)
    builtin = BUILT_IN in meta["marque"]["polices"].values()
    svgs = [data.decode("utf-8") for name, data in assets.files.items() if name.endswith(".svg")]
    ordinary = all(_ordinary(text) for text in (body, json.dumps(meta, ensure_ascii=False), *svgs))
    # Typst's own fonts fall back by themselves; French text in Latin letters is in any font
    covered = None if builtin or ordinary else _covered(state)
    source = PREAMBLE.format(template="gabarit.typ", function=function) + body
    with tempfile.TemporaryDirectory(prefix="livrables-pdf-") as scratch:
        root = Path(scratch)
        (root / "gabarit.typ").write_bytes(template.read_bytes())
        (root / "document.typ").write_text(_drawable(source, covered), "utf-8")
        for name, data in assets.files.items():
            if name.endswith(".svg"):
                data = _drawable(data.decode("utf-8"), covered).encode("utf-8")
            (root / name).write_bytes(data)
        day = ctx.day
        moment = dt.datetime.combine(day, dt.time(), dt.UTC) if day is not None else EPOCH
        job = {
            "root": str(root),
            "fonts": sorted({str(Path(path).parent) for path, _size, _date in state}),
            "builtin": builtin,
            "meta": _drawable(json.dumps(meta, ensure_ascii=False), covered),
            "timestamp": int(moment.timestamp()),
        }
        if _ENGINE and _ENGINE[0] != os.getpid():
            outcome = _elsewhere(job)  # a fork of a process whose compiler runs: not here
        else:
            _ENGINE[:] = [os.getpid()]
            outcome = compile_job(job)
    if "pdf" not in outcome:
        raise _error(outcome, template)
    for warning in outcome.get("warnings", []):
        if "font" in warning:  # a family the template names that is not there
            raise ContentError.at(template, 1, 1, f"gabarit PDF : {warning}")
    pdf = outcome["pdf"]
    assert isinstance(pdf, bytes)
    return unambiguous(pdf)


# The process whose Typst compiler has run: the compiler keeps threads of its own, which a
# forked child does not have (it would wait on them forever); such a child compiles in a fresh
# interpreter, as the chart engine draws (charts/render.py).
_ENGINE: list[int] = []


def _elsewhere(job: dict[str, Any]) -> dict[str, Any]:
    """The job compiled by this process's helper: a fresh interpreter, started once and kept
    for the process's documents, which ends when this process does (its input closes)."""
    helper = _HELPER[0] if _HELPER and _HELPER[0][0] == os.getpid() else None
    if helper is None or helper[1].poll() is not None:
        process = subprocess.Popen(
            [sys.executable, "-m", "livrables.writers.typst.compiler", "--serve"],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
        )
        helper = (os.getpid(), process)
        _HELPER[:] = [helper]
    process = helper[1]
    assert process.stdin is not None and process.stdout is not None
    try:
        process.stdin.write(json.dumps(job).encode("utf-8") + b"\n")
        process.stdin.flush()
        line = process.stdout.readline()
    except OSError:
        line = b""
    if not line:
        _HELPER.clear()
        raise RuntimeError("Typst : le compilateur s'est arrêté")
    answer = json.loads(line)
    if "pdf" in answer:
        answer["pdf"] = base64.b64decode(answer["pdf"])
    return dict(answer)


_HELPER: list[tuple[int, subprocess.Popen[bytes]]] = []  # (owner's pid, helper)


def _meta(ctx: DocumentContext, marque: Marque, assets: Assets) -> dict[str, Any]:
    couleurs = marque.couleurs
    return {
        "titre": ctx.titre,
        "sous_titre": ctx.sous_titre,
        "type": ctx.type_label,
        "module": ctx.module,
        "collectivite": ctx.collectivite,
        "mission": ctx.mission,
        "references": ctx.references,
        "date": ctx.date,
        "version": ctx.version,
        "diffusion": ctx.diffusion,
        "brouillon": ctx.brouillon,
        "interne": ctx.interne,
        "fictive": ctx.fictive,
        "cabinet": ctx.cabinet,
        "signature": ctx.signature,
        "contact": ctx.contact,
        "mentions": ctx.mentions,
        "pied": ctx.pied,
        "lieu": ctx.lieu,
        "langue": ctx.langue.split("-")[0],
        "region": ctx.langue.split("-")[1] if "-" in ctx.langue else None,
        "arabe": ARABIC,
        "page": t("Page"),
        "logo": assets.picture(ctx.logo),
        "logo_client": assets.picture(ctx.logo_client),
        "marque": {
            "couleurs": {
                "primaire": couleurs.primaire,
                "secondaire": couleurs.secondaire,
                "accent": couleurs.accent,
                "texte": couleurs.texte,
                "fond": couleurs.fond,
                "entete_tableau": couleurs.entete_tableau or couleurs.primaire,
            },
            "polices": _families(marque),
        },
    }


def _families(marque: Marque) -> dict[str, str]:
    """The families Typst lays out with: the brand's, each only if it has files (only they are
    given to Typst); one without files takes the other's, else Typst's own serif."""
    titres, texte = marque.polices.titres, marque.polices.texte
    fallback = texte.nom if texte.fichiers else titres.nom if titres.fichiers else BUILT_IN
    return {
        "titres": titres.nom if titres.fichiers else fallback,
        "texte": texte.nom if texte.fichiers else fallback,
    }


def _font_state(font_dirs: list[Path]) -> list[tuple[str, int, int]]:
    found = []
    for folder in font_dirs:
        for path in sorted(folder.rglob("*.[ot]tf")):
            info = path.stat()
            found.append((str(path), info.st_size, info.st_mtime_ns))
    return found


@process_cache(ARGUMENTS, maxsize=4)
def _covered(files: tuple[tuple[str, int, int], ...]) -> frozenset[int]:
    """The characters the brand's fonts draw (their sizes and dates in the key)."""
    from fontTools.ttLib import TTFont

    covered: set[int] = set()
    for path, _size, _date in files:
        with TTFont(path, lazy=True) as font:
            covered.update(font.getBestCmap() or {})
    return frozenset(covered)


# Latin-1, French typography and the tool's own marks (the Gantt's diamond, boxes to tick):
# in every font a brand may choose (looking at the fonts' own tables takes longer than laying
# the document out)
_ORDINARY = re.compile(
    r"[\n\r\t\u0020-\u00ff\u2011\u2013\u2014\u2019\u201c\u201d\u2022\u2026\u202f\u20ac\u200b"
    r"\u00ad\u2610\u25a0\u25a1\u2666]*"
)


def _ordinary(text: str) -> bool:
    return _ORDINARY.fullmatch(text) is not None


def _drawable(text: str, covered: frozenset[int] | None) -> str:
    """`text` with each character the fonts cannot draw replaced (line breaks kept)."""
    if covered is None:
        return text
    missing = {c for c in set(text) if ord(c) not in covered and c not in KEPT}
    if not missing:
        return text
    stand_in = MISSING if ord(MISSING) in covered else "?"
    return text.translate({ord(c): stand_in for c in missing})


_LOCATION = re.compile(r"┌─ \S*?([\w.-]+\.typ):(\d+):(\d+)")


def _error(outcome: dict[str, Any], template: Path) -> Exception:
    """The template's mistake, at its line; anything else is ours (an internal error)."""
    found = _LOCATION.search(outcome.get("diagnostic", ""))
    message = outcome.get("message", "")
    if found and found.group(1) == "gabarit.typ":
        line, column = int(found.group(2)), int(found.group(3))
        return ContentError.at(template, line, column, f"gabarit PDF : {message}")
    return RuntimeError(f"Typst : {message}")
