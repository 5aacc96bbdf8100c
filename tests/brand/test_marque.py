"""One brand file drives both formats; pale text colours are flagged (WCAG AA)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from click.testing import Result

from livrables.brand.contrast import ratio
from tests.conftest import REPO, Repo
from tests.helpers import W, docx_xml


def edit_brand(repo: Repo, old: str, new: str) -> None:
    path = repo.root / "templates" / "marque.yaml"
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new), encoding="utf-8")


def test_colour_and_font_change_reach_both_formats(repo: Repo, run: Callable[..., Result]) -> None:
    edit_brand(repo, 'primaire: "#1F4E79"', 'primaire: "#8A1538"')
    path = repo.root / "templates" / "marque.yaml"
    text = path.read_text(encoding="utf-8")
    start, end = text.index("    nom: Gelasio"), text.index("    secours: [Georgia")
    path.write_text(text[:start] + "    nom: Verdana\n" + text[end:], encoding="utf-8")
    assert run("build", "valbrune").exit_code == 0
    styles = docx_xml(repo.root / "build/valbrune/plan-actions.docx", "word/styles.xml")
    heading = styles.find(f".//{W}style[@{W}styleId='Heading1']")
    assert heading is not None
    assert heading.find(f"{W}rPr/{W}color").get(f"{W}val") == "8A1538"
    assert heading.find(f"{W}rPr/{W}rFonts").get(f"{W}ascii") == "Verdana"
    html = (repo.root / "build/valbrune/plan-actions.html").read_text(encoding="utf-8")
    assert "--couleur-primaire: #8A1538;" in html
    assert '--police-titres: "Verdana", "Georgia", serif;' in html


def test_contrast_ratio_matches_wcag() -> None:
    assert round(ratio("#000000", "#FFFFFF"), 1) == 21.0
    assert round(ratio("#777777", "#FFFFFF"), 2) == 4.48  # the classic "just below AA" grey


def test_pale_colour_is_a_warning_naming_the_pair(repo: Repo, run: Callable[..., Result]) -> None:
    edit_brand(repo, 'secondaire: "#1F6F8B"', 'secondaire: "#8AB4F8"')
    result = run("check")
    assert result.exit_code == 0
    line = next(
        i
        for i, text in enumerate(
            (repo.root / "templates/marque.yaml").read_text("utf-8").split("\n"), 1
        )
        if "secondaire:" in text
    )
    assert result.stderr.splitlines()[0] == (
        f"templates/marque.yaml:{line}:15: avertissement : contraste insuffisant entre "
        "couleurs.secondaire (#8AB4F8) et couleurs.fond (#FFFFFF) : 2,1:1, il faut au moins "
        "4,5:1 pour être lisible (WCAG AA) ; les documents impriment #5A75A1 à sa place"
    )
    assert run("check", "--strict").exit_code == 1
    assert ratio("#5A75A1", "#FFFFFF") >= 4.5
    assert run("build", "--format", "html").exit_code == 0  # what the page prints
    page = (repo.root / "build/valbrune/note-strategique.html").read_text("utf-8")
    assert "--couleur-secondaire: #5A75A1;" in page and "#8AB4F8" not in page


def test_the_firm_brand_passes(repo: Repo, run: Callable[..., Result]) -> None:
    assert "contraste" not in run("check").stderr


def test_a_font_file_of_another_family_is_named_in_the_error(
    repo: Repo, run: Callable[..., Result]
) -> None:
    """The family is read from the font's own `name` table: Arimo's file given for Gelasio."""
    polices = repo.root / "templates" / "polices"
    gelasio = next(p for p in sorted(polices.rglob("*.ttf")) if "Gelasio" in p.name)
    arimo = next(p for p in sorted(polices.rglob("*.ttf")) if "Arimo" in p.name)
    gelasio.write_bytes(arimo.read_bytes())
    result = run("check")
    assert result.exit_code == 1
    assert "est un fichier de la police « Arimo », pas de « Gelasio »" in result.output


def test_font_families_are_read_as_fonttools_reads_them() -> None:
    """The hand-read `name` table gives what fontTools' `getDebugName` gives, for the firm's
    fonts and those of the machine; a cut file gives no name, not a crash."""
    from fontTools.ttLib import TTFont

    from livrables.brand.marque import _family

    fonts = sorted(REPO.joinpath("templates").rglob("*.[ot]tf"))
    fonts += sorted(Path("/usr/share/fonts").rglob("*.[ot]tf"))[:60]
    for path in fonts:
        with TTFont(path, lazy=True) as font:
            names = font["name"]
            expected = str(names.getDebugName(16) or names.getDebugName(1) or "")
        assert _family(path) == expected, path
    assert len(fonts) >= 8


def test_a_cut_font_file_has_no_family(tmp_path: Path) -> None:
    from livrables.brand.marque import _family

    font = next(REPO.joinpath("templates").rglob("*.ttf"))
    for size in (0, 10, 200):
        cut = tmp_path / f"{size}.ttf"
        cut.write_bytes(font.read_bytes()[:size])
        assert _family(cut) == ""
