"""Arabic, right to left in every format: the document's direction, its language, the tool's
Arabic font; a French word in an Arabic line keeps its place."""

from __future__ import annotations

import io
import re
from collections.abc import Callable
from pathlib import Path

import polib
import pytest
from click.testing import Result
from pypdf import PdfReader

from tests.conftest import Repo
from tests.helpers import docx_xml

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
NOTE = """---
type: note-strategique
titre: Note de cadrage pour la province partenaire
sous_titre: Coopération entre Valbrune et la province de Tiznit
langues: [ar]
bilingue: ar
statut: brouillon
date: 2027-02-01
---

# Pourquoi coopérer ?

La coopération sur l'eau engage **deux territoires** depuis 2019.

- Former les agents de la régie.
- Échanger des élèves entre les lycées.

| Action | Échéance |
|---|---|
| Mission technique | Mars 2027 |

::: graphique inventaire
:::
"""
ARABIC = {
    "Note de cadrage pour la province partenaire": "مذكرة إطار للإقليم الشريك",
    "Coopération entre Valbrune et la province de Tiznit": "التعاون بين فالبرون وإقليم تيزنيت",
    "Pourquoi coopérer ?": "لماذا نتعاون؟",
    "La coopération sur l'eau engage **deux territoires** depuis 2019.": (
        "يربط التعاون في مجال الماء **إقليمين** منذ 2019 مع Valbrune."
    ),
    "Former les agents de la régie.": "تكوين أعوان وكالة الماء.",
    "Échanger des élèves entre les lycées.": "تبادل التلاميذ بين الثانويات.",
    "Action": "العمل",
    "Échéance": "الأجل",
    "Mission technique": "بعثة تقنية",
    "Mars 2027": "مارس 2027",
}


@pytest.fixture
def arabic(repo: Repo, run: Callable[..., Result]) -> Path:
    repo.replace("mission.yaml", "langues: [en]", "langues: [en, ar]")
    repo.write("livrables/cadrage.md", NOTE)
    assert run("traduire", "valbrune/cadrage", "--langue", "ar").exit_code == 0
    for name in ("cadrage", "referentiel"):
        path = repo.mission / "traductions/ar" / f"{name}.po"
        po = polib.pofile(str(path))
        for entry in po:
            entry.msgstr = ARABIC.get(entry.msgid, entry.msgstr or f"ع {entry.msgid}")
        po.save(str(path))
    result = run("build", "valbrune")
    assert result.exit_code == 0, result.output
    return repo.root / "build" / "valbrune"


def test_arabic_is_right_to_left_in_word(arabic: Path) -> None:
    styles = docx_xml(arabic / "cadrage.ar.docx", "word/styles.xml")
    defaults = styles.find(f"{W}docDefaults")
    assert defaults.find(f".//{W}pPrDefault/{W}pPr/{W}bidi") is not None
    assert defaults.find(f".//{W}rPrDefault/{W}rPr/{W}rtl") is not None
    assert defaults.find(f".//{W}lang").get(f"{W}bidi") == "ar"
    core = docx_xml(arabic / "cadrage.ar.docx", "docProps/core.xml")
    assert any(el.text == "ar" for el in core.iter() if el.tag.endswith("language"))
    body = "".join(docx_xml(arabic / "cadrage.ar.docx").itertext())
    assert "لماذا نتعاون؟" in body and "تبادل التلاميذ" in body
    assert "مذكرة إطار" in "".join(docx_xml(arabic / "cadrage.ar.docx").itertext())


def test_arabic_is_right_to_left_in_html(arabic: Path) -> None:
    html = (arabic / "cadrage.ar.html").read_text("utf-8")
    assert re.search(r'<html lang="ar" dir="rtl">', html)
    assert '@font-face { font-family: "Noto Naskh Arabic"' in html
    assert "<strong>إقليمين</strong>" in html
    assert "مع Valbrune." in html  # the French name inside the Arabic sentence, in its place


def test_arabic_is_right_to_left_in_the_pdf(arabic: Path) -> None:
    reader = PdfReader(io.BytesIO((arabic / "cadrage.ar.pdf").read_bytes()))
    assert str(reader.trailer["/Root"].get("/Lang")) == "ar"
    fonts = set()
    for page in reader.pages:
        for font in (page.get("/Resources") or {}).get("/Font", {}).values():
            fonts.add(str(font.get_object().get("/BaseFont")))
    assert any("NotoNaskhArabic" in name for name in fonts), fonts
    text = "".join(page.extract_text() for page in reader.pages)
    assert "□" not in text  # every Arabic letter drawn
    # the chart's Arabic labels: a picture (Typst cannot map shaped glyphs of a drawing)
    french = PdfReader(io.BytesIO((arabic / "cadrage.pdf").read_bytes()))
    assert _pictures(reader) == _pictures(french) + 1
    assert re.search(r"[\u0600-\u06ff]{3}", text)


def test_french_and_arabic_side_by_side(arabic: Path) -> None:
    document = docx_xml(arabic / "cadrage.fr-ar.docx")
    layout = [
        t for t in document.iter(f"{W}tbl") if t.find(f"{W}tblPr/{W}tblDescription") is not None
    ]
    assert layout
    first_row = layout[0].find(f"{W}tr")
    french, other = first_row.findall(f"{W}tc")
    assert all(p.find(f"{W}pPr/{W}bidi") is not None for p in other.iter(f"{W}p"))
    assert all(p.find(f"{W}pPr/{W}bidi") is None for p in french.iter(f"{W}p"))
    assert "Pourquoi coopérer" in "".join(french.itertext())
    assert "لماذا نتعاون؟" in "".join(other.itertext())
    html = (arabic / "cadrage.fr-ar.html").read_text("utf-8")
    assert '<div class="langue" lang="ar" dir="rtl">' in html


def _pictures(reader: PdfReader) -> int:
    return sum(
        thing.get_object().get("/Subtype") == "/Image"
        for page in reader.pages
        for thing in ((page.get("/Resources") or {}).get("/XObject") or {}).values()
    )
