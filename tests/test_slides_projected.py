"""Decks as the room sees them: generated at random with wide and long tables, long lists and
every chart, then shown by LibreOffice (the PDF of the PowerPoint), by Chromium (the HTML
deck, slide by slide) and as the deck's own PDF. No text outside a slide or over its footer,
none under 12 pt, no word cut across two lines. The sample decks go through the same eyes.
`LIVRABLES_GRAINES="4 5 6"` tries other random decks."""

from __future__ import annotations

import os
import random
import re
import subprocess
import zipfile
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from click.testing import Result
from lxml import etree

from tests.conftest import REPO, Repo
from tests.test_real_renderers import need, soffice_convert

WORDS = [
    "action",
    "coopération",
    "décentralisée",
    "jumelage",
    "intercommunalité",
    "Auvergne-Rhône-Alpes",
    "Lindenfeld",
    "Bakoundé",
    "service",
    "pilote",
    "direction",
    "générale",
    "attractivité",
    "jeunesse",
    "budget",
    "engagée",
    "réalisée",
    "suspendue",
    "partenaires",
    "financement",
    "indicateur",
    "trimestriel",
    "évaluation",
    "communication",
    "subvention",
    "Erasmus+",
    "délégation",
    "entreprises",
    "salon",
    "mobilité",
]
CHARTS = (
    "::: graphique gantt\n:::\n",
    "::: graphique indicateurs\n:::\n",
    "::: graphique budget par=financeur\n:::\n",
    "::: graphique inventaire par=type\n:::\n",
    "::: graphique carte\n:::\n",
    "::: plan-actions\n:::\n",
)
PT = 1.0  # PDF units are points
FOOTER_TOP = 6.98 * 72  # the master's footer box (pptx_template.FOOTER_BOX), in points
MIN_WORD_HEIGHT = 12 * 1.05  # a 12 pt word's box in Arimo is 1.12 em high


def _phrase(rng: random.Random, low: int, high: int) -> str:
    return " ".join(rng.choice(WORDS) for _ in range(rng.randint(low, high)))


def random_deck(seed: int) -> str:
    """A deck as a hurried consultant writes one: tables of 2 to 12 columns and up to 25 rows,
    lists of up to 14 items of one to three lines, numbered lists, every chart."""
    rng = random.Random(seed)
    out = [
        "---\ntype: diaporama\ntitre: Essai aléatoire\nmodule: comprendre\n"
        "statut: brouillon\ndiffusion: client\n---\n\n# Les limites\n"
    ]
    for number in range(6):
        kind = rng.choice(("table", "list", "numbered", "chart"))
        out.append(f"\n## Diapositive {number} {_phrase(rng, 1, 4)}\n\n")
        if rng.random() < 0.4:
            out.append(_phrase(rng, 4, 25).capitalize() + ".\n\n")
        if kind == "table":
            columns, rows = rng.randint(2, 12), rng.randint(1, 25)
            out.append("| " + " | ".join(_phrase(rng, 1, 2) for _ in range(columns)) + " |\n")
            out.append("|" + "---|" * columns + "\n")
            for _ in range(rows):
                out.append("| " + " | ".join(_phrase(rng, 1, 6) for _ in range(columns)) + " |\n")
        elif kind in ("list", "numbered"):
            for index in range(rng.randint(3, 14)):
                mark = f"{index + 1}." if kind == "numbered" else "-"
                out.append(f"{mark} {_phrase(rng, 3, 30).capitalize()}.\n")
        else:
            out.append(rng.choice(CHARTS))
    for chart in CHARTS:  # every chart, once at least
        out.append(f"\n## {_phrase(rng, 1, 3).capitalize()}\n\n{chart}")
    return "".join(out)


