"""Nothing untrusted runs or is read, and `check` sees everything the build would fail on.

Content and templates may come from anyone who can commit. Each case below breaks the sample the
way a careless or hostile commit would; `check` names the file, line and column in French, the
build refuses that deliverable (or mission) without a traceback, and the others still build.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import Result

from tests.conftest import Repo

NOTE = "livrables/note-strategique.md"


def diagnostics(run: Callable[..., Result], *args: str) -> tuple[int, list[str]]:
    result = run("check", *args)
    assert "Traceback" not in result.output and "erreur interne" not in result.output
    lines = [line for line in result.stderr.splitlines() if ": " in line]
    return result.exit_code, lines


def build_reports(run: Callable[..., Result], expected: str) -> Result:
    result = run("build", "--jobs", "1")
    assert result.exit_code == 1
    assert expected in result.stderr and "erreur interne" not in result.stderr
    assert "Traceback" not in result.output
    return result


# --- templates run in a sandbox --------------------------------------------------------------


@pytest.mark.parametrize(
    "payload",
    [
        "{{ ''.__class__.__mro__[1].__subclasses__() }}",
        "{{ doc.__class__.__init__.__globals__ }}",
        "{{ cycler.__init__.__globals__.os.popen('id').read() }}",
    ],
)
def test_a_mission_template_cannot_reach_python(
    repo: Repo, run: Callable[..., Result], payload: str
) -> None:
    (repo.mission / "templates/html").mkdir(parents=True)
    for name in ("livrable.html.j2", "diaporama.html.j2"):  # every page's template
        page = repo.root / "templates/html" / name
        own = repo.mission / "templates/html" / name
        own.write_text(page.read_text("utf-8").replace("<body", payload + "<body", 1), "utf-8")
    result = build_reports(run, "livrable.html.j2:1:1: gabarit")
    assert "diaporama.html.j2:1:1: gabarit" in result.output
    assert "uid=" not in result.output
    assert not list((repo.root / "build").rglob("*.html"))  # no page rendered with it


def test_a_template_linking_outside_the_repository_is_refused(
    repo: Repo, run: Callable[..., Result], tmp_path: Path
) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("MOTDEPASSE", "utf-8")
    own = repo.mission / "templates/html"
    own.mkdir(parents=True)
    (own / "livrable.html.j2").symlink_to(secret)
    result = run("build", "--jobs", "1")
    assert result.exit_code == 1 and "Traceback" not in result.output
    assert not any(
        "MOTDEPASSE" in p.read_text("utf-8", "replace")
        for p in (repo.root / "build").rglob("*.html")
    )


# --- the brand file --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        ("logo: logo.png", "logo: ../content/valbrune/images/logo-valbrune.png", "hors du dossier"),
        ("logo: logo.png", "logo: /etc/hostname", "hors du dossier"),
        ("logo: logo.png", "logo: logo.svg", "format que Word ne sait pas intégrer"),
        ("nom: Gelasio", 'nom: "Gelasio\\"; } body { display: none"', "polices.titres.nom"),
        ("nom: Gelasio", "nom: Gelasio</style><script>alert(1)</script>", "polices.titres.nom"),
    ],
)
def test_brand_values_are_confined_and_validated(
    repo: Repo, run: Callable[..., Result], old: str, new: str, expected: str
) -> None:
    path = repo.root / "templates/marque.yaml"
    path.write_text(path.read_text("utf-8").replace(old, new, 1), "utf-8")
    code, lines = diagnostics(run)
    assert code == 1
    assert any(line.startswith("templates/marque.yaml:") and expected in line for line in lines)


# --- content files ---------------------------------------------------------------------------


def test_a_fifo_is_refused_without_blocking(repo: Repo, run: Callable[..., Result]) -> None:
    os.mkfifo(repo.mission / "livrables/tube.md")
    code, lines = diagnostics(run)
    assert code == 1
    assert any("tube.md:1:1: ce n'est pas un fichier ordinaire" in line for line in lines)


def test_a_link_leaving_the_repository_is_refused(
    repo: Repo, run: Callable[..., Result], tmp_path: Path
) -> None:
    outside = tmp_path / "ailleurs.md"
    shutil.copy(repo.mission / NOTE, outside)
    (repo.mission / "livrables/lien.md").symlink_to(outside)
    code, lines = diagnostics(run)
    assert code == 1
    assert any(
        "lien.md:1:1: lien symbolique vers un fichier hors du dépôt" in line for line in lines
    )


def test_a_file_name_too_long_is_reported(repo: Repo, run: Callable[..., Result]) -> None:
    long_name = "n" * 251 + ".md"  # the file fits; its outputs (".docx") would not
    shutil.copy(repo.mission / NOTE, repo.mission / "livrables" / long_name)
    code, lines = diagnostics(run)
    assert code == 1
    assert any("nom de fichier trop long" in line for line in lines)


# --- images ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (b"ceci n'est pas une image", "fichier illisible ou abîmé"),
        (b"\xff\xd8\xff\xe0" + b"\0" * 64, "le fichier est une image JPEG nommée « .png »"),
        (b"\x89PNG\r\n\x1a\n" + b"\0" * 8, "image abîmée"),
    ],
)
def test_a_broken_image_is_reported_by_check(
    repo: Repo, run: Callable[..., Result], content: bytes, expected: str
) -> None:
    src = repo.add_picture("livrables/diagnostic-flash.md")
    (repo.mission / "images/photo.png").write_bytes(content)
    line = repo.line_of("livrables/diagnostic-flash.md", src)
    code, lines = diagnostics(run)
    assert code == 1
    assert any(f"diagnostic-flash.md:{line}:24: " in x and expected in x for x in lines), lines
    result = run("build", "--jobs", "1")
    assert "erreur interne" not in result.output
    assert (repo.root / "build/valbrune/kit-relations.docx").is_file()  # the others build


def test_an_svg_logo_of_the_client_is_reported(repo: Repo, run: Callable[..., Result]) -> None:
    (repo.mission / "images/logo.svg").write_text("<svg/>", "utf-8")
    repo.replace("mission.yaml", "logo: images/logo-valbrune.png", "logo: images/logo.svg")
    code, lines = diagnostics(run)
    assert code == 1
    assert any("mission.yaml:" in line and "non pris en charge par Word" in line for line in lines)


# --- YAML ------------------------------------------------------------------------------------


def test_deeply_nested_yaml_is_refused(repo: Repo, run: Callable[..., Result]) -> None:
    path = repo.mission / "referentiel/services.yaml"
    path.write_text(path.read_text("utf-8") + "\nextra: " + "[" * 3000 + "]" * 3000 + "\n")
    code, lines = diagnostics(run)
    assert code == 1
    assert any("services.yaml:" in line and "trop profonde" in line for line in lines)


@pytest.mark.parametrize(
    ("escape", "expected"),
    [
        ("\\x0b", "caractère de contrôle U+000B"),
        ("\\u202e", "caractère d'inversion du sens du texte U+202E"),
        ("\\u200b", "caractère invisible (espace de largeur nulle) U+200B"),
    ],
)
def test_escaped_controls_in_yaml_are_reported(
    repo: Repo, run: Callable[..., Result], escape: str, expected: str
) -> None:
    line = repo.line_of(NOTE, "titre:")
    repo.replace(NOTE, "titre: Note stratégique", f'titre: "Note{escape} stratégique')
    repo.replace(NOTE, "Pays de Valbrune\n", 'Pays de Valbrune"\n')
    code, lines = diagnostics(run)
    assert code == 1
    assert f"content/valbrune/{NOTE}:{line}:8: {expected}" in "\n".join(lines)


def test_invisible_characters_written_in_a_title_are_reported(
    repo: Repo, run: Callable[..., Result]
) -> None:
    line = repo.line_of(NOTE, "titre:")
    repo.replace(NOTE, "titre: Note", "titre: No\u202ete")
    code, lines = diagnostics(run)
    assert code == 1
    assert f"content/valbrune/{NOTE}:{line}:8: caractère d'inversion" in "\n".join(lines)


# --- placeholders ----------------------------------------------------------------------------


def test_scaffold_text_in_a_validated_deliverable_is_refused(
    repo: Repo, run: Callable[..., Result]
) -> None:
    repo.replace(
        NOTE,
        "## ",
        "Remplacez ce texte par la conclusion.\n\n## ",
    )
    line = repo.line_of(NOTE, "Remplacez ce texte")
    code, lines = diagnostics(run)
    assert code == 1
    assert f"content/valbrune/{NOTE}:{line}:1: texte à remplacer « Remplacez ce texte »" in (
        "\n".join(lines)
    )
    repo.replace(NOTE, "statut: valide", "statut: relecture")
    code, lines = diagnostics(run)
    assert code == 0 and any("avertissement : texte à remplacer" in line for line in lines)
    code, _lines = diagnostics(run, "--strict")
    assert code == 1
