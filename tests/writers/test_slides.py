"""Slides: the grammar that cuts a deck, the layout chosen from content, the notes boundary,
the overflow warning, and what each output is (valid PPTX, one PDF page per slide, an HTML deck
that loads nothing)."""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Callable
from pathlib import Path

from click.testing import Result
from pptx import Presentation

from livrables.document.nodes import Chart, Figures, Series, Table
from livrables.document.nodes import Column as Col
from livrables.document.slides import split_slides
from livrables.markdown.parser import parse
from livrables.markdown.reader import read
from tests.conftest import Built, Repo

DECK = "restitution-diagnostic"
TRAINING = "journee-sensibilisation"
SECRET = "NOTE-ORATEUR-SECRETE"


def slides_of(markdown: str) -> list[tuple[str, str]]:
    tree = read(parse(markdown))
    return [(s.layout, s.title_text) for s in split_slides(tree.children)]


def test_the_grammar_cuts_the_deck() -> None:
    deck = slides_of(
        "# Partie\n\nUne phrase.\n\n## Contenu\n\n- un\n- deux\n\n---\n\nSans titre.\n\n"
        "### Un sous-titre reste dans sa diapositive\n\nTexte.\n"
    )
    assert deck == [("section", "Partie"), ("contenu", "Contenu"), ("contenu", "")]


def test_a_section_keeps_one_sentence_and_gives_the_rest_its_own_slide() -> None:
    deck = slides_of(
        "# Partie\n\nUne phrase.\n\n| a | b |\n|---|---|\n| 1 | 2 |\n\n## Suite\n\nB.\n"
    )
    assert deck == [("section", "Partie"), ("tableau", ""), ("contenu", "Suite")]


def test_notes_belong_to_their_slide_and_are_not_content() -> None:
    tree = read(parse("## Un\n\nTexte.\n\n::: notes\nDit à voix haute.\n:::\n\n## Deux\n\nB.\n"))
    first, second = split_slides(tree.children)
    assert [type(b).__name__ for b in first.body] == ["Para"] and len(first.notes) == 1
    assert second.notes == []


def test_the_layout_is_chosen_from_the_content() -> None:
    assert slides_of("## Citation\n\n> « Une phrase. »\n")[0][0] == "citation"
    assert slides_of("## Tableau\n\n| a | b |\n|---|---|\n| 1 | 2 |\n")[0][0] == "tableau"
    assert slides_of("## Deux\n\n::: colonnes\nA\n\n---\n\nB\n:::\n")[0][0] == "colonnes"
    chart = Chart("budget", "T", "D", ["x"], [Series("s", [1.0], ["1"])], "Montant")
    table = Table([Col("a")], [["1"]])
    figures = Figures([("12", "actions", "source")])
    from livrables.document.nodes import Para, Text, Title

    title = Title(2, [Text("T")])
    short = Para([Text("Une phrase.")])
    long = Para([Text("mot " * 80)])
    layouts = [s.layout for s in split_slides([title, short, chart])]
    assert layouts == ["graphique"]
    assert [s.layout for s in split_slides([title, long, chart])] == ["colonnes"]
    assert [s.layout for s in split_slides([title, figures])] == ["chiffres"]
    # several visuals: one slide each, the title carried on with « (suite) »
    split = split_slides([title, table, short, table])
    assert [(s.layout, s.title_text) for s in split] == [
        ("tableau", "T"),
        ("tableau", "T (suite)"),
    ]
    assert split[1].body == [short]  # the sentence leads the table it precedes


def pptx_notes(path: Path) -> str:
    with zipfile.ZipFile(path) as package:
        return "".join(
            package.read(n).decode("utf-8") for n in package.namelist() if "notesSlide" in n
        )


def add_secret_note(repo: Repo) -> None:
    repo.replace(
        f"livrables/{DECK}.md",
        "Rappeler la commande",
        f"{SECRET} : rappeler la commande",
    )