@pytest.fixture(autouse=True)
def brand_fonts_installed(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """LibreOffice draws with the brand's fonts, as on a consultant's machine where they are
    installed (not with whatever this machine substitutes for them)."""
    conf = tmp_path / "fonts.conf"
    conf.write_text(
        '<?xml version="1.0"?>\n<!DOCTYPE fontconfig SYSTEM "fonts.dtd">\n<fontconfig>\n'
        '<include ignore_missing="yes">/etc/fonts/fonts.conf</include>\n'
        f"<dir>{REPO / 'templates' / 'polices'}</dir>\n"
        f"<cachedir>{tmp_path / 'cache-polices'}</cachedir>\n</fontconfig>\n",
        "utf-8",
    )
    monkeypatch.setenv("FONTCONFIG_FILE", str(conf))


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    from playwright.sync_api import sync_playwright

    chromium = need("chromium")
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(
            executable_path=chromium, args=["--no-sandbox", "--disable-gpu"]
        )
        yield launched
        launched.close()


def _tokens(pptx: Path) -> set[str]:
    """Every word the PowerPoint writes in its slides' text (what a cut would break)."""
    words: set[str] = set()
    with zipfile.ZipFile(pptx) as package:
        for name in package.namelist():
            if name.startswith("ppt/slides/slide") and name.endswith(".xml"):
                root = etree.fromstring(package.read(name))
                text = " ".join(
                    t.text or ""
                    for t in root.iter("{http://schemas.openxmlformats.org/drawingml/2006/main}t")
                )
                words.update(re.split(r"[\s\u00a0\u202f]+", text))
    return {w for w in words if w}


def projector_problems(pptx: Path, profile: Path) -> list[str]:
    """What LibreOffice shows of the PowerPoint that a room could not read."""
    pdf = soffice_convert(pptx, pptx.parent / "projection", "pdf", profile)
    return pdf_problems(pdf, _tokens(pptx), FOOTER_TOP)


def pdf_problems(pdf: Path, tokens: set[str], footer_top: float | None) -> list[str]:
    """Words of a deck's PDF outside their page, over the footer band (`footer_top`), under
    12 pt, or cut across two lines (`tokens`: the words as written)."""
    layout = subprocess.run(
        [need("pdftotext"), "-bbox-layout", str(pdf), "-"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    root = etree.fromstring(layout.encode("utf-8"), etree.XMLParser(recover=True))
    ns = {"x": "http://www.w3.org/1999/xhtml"}
    problems = []
    for number, page in enumerate(root.iterfind(".//x:page", ns), 1):
        width, height = float(page.get("width")), float(page.get("height"))
        for block in page.iterfind(".//x:block", ns):
            lines = [
                [
                    (w.text or "", *(float(w.get(k)) for k in ("xMin", "yMin", "xMax", "yMax")))
                    for w in line.iterfind("x:word", ns)
                ]
                for line in block.iterfind("x:line", ns)
            ]
            for words in lines:
                for text, x0, y0, x1, y1 in words:
                    where = f"diapositive {number}, « {text} »"
                    if x0 < -PT or y0 < -PT or x1 > width + PT or y1 > height + PT:
                        problems.append(f"{where} : hors de la diapositive")
                    if footer_top and y0 < footer_top - 2 and y1 > footer_top + 2:
                        problems.append(f"{where} : sur le pied de page")
                    if y1 - y0 < MIN_WORD_HEIGHT:
                        problems.append(f"{where} : moins de 12 points ({y1 - y0:.1f})")
            for above, below in zip(lines, lines[1:], strict=False):
                if not above or not below:
                    continue
                last, first = above[-1][0], below[0][0]
                joined = last + first
                cut = (
                    joined in tokens
                    and last not in tokens
                    and not last.endswith(("-", "–", "—", "/"))
                )
                if cut:
                    problems.append(f"diapositive {number} : mot coupé « {last}|{first} »")
    return problems


SCREEN_JS = """
() => {
  const slide = Reveal.getCurrentSlide();
  const cadre = slide.querySelector('.cadre');
  const box = cadre.getBoundingClientRect();
  const scale = box.height / 720;
  const foot = cadre.querySelector('.pied-diapo').getBoundingClientRect();
  const problems = [];
  const walker = document.createTreeWalker(cadre, NodeFilter.SHOW_TEXT);
  while (walker.nextNode()) {
    const node = walker.currentNode;
    const element = node.parentElement;
    if (!node.textContent.trim() || element.closest('.invisible, details, figcaption')) continue;
    const style = getComputedStyle(element);
    if (style.display === 'none' || style.visibility === 'hidden') continue;
    const range = document.createRange();
    range.selectNodeContents(node);
    const text = node.textContent.trim().slice(0, 30);
    const rects = [...range.getClientRects()].filter(r => r.width > 0);
    if (!rects.length) continue;  // not drawn (an SVG's title, a collapsed element)
    for (const r of rects) {
      if (r.left < box.left - 1 || r.right > box.right + 1 || r.top < box.top - 1
          || r.bottom > box.bottom + 1) problems.push(`« ${text} » : hors de la diapositive`);
      else if (!element.closest('.pied-diapo') && r.bottom > foot.top + 1)
        problems.push(`« ${text} » : sur le pied de page`);
    }
    let size = parseFloat(style.fontSize);
    const svg = element.closest('svg');
    if (svg) {
      const matrix = svg.getScreenCTM();
      size = size * Math.hypot(matrix.a, matrix.b) / scale;
    }
    if (size < 15.9) problems.push(`« ${text} » : ${size.toFixed(1)} px, moins de 12 points`);
  }
  return problems;
}
"""


def screen_problems(browser: object, html: Path) -> list[str]:
    """What Chromium shows of the HTML deck, slide by slide, that a room could not read."""
    tab = browser.new_page(viewport={"width": 1280, "height": 720})  # type: ignore[attr-defined]
    problems = []
    try:
        tab.goto(html.resolve().as_uri())
        tab.wait_for_function("typeof Reveal !== 'undefined' && Reveal.isReady()")
        count = tab.evaluate("Reveal.getTotalSlides()")
        for index in range(count):
            tab.evaluate(f"Reveal.slide({index})")
            for problem in tab.evaluate(SCREEN_JS):
                problems.append(f"diapositive {index + 1} : {problem}")
    finally:
        tab.close()
    return problems


@pytest.mark.parametrize(
    "seed", [int(s) for s in os.environ.get("LIVRABLES_GRAINES", "1 2 3").split()]
)
def test_random_decks_stay_on_their_slides(
    seed: int, repo: Repo, run: Callable[..., Result], browser: object, tmp_path: Path
) -> None:
    repo.write("livrables/essai-aleatoire.md", random_deck(seed))
    assert run("check").exit_code == 0
    result = run("build")
    assert result.exit_code == 0, result.output
    folder = repo.root / "build" / "valbrune"
    pptx = folder / "essai-aleatoire.pptx"
    assert projector_problems(pptx, tmp_path / "profil") == []
    assert screen_problems(browser, folder / "essai-aleatoire.html") == []
    # the deck's own PDF (Typst): the same slides, reduced where needed, never under 12 pt
    assert pdf_problems(folder / "essai-aleatoire.pdf", _tokens(pptx), None) == []


def test_the_sample_decks_stay_on_their_slides(
    repo: Repo, run: Callable[..., Result], browser: object, tmp_path: Path
) -> None:
    assert run("build", "--format", "docx", "--format", "html").exit_code == 0
    folder = repo.root / "build" / "valbrune"
    decks = sorted(folder.glob("*.pptx"))
    assert len(decks) == 3  # the training day, the restitution, and the restitution in English
    for deck in decks:
        assert projector_problems(deck, tmp_path / "profil") == [], deck.name
        assert screen_problems(browser, deck.with_suffix(".html")) == [], deck.name
