"""The forms in Chromium (Playwright on the system browser), as a consultant uses them: an
action added through the form, seen in the preview's Gantt, saved as a version."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from livrables.desk.routes import Desk
from livrables.pipeline.preview import Previewer, serve, watch
from livrables.pipeline.project import Project
from tests.conftest import SAMPLE, Repo
from tests.desk.test_forms import GIT, TOKEN, committed, git
from tests.test_accessibility import axe_violations, browser  # noqa: F401 - a fixture

TITLE = "Accueillir une délégation de Lindenfeld"


@pytest.fixture
def preview(repo: Repo, monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    """`livrables preview` as the command runs it: served, the forms on, saves watched."""
    for name, value in GIT.items():
        monkeypatch.setenv(name, value)
    committed(repo)
    previewer = Previewer(Project(repo.root), SAMPLE)
    previewer.build_all()
    server = serve(previewer.site, 0, True, TOKEN, Desk(repo.root, SAMPLE, TOKEN))
    stop = threading.Event()
    watcher = threading.Thread(target=watch, args=(previewer, stop, lambda site: None))
    watcher.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/"
    stop.set()
    watcher.join(timeout=10)
    server.stopping = True  # type: ignore[attr-defined]
    server.shutdown()
    server.server_close()


def field(page: Any, path: str, what: str = "") -> Any:
    return page.locator(f'[data-schemapath="{path}"] {what}'.strip()).first


def test_an_action_added_in_the_form_reaches_the_gantt_and_a_version(
    repo: Repo,
    preview: str,
    browser: Any,  # noqa: F811 - the fixture imported above
) -> None:
    page = browser.new_page(viewport={"width": 1280, "height": 1400})
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.goto(f"{preview}plan-actions.html?jeton={TOKEN}")
    assert TITLE not in page.content()
    page.click("#livrables-editer")  # the preview's link: the page's deliverable
    page.wait_for_url("**/_livrables/editer/livrables/plan-actions.md")
    page.goto(f"{preview}_livrables/editer/referentiel/actions.yaml")
    field(page, "root.actions.0.id", "input").wait_for()
    count = page.evaluate(
        "JSON.parse(document.getElementById('donnees').textContent).valeurs.actions.length"
    )
    page.get_by_role("button", name="Ajouter Action").click()
    new = f"root.actions.{count}"
    field(page, f"{new}.id", "input").fill("PA-ACCUEIL")
    field(page, f"{new}.intitule", "input").fill(TITLE)
    for name in ("objectifs", "pilote", "debut", "fin", "budget"):
        field(page, f"{new}.{name}", "input.json-editor-opt-in").check()
    field(page, f"{new}.objectifs", "select").select_option(["RES-JEU-1"])
    field(page, f"{new}.pilote", "select").select_option("SRV-JEU")
    field(page, f"{new}.debut", "input[type=date]").fill("2028-04-01")
    field(page, f"{new}.fin", "input[type=date]").fill("2028-05-15")
    field(page, f"{new}.budget", "input:not(.json-editor-opt-in)").fill("4500")
    page.get_by_role("button", name="Enregistrer", exact=True).click()
    page.wait_for_function("document.getElementById('etat').textContent.startsWith('Enregistré')")
    actions = repo.mission / "referentiel" / "actions.yaml"
    text = actions.read_text("utf-8")
    assert "# Le plan d'actions 2027-2029." in text  # the comments are still there
    # the preview rebuilt: the new action in the Gantt (its data table gives whole titles)
    page.goto(f"{preview}plan-actions.html")
    gantt = page.locator(".graphique-gantt")
    for _ in range(60):
        if TITLE in (gantt.first.text_content() or ""):
            break
        page.wait_for_timeout(500)
        page.reload()
    assert TITLE in (gantt.first.text_content() or "")
    # « Enregistrer une version », typed as a consultant does
    page.goto(f"{preview}_livrables/editer/referentiel/actions.yaml")
    page.get_by_label("Message de la version").fill("Ajout de l'accueil de Lindenfeld")
    page.get_by_role("button", name="Enregistrer une version").click()
    page.wait_for_function(
        "!document.getElementById('version-etat').textContent.startsWith('Vérification')",
        timeout=60_000,
    )
    assert page.text_content("#version-etat").startswith("Version enregistrée"), page.text_content(
        "#version-etat"
    )
    assert git(repo.root, "log", "-1", "--format=%s") == "Ajout de l'accueil de Lindenfeld\n"
    shown = git(repo.root, "show", "--format=", "--unified=0", "HEAD")
    changed = [
        line
        for line in shown.splitlines()
        if line[:1] in "+-" and not line.startswith(("+++", "---"))
    ]
    assert changed == [
        "+  - id: PA-ACCUEIL",
        f"+    intitule: {TITLE}",
        "+    objectifs: [RES-JEU-1]",
        "+    pilote: SRV-JEU",
        "+    debut: 2028-04-01",
        "+    fin: 2028-05-15",
        "+    budget: 4500",
    ]
    assert errors == []
    page.close()


def test_the_markdown_pane_inserts_a_block_and_saves_only_the_body(
    repo: Repo,
    preview: str,
    browser: Any,  # noqa: F811 - the fixture imported above
) -> None:
    path = repo.mission / "livrables" / "plan-actions.md"
    before = path.read_text("utf-8")
    page = browser.new_page()
    page.goto(f"{preview}_livrables/editer/livrables/plan-actions.md?jeton={TOKEN}")
    pane = page.get_by_label("Le texte (Markdown)")
    pane.wait_for()
    pane.evaluate("area => { area.selectionStart = area.selectionEnd = area.value.length; }")
    page.get_by_role("button", name="Matrice RACI").click()
    page.get_by_role("button", name="Enregistrer", exact=True).click()
    page.wait_for_function("document.getElementById('etat').textContent.startsWith('Enregistré')")
    after = path.read_text("utf-8")
    assert after.startswith(before.rstrip("\n"))  # the front matter and the body as written
    assert after[len(before.rstrip("\n")) :].strip() == "::: raci\n:::"
    page.close()


def test_saving_an_untouched_form_changes_nothing(
    repo: Repo,
    preview: str,
    browser: Any,  # noqa: F811 - the fixture imported above
) -> None:
    page = browser.new_page()
    names = [f"referentiel/{p.name}" for p in sorted((repo.mission / "referentiel").glob("*"))]
    names += ["livrables/plan-actions.md", "livrables/note-strategique.md"]
    for name in names:
        page.goto(f"{preview}_livrables/editer/{name}?jeton={TOKEN}")
        page.locator("#formulaire [data-schemapath]").first.wait_for()
        page.get_by_role("button", name="Enregistrer", exact=True).click()
        page.wait_for_function(
            "document.getElementById('etat').textContent !== 'Enregistrement…'"
            " && document.getElementById('etat').textContent !== ''"
        )
        assert page.text_content("#etat") == "Aucune modification.", name
    assert git(repo.root, "status", "--porcelain") == ""
    page.close()


def test_the_forms_pass_axe(preview: str, browser: Any) -> None:  # noqa: F811
    for name in ("referentiel/services.yaml", "livrables/plan-actions.md"):
        url = f"{preview}_livrables/editer/{name}?jeton={TOKEN}"
        assert axe_violations(browser, url) == [], name


def test_the_vendored_editor_keeps_its_licence() -> None:
    folder = Path(__file__).resolve().parents[2] / "src" / "livrables" / "data" / "editeur"
    assert "MIT License" in (folder / "LICENSE-json-editor").read_text("utf-8")
    assert "2.17.2" in (folder / "README.md").read_text("utf-8")
