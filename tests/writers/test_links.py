"""Links between deliverables: written as the Markdown file beside (`diagnostic-flash.md`),
printed as the file of each output's own format; a link to no deliverable, or from a client
deliverable to an internal one, keeps its words without the link and is a `check` warning."""

from __future__ import annotations

import zipfile
from collections.abc import Callable

import polib
from click.testing import Result

from tests.conftest import Repo

NOTE = "livrables/note-strategique.md"
LINKS = (
    "Voir [le diagnostic](diagnostic-flash.md), "
    "[ses premiers pas](kit-relations.md#les-premiers-pas),"
    " [la restitution](restitution-diagnostic.md) et [un fichier absent](inexistant.md).\n\n"
)


def test_links_to_deliverables_point_at_each_formats_file(
    repo: Repo, run: Callable[..., Result]
) -> None:
    repo.replace(NOTE, "\n# ", f"\n{LINKS}# ")
    line = repo.line_of(NOTE, "Voir [le diagnostic]")
    assert run("traduire", "valbrune/note-strategique", "--langue", "en").exit_code == 0
    catalogue = repo.mission / "traductions/en/note-strategique.po"
    po = polib.pofile(str(catalogue))
    entry = next(e for e in po if e.msgid.startswith("Voir [le diagnostic]"))
    entry.msgstr = (
        "See [the diagnostic](diagnostic-flash.md), [its first steps](kit-relations.md#les-"
        "premiers-pas), [the restitution](restitution-diagnostic.md) and [a missing file]"
        "(inexistant.md)."
    )
    po.save(str(catalogue))
    result = run("check")
    assert result.exit_code == 0, result.output
    warnings = [w for w in result.stderr.splitlines() if "lien vers" in w]
    col = LINKS.index("inexistant.md") + 1
    assert warnings == [
        f"content/valbrune/{NOTE}:{line}:{col}: avertissement : lien vers « inexistant.md » : "
        "aucun livrable « inexistant.md » dans la mission (cadre-evaluation.md, "
        "diagnostic-flash.md, formation.md, journee-sensibilisation.md, kit-communication.md, "
        "kit-relations.md, note-strategique.md, plan-actions.md, restitution-diagnostic.md) ; "
        "les fichiers du client impriment le texte du lien, sans lien"
    ]
    assert run("build", "--format", "docx", "--format", "html").exit_code == 0
    html = (repo.root / "build/valbrune/note-strategique.html").read_text("utf-8")
    assert '<a href="./diagnostic-flash.html">le diagnostic</a>' in html
    assert '<a href="./kit-relations.html#les-premiers-pas">ses premiers pas</a>' in html
    assert '<a href="./restitution-diagnostic.html">la restitution</a>' in html
    assert "inexistant" not in html and "un fichier absent" in html
    assert ".md" not in html.split("<body", 1)[1]
    with zipfile.ZipFile(repo.root / "build/valbrune/note-strategique.docx") as package:
        rels = package.read("word/_rels/document.xml.rels").decode()
    assert 'Target="diagnostic-flash.docx"' in rels
    assert 'Target="restitution-diagnostic.pptx"' in rels
    assert ".md" not in rels
    english = (repo.root / "build/valbrune/note-strategique.en.html").read_text("utf-8")
    assert '<a href="./kit-relations.en.html#les-premiers-pas">its first steps</a>' in english
    assert '<a href="./diagnostic-flash.html">the diagnostic</a>' in english  # French only


def test_a_link_to_an_internal_deliverable_is_kept_internal(
    repo: Repo, run: Callable[..., Result]
) -> None:
    repo.replace(NOTE, "\n# ", f"\n{LINKS}# ")
    repo.replace("livrables/kit-relations.md", "diffusion: client", "diffusion: interne")
    line = repo.line_of(NOTE, "Voir [le diagnostic]")
    result = run("check")
    col = LINKS.index("kit-relations.md") + 1
    assert (
        f"content/valbrune/{NOTE}:{line}:{col}: avertissement : lien vers "
        "« kit-relations.md#les-premiers-pas » : ce livrable est interne (diffusion: interne), "
        "le client ne le reçoit pas"
    ) in result.stderr
    assert run("build", "--format", "html").exit_code == 0
    client = (repo.root / "build/valbrune/note-strategique.html").read_text("utf-8")
    assert "kit-relations" not in client and "ses premiers pas" in client
    assert run("build", "--format", "html", "--interne").exit_code == 0
    internal = (repo.root / "build/_interne/valbrune/note-strategique.html").read_text("utf-8")
    assert '<a href="./kit-relations.html#les-premiers-pas">' in internal