def test_speaker_notes_never_reach_the_client_folder(
    repo: Repo, run: Callable[..., Result]
) -> None:
    add_secret_note(repo)
    assert run("build").exit_code == 0
    client = repo.root / "build" / "valbrune"
    for path in client.iterdir():
        data = path.read_bytes()
        if path.suffix in {".pptx", ".docx"}:
            with zipfile.ZipFile(path) as package:
                data = b"".join(package.read(n) for n in package.namelist())
        assert SECRET.encode() not in data, path.name
    assert run("build", "--interne").exit_code == 0
    internal = repo.root / "build" / "_interne" / "valbrune"
    assert SECRET in pptx_notes(internal / f"{DECK}.pptx")
    assert SECRET in (internal / f"{DECK}.html").read_text("utf-8")


def test_notes_client_gives_them_to_the_client(repo: Repo, run: Callable[..., Result]) -> None:
    add_secret_note(repo)
    repo.replace(f"livrables/{DECK}.md", "module: comprendre", "module: comprendre\nnotes: client")
    assert run("build").exit_code == 0
    client = repo.root / "build" / "valbrune"
    assert SECRET in pptx_notes(client / f"{DECK}.pptx")
    html = (client / f"{DECK}.html").read_text("utf-8")
    assert SECRET in html and '<aside class="notes"' in html


def test_notes_outside_a_deck_are_an_error(repo: Repo, run: Callable[..., Result]) -> None:
    path = repo.replace(
        "livrables/note-strategique.md", "# Le rôle", "::: notes\nx\n:::\n\n# Le rôle"
    )
    result = run("check")
    line = repo.line_of("livrables/note-strategique.md", "::: notes")
    assert result.exit_code == 1
    assert f"{path.relative_to(repo.root)}:{line}:1: bloc « notes » : réservé aux diaporamas" in (
        result.output
    )


def test_a_list_longer_than_its_slide_continues_and_check_says_so(
    repo: Repo, run: Callable[..., Result]
) -> None:
    """Sixteen bullets: the slide continues on « (suite) » slides, cut between items (never
    inside one), every bullet on one of them, nothing past the text box; `check` reports it at
    the slide's line, as the writer laid it out."""
    repo.french_only("restitution-diagnostic")
    bullets = "".join(
        f"- Un point numéro {i} qui prend de la place sur sa ligne\n" for i in range(16)
    )
    repo.replace(f"livrables/{DECK}.md", "## La suite\n", f"## La suite\n\n{bullets}")
    result = run("check")
    line = repo.line_of(f"livrables/{DECK}.md", "## La suite")
    assert result.exit_code == 0, result.output
    assert (
        f"{DECK}.md:{line}:1: avertissement : diapositive « La suite » : trop de texte pour une "
        "diapositive : il continue sur 1 diapositive « (suite) » ; découpez-le vous-même "
        "(« --- » ou un titre « ## ») pour choisir où"
    ) in result.output
    assert run("check", "--strict").exit_code == 1
    assert run("build", "--format", "docx").exit_code == 0
    deck = Presentation(str(repo.root / "build" / "valbrune" / f"{DECK}.pptx"))
    titles = [s.shapes.title.text for s in deck.slides]
    first = titles.index("La suite")
    assert titles[first + 1] == "La suite (suite)"
    shown = [
        p.text
        for slide in (deck.slides[first], deck.slides[first + 1])
        for p in slide.placeholders[1].text_frame.paragraphs
        if p.text.startswith("Un point")
    ]
    expected = [f"Un point numéro {i} qui prend de la place sur sa ligne" for i in range(16)]
    assert shown == expected  # all of them, once each, in order, over the two slides


def test_the_sample_decks_fit(run: Callable[..., Result], repo: Repo) -> None:
    result = run("check")
    assert "diapositive" not in result.output, result.output


def test_decks_draw_the_figures_of_the_referential(built: Built) -> None:
    deck = Presentation(str(built.root / "build" / "valbrune" / f"{DECK}.pptx"))
    texts = [
        shape.text_frame.text
        for slide in deck.slides
        for shape in slide.shapes
        if shape.has_text_frame
    ]
    charts = [s for slide in deck.slides for s in slide.shapes if s.has_chart]
    assert charts and charts[0].chart.plots[0].categories[0] == "Coopération décentralisée"
    assert any("Quel service pilote" in t for t in texts)  # the diagnostic's key questions
    assert 10 <= len(deck.slides) <= 15
    # every slide has a title (accessibility); where the design shows none it stands above the
    # slide's top edge, out of any projection, and the master's rule under titles is hidden
    assert all(s.shapes.title is not None and s.shapes.title.text for s in deck.slides)
    untitled = [s for s in deck.slides if s.shapes.title.top + s.shapes.title.height <= 0]
    assert untitled and all(s._element.get("showMasterSp") == "0" for s in untitled)  # no rule
    training = Presentation(str(built.root / "build" / "valbrune" / f"{TRAINING}.pptx"))
    assert 20 <= len(training.slides) <= 30
    layouts = {slide.slide_layout.name for slide in training.slides}
    assert {"Titre", "Section", "Contenu", "Deux colonnes", "Tableau", "Graphique"} <= layouts


