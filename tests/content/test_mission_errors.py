"""Every content mistake is reported in French, at its file, line and column, all at once."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import Result

from tests.conftest import Built, Repo

NOTE = "livrables/note-strategique.md"
IND = "referentiel/indicateurs.yaml"
OBJ = "referentiel/objectifs.yaml"
SRV = "referentiel/services.yaml"


def errors(result: Result) -> list[str]:
    """The error lines printed (method warnings have their own tests, in test_method.py)."""
    return [
        line
        for line in result.stderr.splitlines()
        if line.startswith("content/") and ": avertissement : " not in line
    ]


@pytest.fixture(autouse=True)
def previous_outputs(request: pytest.FixtureRequest, built: Built) -> None:
    """Each test starts from a repository whose outputs were built before the mistake."""
    if "repo" in request.fixturenames:
        repo: Repo = request.getfixturevalue("repo")
        shutil.copytree(built.root / "build", repo.root / "build")


def check(run: Callable[..., Result]) -> list[str]:
    """`livrables check` lists the errors (exit 1, no traceback); `livrables build` fails the
    same way and loses nothing: every output built before the mistake is still there, intact."""
    result = run("check")
    assert result.exit_code == 1, result.output
    assert "Traceback" not in result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)
    build_dir = Path.cwd() / "build"
    before = {p: p.read_bytes() for p in build_dir.rglob("*") if p.is_file()}
    if before:
        built = run("build")
        assert built.exit_code == 1 and "Traceback" not in built.output
        lost = [p.name for p in before if not p.is_file() or p.read_bytes() != before[p]]
        assert not [name for name in lost if not name.endswith(".json")], lost
    return errors(result)


def test_sample_mission_is_clean(repo: Repo, run: Callable[..., Result]) -> None:
    result = run("check")
    assert result.exit_code == 0, result.output
    assert "Contenus valides : 0 erreur, 0 avertissement." in result.output


def test_dangling_reference_names_the_bad_reference(repo: Repo, run: Callable[..., Result]) -> None:
    repo.replace(IND, "objectif: OBJ-JEU\n", "objectif: OBJ-JEUX\n")
    line = repo.line_of(IND, "objectif: OBJ-JEUX")
    assert check(run) == [
        f"content/valbrune/{IND}:{line}:15: indicateurs[2].objectif : objectif « OBJ-JEUX » "
        "inconnu (vouliez-vous dire « OBJ-JEU » ?)"
    ]


def test_reference_to_the_wrong_kind(repo: Repo, run: Callable[..., Result]) -> None:
    repo.replace(IND, "responsable: SRV-EAU", "responsable: OBJ-EAU")
    line = repo.line_of(IND, "responsable: OBJ-EAU")
    assert check(run) == [
        f"content/valbrune/{IND}:{line}:18: indicateurs[0].responsable : « OBJ-EAU » est un "
        "objectif, pas un service"
    ]


def test_duplicate_id_points_at_the_second_definition(
    repo: Repo, run: Callable[..., Result]
) -> None:
    path = repo.mission / SRV
    path.write_text(
        path.read_text(encoding="utf-8") + "  - id: SRV-COM\n    nom: Doublon\n", encoding="utf-8"
    )
    first = repo.line_of(SRV, "id: SRV-COM")
    last = len(path.read_text(encoding="utf-8").splitlines()) - 1
    assert check(run) == [
        f"content/valbrune/{SRV}:{last}:9: services[6].id : identifiant « SRV-COM » en "
        f"double (déjà défini dans services.yaml, ligne {first})"
    ]


def test_duplicate_id_across_files(repo: Repo, run: Callable[..., Result]) -> None:
    repo.write("referentiel/zz-autres.yaml", "services:\n  - id: OBJ-G\n    nom: Mission\n")
    assert check(run) == [
        "content/valbrune/referentiel/zz-autres.yaml:2:9: services[0].id : identifiant « OBJ-G » "
        f"en double (déjà défini dans objectifs.yaml, ligne {repo.line_of(OBJ, 'id: OBJ-G')})"
    ]


def test_unknown_key_suggests_the_right_one(repo: Repo, run: Callable[..., Result]) -> None:
    repo.replace(IND, "    responsable: SRV-JEU", "    responsible: SRV-JEU")
    line = repo.line_of(IND, "responsible:")
    assert check(run) == [
        f"content/valbrune/{IND}:{line}:5: indicateurs[2].responsible : clé inconnue "
        "(vouliez-vous dire « responsable » ?)"
    ]


def test_missing_required_key_points_at_its_item(repo: Repo, run: Callable[..., Result]) -> None:
    repo.replace(SRV, "    nom: Service communication\n", "")
    line = repo.line_of(SRV, "id: SRV-COM")
    assert check(run) == [
        f"content/valbrune/{SRV}:{line}:5: services[4].nom : clé obligatoire manquante"
    ]


def test_decimal_comma_is_a_number(repo: Repo, run: Callable[..., Result]) -> None:
    repo.replace(IND, "valeur_initiale: 0.4", 'valeur_initiale: "0,4"')
    assert run("check").exit_code == 0


def test_wrong_type(repo: Repo, run: Callable[..., Result]) -> None:
    repo.replace(IND, "valeur_initiale: 420", "valeur_initiale: beaucoup")
    line = repo.line_of(IND, "valeur_initiale: beaucoup")
    assert check(run) == [
        f"content/valbrune/{IND}:{line}:22: indicateurs[0].valeur_initiale : nombre attendu, "
        "« beaucoup » trouvé"
    ]


def test_list_expected(repo: Repo, run: Callable[..., Result]) -> None:
    repo.replace(
        OBJ,
        "    effets_partenaire:\n      - Les jeunes",
        "    effets_partenaire: Les jeunes\n    autre:\n      - Les jeunes",
    )
    line = repo.line_of(OBJ, "effets_partenaire: Les jeunes")
    assert check(run) == [
        f"content/valbrune/{OBJ}:{line}:24: objectifs[2].effets_partenaire : liste attendue "
        "(éléments précédés de « - »), « Les jeunes » trouvé",
        f"content/valbrune/{OBJ}:{line + 1}:5: objectifs[2].autre : clé inconnue",
    ]


def test_impossible_date(repo: Repo, run: Callable[..., Result]) -> None:
    repo.replace("mission.yaml", "debut: 2026-09-07", "debut: 2026-02-30")
    line = repo.line_of("mission.yaml", "debut:")
    assert check(run) == [
        f"content/valbrune/mission.yaml:{line}:8: debut : date impossible « 2026-02-30 » : "
        "février 2026 n'a que 28 jours"
    ]


def test_french_date_is_explained(repo: Repo, run: Callable[..., Result]) -> None:
    repo.replace(NOTE, "date: 2026-11-20", "date: 20/11/2026")
    assert check(run) == [
        f"content/valbrune/{NOTE}:7:7: date : date invalide « 20/11/2026 » : format attendu "
        "AAAA-MM-JJ (par exemple 2026-03-31)"
    ]


def test_end_before_start(repo: Repo, run: Callable[..., Result]) -> None:
    repo.replace("mission.yaml", "fin: 2027-06-30", "fin: 2025-06-30")
    line = repo.line_of("mission.yaml", "fin:")
    assert check(run) == [
        f"content/valbrune/mission.yaml:{line}:6: fin : la fin de mission précède son début"
    ]


def test_invalid_choice_lists_the_possible_values(repo: Repo, run: Callable[..., Result]) -> None:
    repo.replace(NOTE, "statut: valide", "statut: validé")
    assert check(run) == [
        f"content/valbrune/{NOTE}:5:9: statut : valeur « validé » invalide (vouliez-vous dire "
        "« valide » ?) : valeurs possibles « brouillon », « relecture », « valide »"
    ]


def test_unknown_deliverable_type(repo: Repo, run: Callable[..., Result]) -> None:
    repo.replace(NOTE, "type: note-strategique", "type: note-strategie")
    assert check(run) == [
        f"content/valbrune/{NOTE}:2:7: type : type de livrable « note-strategie » inconnu "
        "(vouliez-vous dire « note-strategique » ?) : types possibles « formation », "
        "« diagnostic-flash », « note-strategique », « plan-actions », « kit-relations », "
        "« cadre-evaluation », « kit-communication », « diaporama »"
    ]


def test_missing_front_matter(repo: Repo, run: Callable[..., Result]) -> None:
    repo.write("livrables/sans-entete.md", "# Titre\n\nTexte.\n")
    assert check(run) == [
        "content/valbrune/livrables/sans-entete.md:1:1: en-tête YAML manquant : le fichier doit "
        "commencer par une ligne « --- », suivie de type:, titre:, statut:, puis d'une autre "
        "ligne « --- »"
    ]


def test_unclosed_front_matter(repo: Repo, run: Callable[..., Result]) -> None:
    repo.write("livrables/ouvert.md", "---\ntype: note-strategique\n# Titre\n")
    assert check(run) == [
        "content/valbrune/livrables/ouvert.md:1:1: en-tête YAML non refermé : ajoutez une ligne "
        "« --- » après l'en-tête"
    ]


def test_front_matter_syntax_error_has_file_position(
    repo: Repo, run: Callable[..., Result]
) -> None:
    repo.replace(NOTE, "titre: Note stratégique — l'action", "titre: Note: l'action")
    assert check(run) == [
        f"content/valbrune/{NOTE}:3:12: erreur de syntaxe YAML : « : » inattendu (une valeur "
        "contenant « : » doit être entre guillemets)"
    ]


def test_unknown_block_suggests(repo: Repo, run: Callable[..., Result]) -> None:
    repo.replace(NOTE, "::: effets", "::: efets")
    line = repo.line_of(NOTE, "::: efets")
    assert check(run) == [
        f"content/valbrune/{NOTE}:{line}:1: bloc « efets » inconnu (vouliez-vous dire « effets » "
        "?) : blocs possibles « a-retenir », « acteurs », « article », « cadre-logique », "
        "« communique », « effets », « encadre », « graphique », « indicateurs », « interne », "
        "« inventaire », « note-agents », « objectifs », « partenaires », "
        "« personnes-ressources », « plan-actions », « publication », « raci », « sommaire »"
    ]


def test_block_option_with_unknown_reference(repo: Repo, run: Callable[..., Result]) -> None:
    repo.replace(NOTE, "::: indicateurs\n", "::: indicateurs objectif=OBJ-EAUX\n")
    line = repo.line_of(NOTE, "::: indicateurs")
    assert check(run) == [
        f"content/valbrune/{NOTE}:{line}:26: bloc « indicateurs », option objectif : objectif "
        "« OBJ-EAUX » inconnu (vouliez-vous dire « OBJ-EAU » ?)"
    ]


def test_block_option_unknown(repo: Repo, run: Callable[..., Result]) -> None:
    repo.replace(NOTE, "::: indicateurs\n", "::: indicateurs service=SRV-EAU\n")
    line = repo.line_of(NOTE, "::: indicateurs")
    assert check(run) == [
        f"content/valbrune/{NOTE}:{line}:17: bloc « indicateurs » : option « service » inconnue "
        "(options : « objectif », « action »)"
    ]


def test_block_with_text_inside(repo: Repo, run: Callable[..., Result]) -> None:
    repo.replace(NOTE, "::: effets\n:::", "::: effets\nMon texte\n:::")
    line = repo.line_of(NOTE, "::: effets")
    assert check(run) == [
        f"content/valbrune/{NOTE}:{line}:1: bloc « effets » : il se remplit depuis le référentiel "
        "et ne prend pas de texte ; fermez-le par « ::: » sur la ligne suivante"
    ]


def test_unclosed_internal_note_is_an_error(repo: Repo, run: Callable[..., Result]) -> None:
    text = (repo.mission / NOTE).read_text(encoding="utf-8")
    head, _sep, tail = text.partition("::: interne\n")
    body, _close, rest = tail.partition(":::\n")
    (repo.mission / NOTE).write_text(head + "::: interne\n" + body + rest, encoding="utf-8")
    line = repo.line_of(NOTE, "::: interne")
    heading = next(
        n
        for n, text in enumerate((repo.mission / NOTE).read_text("utf-8").split("\n"), 1)
        if n > line and text.startswith("#")
    )
    assert check(run) == [
        f"content/valbrune/{NOTE}:{line}:1: bloc « interne » : il avalerait le titre de la ligne "
        f"{heading} ; fermez le bloc par « ::: » avant ce titre, ou, si le titre fait partie du "
        "bloc, ouvrez-le par « :::: interne » et fermez-le par « :::: »",
        f"content/valbrune/{NOTE}:{line}:1: bloc « interne » non refermé : il avalerait tout "
        "jusqu'à la fin du fichier ; ajoutez une ligne « ::: » à la fin du bloc",
    ]


def test_objective_cycle(repo: Repo, run: Callable[..., Result]) -> None:
    repo.replace(OBJ, "    niveau: global\n", "    niveau: global\n    parent: RES-EAU-1\n")
    line = repo.line_of(OBJ, "parent: RES-EAU-1")
    diagnostics = check(run)
    assert (
        f"content/valbrune/{OBJ}:{line}:13: objectifs[0].parent : l'objectif « OBJ-G » "
        "descend de lui-même (boucle dans les objectifs parents)" in diagnostics
    )


def test_not_utf8_file(repo: Repo, run: Callable[..., Result]) -> None:
    path = repo.mission / SRV
    text = path.read_text(encoding="utf-8").replace("d'ensemble", "d’ensemble")  # as Word types it
    path.write_bytes(text.encode("cp1252"))
    text = path.read_bytes().decode("cp1252").split("\n")
    line = next(i for i, row in enumerate(text, 1) if any(ord(c) > 127 for c in row))
    col = next(i for i, c in enumerate(text[line - 1], 1) if ord(c) > 127)
    assert check(run) == [
        f"content/valbrune/{SRV}:{line}:{col}: le fichier n'est pas encodé en UTF-8 (il semble "
        "encodé en Windows-1252) : enregistrez-le en UTF-8"
    ]


def test_empty_referential_file(repo: Repo, run: Callable[..., Result]) -> None:
    repo.write("referentiel/acteurs.yaml", "\n")
    assert check(run) == ["content/valbrune/referentiel/acteurs.yaml:1:1: fichier vide"]


def test_unknown_entity_kind(repo: Repo, run: Callable[..., Result]) -> None:
    repo.write("referentiel/autres.yaml", "service:\n  - id: X\n    nom: Y\n")
    assert check(run) == [
        "content/valbrune/referentiel/autres.yaml:1:1: service : sorte d'éléments inconnue "
        "(vouliez-vous dire « services » ?) : sortes possibles « services », « objectifs », "
        "« indicateurs », « acteurs », « territoires », « personnes », « actions_existantes », "
        "« actions »"
    ]


def test_invalid_id(repo: Repo, run: Callable[..., Result]) -> None:
    path = repo.mission / SRV
    path.write_text(path.read_text("utf-8") + "  - id: SRV NEW\n    nom: Nouveau\n", "utf-8")
    line = repo.line_of(SRV, "id: SRV NEW")
    assert check(run) == [
        f"content/valbrune/{SRV}:{line}:9: services[6].id : identifiant « SRV NEW » invalide : "
        "son 4e caractère est une espace (U+0020) : un identifiant n'en a pas, écrivez « - »"
    ]


def test_broken_item_does_not_cascade(repo: Repo, run: Callable[..., Result]) -> None:
    """An objective with an error is reported once; indicators naming it are not."""
    repo.replace(
        OBJ,
        "    niveau: specifique\n    parent: OBJ-G\n    intitule: Pérenniser",
        "    niveau: specific\n    parent: OBJ-G\n    intitule: Pérenniser",
    )
    diagnostics = check(run)
    assert len(diagnostics) == 1
    assert "objectifs[1].niveau : valeur « specific » invalide" in diagnostics[0]


@pytest.mark.parametrize("tag", ["!!python/object:os.system", "!!python/name:os.system"])
def test_python_tags_in_content(repo: Repo, run: Callable[..., Result], tag: str) -> None:
    repo.replace("mission.yaml", "intitule: Définir", f"intitule: {tag} Définir")
    (diag,) = check(run)
    line = repo.line_of("mission.yaml", "intitule:")
    assert diag.startswith(f"content/valbrune/mission.yaml:{line}:11: étiquette YAML")
    assert "interdite" in diag


def test_all_errors_are_listed_at_once(repo: Repo, run: Callable[..., Result]) -> None:
    repo.replace(NOTE, "statut: valide", "statut: fini")
    repo.replace(IND, "objectif: OBJ-ECO", "objectif: OBJ-ECOX")
    repo.replace("mission.yaml", "type: epci", "type: ville")
    diagnostics = check(run)
    assert [d.split(":")[0] for d in diagnostics] == [
        f"content/valbrune/{NOTE}",
        "content/valbrune/mission.yaml",
        f"content/valbrune/{IND}",
    ]


def test_control_characters_are_warnings_with_position(
    repo: Repo, run: Callable[..., Result]
) -> None:
    repo.french_only("note-strategique")  # its English is not what is checked here
    repo.replace(NOTE, "montré que ces actions", "montré\x0bque ces\x01 actions")
    line = repo.line_of(NOTE, "montré")
    result = run("check")
    assert result.exit_code == 0
    text = (repo.mission / NOTE).read_text(encoding="utf-8").split("\n")[line - 1]
    col = text.index("\x0b") + 1
    assert result.stderr.splitlines()[:2] == [
        f"content/valbrune/{NOTE}:{line}:{col}: avertissement : tabulation verticale (saut de "
        "ligne Word) U+000B supprimé (copier-coller depuis Word ?)",
        f"content/valbrune/{NOTE}:{line}:{col + 8}: avertissement : caractère de contrôle U+0001 "
        "supprimé (copier-coller depuis Word ?)",
    ]
    strict = run("check", "--strict")
    assert strict.exit_code == 1
    assert run("build").exit_code == 0  # the document is still built, cleaned


def test_link_to_a_missing_heading_is_a_warning(repo: Repo, run: Callable[..., Result]) -> None:
    repo.french_only("note-strategique")  # its English is not what is checked here
    repo.replace(
        NOTE,
        "Trois rôles ont été débattus",
        "Voir [le cadre](#cadre). Trois rôles ont été débattus",
    )
    line = repo.line_of(NOTE, "[le cadre](#cadre)")
    result = run("check")
    assert result.exit_code == 0
    assert (
        f"content/valbrune/{NOTE}:{line}:17: avertissement : lien vers « #cadre » : aucun titre "
        "de ce livrable ne porte cet identifiant (un titre « Mon titre » s'écrit #mon-titre)"
    ) in result.stderr
    repo.replace(NOTE, "(#cadre)", "(#le-cadre-juridique)")
    assert "avertissement" not in run("check").stderr


def test_missing_image(repo: Repo, run: Callable[..., Result]) -> None:
    repo.replace(NOTE, repo.add_picture(NOTE), "../images/carte.png")
    line = repo.line_of(NOTE, "../images/carte.png")
    col = (repo.mission / NOTE).read_text("utf-8").split("\n")[line - 1].index("../images") + 1
    assert check(run) == [
        f"content/valbrune/{NOTE}:{line}:{col}: image « ../images/carte.png » introuvable "
        "(chemin relatif à la mission, par exemple images/carte.png)"
    ]


def test_image_without_alternative_text(repo: Repo, run: Callable[..., Result]) -> None:
    """An error at the `![` once the deliverable is `valide`, a warning while it is being
    written (RGAA 1.1: a screen reader reads the text between the brackets)."""
    repo.french_only("note-strategique")  # its English is not what is checked here
    message = (
        "image « ../images/photo.png » sans texte alternatif : décrivez-la entre les crochets, "
        "![ce que montre l'image](…), pour qui ne la voit pas (lecteur d'écran, RGAA 1.1)"
    )
    repo.add_picture(NOTE)  # statut: valide
    repo.replace(NOTE, "![Photo de la réunion]", "Voyez ![ ]")
    line = repo.line_of(NOTE, "Voyez ![ ]")
    assert check(run) == [f"content/valbrune/{NOTE}:{line}:7: {message}"]
    repo.replace(NOTE, "Voyez ![ ]", "Voyez ![La salle du conseil]")
    plan = "livrables/plan-actions.md"  # statut: relecture
    repo.add_picture(plan)
    repo.replace(plan, "![Photo de la réunion]", "![]")
    result = run("check")
    assert result.exit_code == 0, result.output
    line = repo.line_of(plan, "![](../images/photo.png")
    assert result.stderr.count("sans texte alternatif") == 1
    assert f"content/valbrune/{plan}:{line}:1: avertissement : {message}" in result.stderr


def test_a_heading_level_skipped_is_a_warning(repo: Repo, run: Callable[..., Result]) -> None:
    repo.french_only("note-strategique")  # its English is not what is checked here
    repo.replace(NOTE, "\n# ", "\n### Un détail trop tôt\n\nTexte.\n\n# ")
    line = repo.line_of(NOTE, "### Un détail trop tôt")
    result = run("check")
    assert result.exit_code == 0, result.output
    assert result.stderr.splitlines()[0] == (
        f"content/valbrune/{NOTE}:{line}:1: avertissement : titre de niveau 3 (###) après le "
        "début du livrable : le niveau 1 manque (#), l'ordre des titres guide les lecteurs "
        "d'écran (RGAA 9.1)"
    )
    assert result.stderr.count("titre de niveau") == 1
    repo.replace(NOTE, "### Un détail trop tôt", "# Un détail à sa place")
    assert "titre de niveau" not in run("check").stderr


def test_image_outside_the_mission(repo: Repo, run: Callable[..., Result]) -> None:
    repo.replace(NOTE, repo.add_picture(NOTE), "../../../templates/logo.png")
    line = repo.line_of(NOTE, "templates/logo.png")
    (diag,) = check(run)
    assert diag.startswith(f"content/valbrune/{NOTE}:{line}:")
    assert diag.endswith(
        "image « ../../../templates/logo.png » : le chemin sort du dossier de la mission"
    )


def test_svg_image_is_refused_for_word(repo: Repo, run: Callable[..., Result]) -> None:
    (repo.mission / "images" / "carte.svg").write_text("<svg/>", encoding="utf-8")
    repo.replace(NOTE, repo.add_picture(NOTE), "images/carte.svg")
    (diag,) = check(run)
    assert diag.endswith(
        "image « images/carte.svg » : format « .svg » non pris en charge par "
        "Word, utilisez PNG ou JPEG"
    )


def test_remote_image_is_refused(repo: Repo, run: Callable[..., Result]) -> None:
    repo.replace(NOTE, repo.add_picture(NOTE), "https://example.org/a.png")
    (diag,) = check(run)
    assert diag.endswith(
        "image « https://example.org/a.png » : les images distantes ne sont pas "
        "permises, placez le fichier dans le dossier images/ de la mission"
    )


def test_image_link_pointing_out_of_the_mission_is_refused(
    repo: Repo, run: Callable[..., Result]
) -> None:
    (repo.mission / "images" / "lien.png").symlink_to(repo.root / "templates" / "logo.png")
    repo.replace(NOTE, repo.add_picture(NOTE), "../images/lien.png")
    (diag,) = check(run)
    assert diag.endswith("image « ../images/lien.png » : le chemin sort du dossier de la mission")


def test_colon_in_an_unquoted_text_is_explained(repo: Repo, run: Callable[..., Result]) -> None:
    repo.replace(
        OBJ,
        "      - Les PME agroalimentaires trouvent de nouveaux débouchés",
        "      - Les PME : de nouveaux débouchés",
    )
    line = repo.line_of(OBJ, "Les PME : de nouveaux")
    assert check(run) == [
        f"content/valbrune/{OBJ}:{line}:9: objectifs[3].effets_ici[0] : texte attendu, mais "
        "« : » suivi d'une espace fait de cette ligne un dictionnaire : mettez le texte entre "
        "guillemets"
    ]


def test_client_logo_must_exist(repo: Repo, run: Callable[..., Result]) -> None:
    repo.replace("mission.yaml", "logo: images/logo-valbrune.png", "logo: images/blason.png")
    line = repo.line_of("mission.yaml", "logo:")
    assert check(run) == [
        f"content/valbrune/mission.yaml:{line}:9: collectivite.logo : image « images/blason.png » "
        "introuvable (chemin relatif à la mission, par exemple images/carte.png)"
    ]


def test_brand_logo_must_exist(repo: Repo, run: Callable[..., Result]) -> None:
    (repo.root / "templates" / "logo.png").unlink()
    result = run("check")
    assert result.exit_code == 1
    assert (
        "templates/marque.yaml:5:7: logo : fichier « logo.png » introuvable à côté de "
        "marque.yaml" in result.stderr
    )


def test_a_huge_markdown_file_is_refused_at_once(repo: Repo, run: Callable[..., Result]) -> None:
    text = (repo.mission / NOTE).read_text("utf-8")
    (repo.mission / NOTE).write_text(text + "Une phrase de remplissage. " * 800_000, "utf-8")
    assert check(run) == [  # refused from its size, before any parsing
        f"content/valbrune/{NOTE}:1:1: fichier trop volumineux (21 Mo, au plus 2 Mo) : "
        "découpez-le en plusieurs livrables"
    ]


def test_a_hundred_thousand_items_are_read_and_refused_past_what_a_page_shows(
    repo: Repo, run: Callable[..., Result]
) -> None:
    """Read without running out of time or memory; no page can show them (issue 28): an
    error at the first one too many, with its line."""
    rows = ["services:"] + [f"  - id: SRV-X{i}\n    nom: Service {i}" for i in range(100_000)]
    repo.write("referentiel/zz-grand.yaml", "\n".join(rows) + "\n")
    result = run("check")
    assert result.exit_code == 1
    known = len(
        [
            line
            for line in (repo.mission / "referentiel" / "services.yaml").read_text().split("\n")
            if line.startswith("  - id:")
        ]
    )
    line = 2 + 2 * (1000 - known)  # the 1001st service, counting those of services.yaml
    assert (
        f"content/valbrune/referentiel/zz-grand.yaml:{line}:5: services : plus de 1000 éléments "
        "(100000 dans ce fichier)"
    ) in result.stderr, result.stderr[-800:]


def test_five_thousand_actions_are_refused_by_check(repo: Repo, run: Callable[..., Result]) -> None:
    rows = ["actions:"] + [
        f"  - id: ACT-X{i}\n    intitule: Action {i}\n    pilote: SRV-DGS" for i in range(5000)
    ]
    repo.write("referentiel/zz-actions.yaml", "\n".join(rows) + "\n")
    result = run("check")
    assert result.exit_code == 1
    assert "actions : plus de 500 éléments (5000 dans ce fichier)" in result.stderr


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        ("debut: 2027-01-04", "debut: 0001-01-01", "date « 0001-01-01 » hors des limites"),
        ("fin: 2027-06-30", "fin: 9999-12-31", "date « 9999-12-31 » hors des limites"),
        ("budget: 3000", 'budget: "nan"', "nombre attendu, « nan » trouvé"),
        ("budget: 3000", "budget: .inf", "nombre attendu, « .inf » trouvé"),
        ("budget: 3000", 'budget: "inf"', "nombre attendu, « inf » trouvé"),
        ("budget: 3000", "budget: 1e400", "nombre attendu"),
        ("budget: 3000", "budget: 1e30", "nombre démesuré"),
    ],
)
def test_values_no_page_can_show_are_errors_at_their_line(
    repo: Repo, run: Callable[..., Result], old: str, new: str, message: str
) -> None:
    """Accepted before, they crashed the build (OverflowError, TypeError) or made it hang."""
    repo.replace("referentiel/actions.yaml", old, new)
    line = repo.line_of("referentiel/actions.yaml", new)
    result = run("check")
    assert result.exit_code == 1
    assert f"content/valbrune/referentiel/actions.yaml:{line}:" in result.stderr
    assert message in result.stderr and "Traceback" not in result.output
    built = run("build")
    assert built.exit_code == 1 and "erreur interne" not in built.output


def test_action_ending_before_it_starts(repo: Repo, run: Callable[..., Result]) -> None:
    repo.replace(
        "referentiel/actions.yaml",
        "    fin: 2027-06-30\n    budget: 3000",
        "    fin: 2026-06-30\n    budget: 3000",
    )
    line = repo.line_of("referentiel/actions.yaml", "fin: 2026-06-30")
    assert check(run) == [
        f"content/valbrune/referentiel/actions.yaml:{line}:10: actions[0].fin : la fin de "
        "l'action (30 juin 2026) précède son début (4 janvier 2027)"
    ]


def test_byte_order_mark_is_accepted(repo: Repo, run: Callable[..., Result]) -> None:
    path = repo.mission / NOTE
    path.write_bytes(b"\xef\xbb\xbf" + path.read_bytes())
    assert run("check").exit_code == 0


def test_lock_files_are_skipped_and_near_misses_warned(
    repo: Repo, run: Callable[..., Result]
) -> None:
    (repo.mission / "livrables" / "~$te-strategique.md").write_bytes(b"\x00\x01verrou Word")
    (repo.mission / "livrables" / ".~lock.note.md#").write_text("verrou", "utf-8")
    (repo.mission / "livrables" / "annexe.MD").write_text("# Annexe\n", "utf-8")
    (repo.mission / "livrables" / "notes.md.txt").write_text("# Notes\n", "utf-8")
    result = run("check")
    assert result.exit_code == 0, result.stderr
    assert "~$" not in result.stderr and ".~lock" not in result.stderr
    assert "annexe.MD:1:1: avertissement : fichier ignoré" in result.stderr
    assert "notes.md.txt:1:1: avertissement : fichier ignoré" in result.stderr


def test_a_missing_mission_yaml_says_so(repo: Repo, run: Callable[..., Result]) -> None:
    (repo.mission / "mission.yaml").unlink()
    result = run("check", "valbrune")
    assert result.exit_code == 1
    assert "content/valbrune/mission.yaml:1:1: fichier manquant" in result.stderr


def test_a_hash_in_an_unquoted_value_is_a_warning(repo: Repo, run: Callable[..., Result]) -> None:
    repo.replace("mission.yaml", "role: Cheffe de mission", "role: Cheffe #1 de mission")
    line = repo.line_of("mission.yaml", "Cheffe #1")
    result = run("check")
    assert f"mission.yaml:{line}:18: avertissement : texte coupé au « # »" in result.stderr


def test_a_session_ending_before_it_starts(repo: Repo, run: Callable[..., Result]) -> None:
    repo.replace("livrables/formation.md", 'fin: "10:45"', 'fin: "09:15"')
    result = run("check")
    assert result.exit_code == 1
    assert "la séquence finit (09:15) avant de commencer (09:30)" in result.stderr


def test_an_id_in_other_capitals_gets_its_suggestion(
    repo: Repo, run: Callable[..., Result]
) -> None:
    repo.replace(IND, "objectif: OBJ-EAU", "objectif: obj-eau")
    result = run("check")
    assert "majuscules et minuscules comptent : vouliez-vous dire « OBJ-EAU » ?" in result.stderr


def test_one_error_brings_no_false_warnings(repo: Repo, run: Callable[..., Result]) -> None:
    """An invalid indicator must not make its objective "sans indicateur"."""
    repo.replace(IND, "objectif: OBJ-EAU", "objectif: OBJ-EAU\n    frequence: [liste, invalide]")
    result = run("check")
    assert result.exit_code == 1
    warnings = [line for line in result.stderr.splitlines() if "avertissement :" in line]
    assert warnings == []


def test_an_unknown_id_suggests_only_a_close_one_and_where_to_add_it(
    repo: Repo, run: Callable[..., Result]
) -> None:
    acts = "referentiel/actions.yaml"
    repo.replace(
        acts, "partenaires: [TER-BAK, ORG-DIASPORA]", "partenaires: [TER-BAK, ORG-AGENCE-EAU]"
    )
    line = repo.line_of(acts, "ORG-AGENCE-EAU")
    (diagnostic,) = check(run)
    assert diagnostic.startswith(f"content/valbrune/{acts}:{line}:")
    assert diagnostic.endswith(
        "acteur ou territoire partenaire « ORG-AGENCE-EAU » inconnu ; s'il manque, ajoutez-le "
        "dans referentiel/acteurs.yaml ou referentiel/territoires.yaml"
    ), diagnostic
    assert "vouliez-vous dire" not in diagnostic  # ORG-LYCEE shares a prefix, not a typo
    repo.replace(acts, "ORG-AGENCE-EAU", "ORG-DIASPOR")
    (diagnostic,) = check(run)
    assert diagnostic.endswith("inconnu (vouliez-vous dire « ORG-DIASPORA » ?)"), diagnostic


def test_a_look_alike_character_in_an_id_is_named_at_its_place(
    repo: Repo, run: Callable[..., Result]
) -> None:
    acts = "referentiel/actions.yaml"
    text = (repo.mission / acts).read_text("utf-8")
    first = next(line for line in text.split("\n") if line.strip().startswith("- id: PA-"))
    ident = first.split("id: ")[1].strip()
    odd = ident.replace("-", "\u2011", 1)
    repo.replace(acts, f"id: {ident}", f"id: {odd}")
    diagnostics = check(run)
    assert any(
        f"identifiant « {odd} » invalide : son 3e caractère est un trait d'union insécable "
        "(U+2011), qui ressemble à « - » sans en être un ; tapez « - » à sa place" in d
        for d in diagnostics
    ), diagnostics


def test_a_milestone_outside_its_action_is_warned_at_the_milestone(
    repo: Repo, run: Callable[..., Result]
) -> None:
    acts = "referentiel/actions.yaml"
    repo.replace(
        acts, "{date: 2027-06-15, intitule: Signature", "{date: 2027-09-15, intitule: Signature"
    )
    line = repo.line_of(acts, "date: 2027-09-15")
    result = run("check")
    assert result.exit_code == 0, result.output
    assert (f"content/valbrune/{acts}:{line}:") in result.stderr and (
        "actions[0].jalons[0].date : le jalon « Signature de la nouvelle convention » "
        "(15 septembre 2027) tombe hors de son action, du 4 janvier 2027 au 30 juin 2027"
    ) in result.stderr
    assert "graphique gantt" not in result.stderr  # inside the chart's period: said once


def test_strict_says_it_refuses_warnings(repo: Repo, run: Callable[..., Result]) -> None:
    repo.replace(
        "referentiel/actions.yaml",
        "{date: 2027-06-15, intitule: Signature",
        "{date: 2027-09-15, intitule: Signature",
    )
    result = run("check", "--strict")
    assert result.exit_code == 1
    assert "Échec : --strict refuse les avertissements : 0 erreur, 1 avertissement." in (
        result.stderr
    ), result.stderr


def test_an_unclosed_block_does_not_blame_the_closed_one_inside(
    repo: Repo, run: Callable[..., Result]
) -> None:
    """`::: interne` left open before a closed `::: a-retenir`: one error, at the open one,
    saying both ways out; none on the block that was closed right."""
    repo.replace(
        NOTE,
        "\n# ",
        "\n::: interne\nNote sans fin.\n\n::: a-retenir\nRetenir.\n:::\n\n# ",
    )
    line = repo.line_of(NOTE, "Note sans fin.") - 1  # its « ::: interne »
    inner = repo.line_of(NOTE, "::: a-retenir")
    found = check(run)
    assert len(found) == 1, found
    assert found[0].startswith(f"content/valbrune/{NOTE}:{line}:1: ")
    assert (
        f"bloc « interne » : le bloc « a-retenir » ouvert à la ligne {inner} a une clôture aussi "
        "longue que la sienne, et le premier « ::: » fermerait les deux ; si « interne » finit "
        f"avant lui, ajoutez « ::: » avant la ligne {inner}"
    ) in found[0]