def test_every_deck_is_schema_valid(built: Built) -> None:
    from openxml_audit import OpenXmlValidator

    for stem in (DECK, TRAINING):
        result = OpenXmlValidator().validate(
            str(built.root / "build" / "valbrune" / f"{stem}.pptx")
        )
        assert result.is_valid, [str(getattr(e, "description", e)) for e in result.errors][:10]


def test_a_deck_is_byte_reproducible(repo: Repo, run: Callable[..., Result]) -> None:
    assert run("build").exit_code == 0
    path = repo.root / "build" / "valbrune" / f"{DECK}.pptx"
    first = path.read_bytes()
    assert run("build", "--force").exit_code == 0
    assert path.read_bytes() == first


def test_the_html_deck_loads_nothing_and_navigates(built: Built) -> None:
    html = built.html(DECK)
    deck = Presentation(str(built.root / "build" / "valbrune" / f"{DECK}.pptx"))
    assert html.count('<section class="diapo') == len(deck.slides)  # the same slides
    assert "Reveal.initialize" in html and "keyboard" not in html  # reveal's default: keys on
    scripts = re.findall(r'<script src="([^"]+)"', html)
    assert scripts and all(s.startswith("data:text/javascript;base64,") for s in scripts)
    external = re.findall(r'(?:src|href)="(?!data:|#)([^"]+)"', html)
    assert all(re.match(r"^https?://", target) is None for target in external) or not external
    links = re.findall(r"<link[^>]*>", html)
    assert len(links) == 1 and 'href="data:text/css;base64,' in links[0]  # reveal's CSS
    assert "@import" not in html
    assert re.findall(r"url\((?![\"']?data:|#)", html) == []
    # the client deck has no notes, so no speaker view; the internal one has both
    assert '<aside class="notes"' not in html


def test_the_pdf_has_one_page_per_slide(repo: Repo, run: Callable[..., Result]) -> None:
    """From the same slides as the PowerPoint, with no LibreOffice (its blocks' sources gone:
    the deck alone)."""
    for stem in ("formation", "diagnostic-flash", "note-strategique", "plan-actions"):
        (repo.mission / "livrables" / f"{stem}.md").unlink()  # decks keep their sources
    for stem in ("kit-relations", "cadre-evaluation", "kit-communication"):
        (repo.mission / "livrables" / f"{stem}.md").unlink()
    repo.replace(f"livrables/{DECK}.md", "::: profil\n:::", "Le profil.")
    repo.replace(f"livrables/{DECK}.md", "::: afom\n:::", "Les atouts.")
    repo.replace(f"livrables/{DECK}.md", "::: questions-cles\n:::", "Les questions.")
    repo.replace(f"livrables/{DECK}.md", "::: recommandations\n:::", "Les recommandations.")
    (repo.mission / "livrables" / f"{TRAINING}.md").unlink()
    result = run("build", "--format", "pdf", "--format", "docx")
    assert result.exit_code == 0, result.output
    from pypdf import PdfReader

    folder = repo.root / "build" / "valbrune"
    slides = len(Presentation(str(folder / f"{DECK}.pptx")).slides)
    reader = PdfReader(io.BytesIO((folder / f"{DECK}.pdf").read_bytes()))
    assert len(reader.pages) == slides
    width, height = reader.pages[0].mediabox.width, reader.pages[0].mediabox.height
    assert abs(width / height - 16 / 9) < 0.01


def test_text_above_columns_is_written_once_in_each_format(
    repo: Repo, run: Callable[..., Result]
) -> None:
    lead = "Une phrase qui introduit les deux colonnes."
    repo.replace(f"livrables/{DECK}.md", "## Ce qui frappe\n", f"## Ce qui frappe\n\n{lead}\n")
    assert run("build").exit_code == 0
    folder = repo.root / "build" / "valbrune"
    assert (folder / f"{DECK}.html").read_text("utf-8").count(lead) == 1
    deck = Presentation(str(folder / f"{DECK}.pptx"))
    texts = [
        shape.text_frame.text for s in deck.slides for shape in s.shapes if shape.has_text_frame
    ]
    assert sum(t.count(lead) for t in texts) == 1


def test_notes_that_would_be_shown_are_an_error(repo: Repo, run: Callable[..., Result]) -> None:
    """Indented four spaces, `::: notes` is a code block: its text would be on the slide."""
    repo.replace(
        f"livrables/{DECK}.md",
        "## La suite\n",
        f"## La suite\n\n    ::: notes\n    {SECRET}\n    :::\n",
    )
    line = repo.line_of(f"livrables/{DECK}.md", "    ::: notes")
    result = run("build")
    assert result.exit_code == 1
    assert f"{DECK}.md:{line}:5: « ::: notes » n'ouvre pas de note de l'orateur ici" in (
        result.output
    )
    built = [p for p in (repo.root / "build" / "valbrune").rglob("*") if p.is_file()]
    assert built and not any(SECRET.encode() in p.read_bytes() for p in built)


def test_a_broken_or_renamed_master_is_a_clear_error(
    repo: Repo, run: Callable[..., Result]
) -> None:
    own = repo.mission / "templates" / "powerpoint" / "diaporama.pptx"
    own.parent.mkdir(parents=True)
    own.write_text("pas un PowerPoint", "utf-8")
    result = run("check")
    where = "content/valbrune/templates/powerpoint/diaporama.pptx:1:1"
    assert result.exit_code == 1 and "Traceback" not in result.output
    assert f"{where}: gabarit PowerPoint illisible" in result.output
    master = Presentation(str(repo.root / "templates" / "powerpoint" / "diaporama.pptx"))
    master.slide_layouts[3]._element.find(
        "{http://schemas.openxmlformats.org/presentationml/2006/main}cSld"
    ).set("name", "Two Content")
    master.save(str(own))
    result = run("build")
    assert result.exit_code == 1
    assert f"{where}: gabarit PowerPoint : disposition(s) manquante(s) « Deux colonnes »" in (
        result.output
    )
    assert (repo.root / "build" / "valbrune" / "formation.docx").is_file()  # documents still built


def test_a_client_deck_never_draws_on_an_internal_deliverable(
    repo: Repo, run: Callable[..., Result]
) -> None:
    """The diagnostic made internal: its SWOT must not reach the client through the slides."""
    swot = "Aucun service pilote ni budget identifié"
    repo.replace("livrables/diagnostic-flash.md", "diffusion: client", "diffusion: interne")
    result = run("check")
    line = repo.line_of(f"livrables/{DECK}.md", "::: afom")
    assert result.exit_code == 1
    assert (
        f"{DECK}.md:{line}:5: bloc « afom » : dans un diaporama, il reprend le livrable de type "
        "« diagnostic-flash » de la mission, qui n'existe pas, n'a pas pu être lu ou est à "
        "diffusion interne"
    ) in result.output
    run("build")
    client = [p for p in (repo.root / "build" / "valbrune").rglob("*") if p.is_file()]
    assert client
    for path in client:
        data = path.read_bytes()
        if path.suffix in {".pptx", ".docx"}:
            with zipfile.ZipFile(path) as package:
                data = b"".join(package.read(n) for n in package.namelist())
        assert swot.encode() not in data, path.name
    # an internal deck may draw on it; the client's training deck loses those questions
    repo.replace(f"livrables/{DECK}.md", "diffusion: client", "diffusion: interne")
    repo.replace(f"livrables/{TRAINING}.md", "::: questions-cles\n:::", "Nos questions.")
    assert run("check").exit_code == 0
    assert run("build").exit_code == 0
    deck = repo.root / "build" / "_interne" / "valbrune" / f"{DECK}.html"
    assert swot in deck.read_text("utf-8")
