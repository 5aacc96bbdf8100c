"""The YAML loader keeps the position of every value and key, and refuses unsafe YAML."""

from __future__ import annotations

from pathlib import Path

import pytest

from livrables.content.yamlload import MAX_ALIAS_EXPANSION, load_yaml
from livrables.errors import ContentError

P = Path("f.yaml")


def messages(exc: pytest.ExceptionInfo[ContentError]) -> list[tuple[int, int, str]]:
    return [(d.line, d.col, d.message) for d in exc.value.diagnostics]


def test_positions_of_nested_values_and_keys() -> None:
    text = "services:\n  - id: SRV-1\n    nom: Direction\n  - id: SRV-2\n    nom:   Eau\n"
    located = load_yaml(text, P)
    assert located.data == {
        "services": [{"id": "SRV-1", "nom": "Direction"}, {"id": "SRV-2", "nom": "Eau"}]
    }
    assert located.values[("services", 1, "nom")] == (5, 12)
    assert located.values[("services", 0)] == (2, 5)
    assert located.keys[("services", 1, "nom")] == (5, 5)


def test_missing_key_points_at_the_enclosing_mapping() -> None:
    located = load_yaml("a:\n  b: 1\n", P)
    assert located.position(("a", "absent")) == (2, 3)


def test_line_offset_shifts_front_matter_positions() -> None:
    located = load_yaml("titre: X\nstatut: valide\n", P, line_offset=1)
    assert located.values[("statut",)] == (3, 9)


def test_yaml_12_booleans_keep_country_codes_and_oui_as_text() -> None:
    located = load_yaml("pays: NO\nconvention: oui\nactif: true\nx: yes\n", P)
    assert located.data == {"pays": "NO", "convention": "oui", "actif": True, "x": "yes"}


def test_dates_are_dates_and_impossible_dates_stay_text() -> None:
    import datetime as dt

    located = load_yaml("debut: 2026-09-07\nfin: 2026-02-30\n", P)
    assert located.data["debut"] == dt.date(2026, 9, 7)
    assert located.data["fin"] == "2026-02-30"


def test_python_tags_are_refused_not_executed() -> None:
    with pytest.raises(ContentError) as exc:
        load_yaml("x: !!python/object/apply:os.system ['echo pwned']\n", P)
    assert messages(exc) == [
        (
            1,
            4,
            "étiquette YAML « !!python/object/apply:os.system » interdite : seules les "
            "données simples (texte, nombres, dates, listes, dictionnaires) sont acceptées",
        )
    ]


def test_alias_bomb_is_refused_quickly() -> None:
    lines = ['a: &a ["x","x","x","x","x","x","x","x","x","x"]']
    for i, name in enumerate("bcdefghij"):
        prev = "abcdefghij"[i]
        lines.append(f"{name}: &{name} [{', '.join(['*' + prev] * 10)}]")
    with pytest.raises(ContentError) as exc:
        load_yaml("\n".join(lines) + "\n", P)
    ((line, _col, message),) = messages(exc)
    assert message == "trop de références YAML (alias « * ») à développer : fichier refusé"
    assert line == 1  # the anchored value that is expanded over and over


def test_a_few_aliases_are_fine() -> None:
    located = load_yaml("a: &x [1, 2]\nb: *x\n", P)
    assert located.data == {"a": [1, 2], "b": [1, 2]}
    assert MAX_ALIAS_EXPANSION >= 1000


def test_duplicate_key_is_an_error_at_the_second_key() -> None:
    with pytest.raises(ContentError) as exc:
        load_yaml("titre: A\nstatut: valide\ntitre: B\n", P)
    assert messages(exc) == [(3, 1, "clé « titre » en double (déjà définie ligne 1)")]


def test_syntax_error_is_french_with_position() -> None:
    with pytest.raises(ContentError) as exc:
        load_yaml("titre: A\n  statut: valide\n", P)
    assert messages(exc) == [
        (
            2,
            3,
            "indentation : clé « statut » en colonne 3, plus en retrait que « titre » (ligne 1) ; "
            "alignez-la en colonne 1, comme « titre » (ligne 1)",
        )
    ]


def test_a_colon_inside_a_value_is_still_explained() -> None:
    with pytest.raises(ContentError) as exc:
        load_yaml("titre: Note: la suite\n", P)
    assert messages(exc) == [
        (
            1,
            12,
            "erreur de syntaxe YAML : « : » inattendu (une valeur contenant « : » doit être "
            "entre guillemets)",
        )
    ]


def test_an_apostrophe_inside_apostrophes() -> None:
    with pytest.raises(ContentError) as exc:
        load_yaml("titre: 'Plan d'actions'\nstatut: valide\n", P)
    (line, col, message), *_ = messages(exc)
    assert (line, col) == (1, 15) and message.startswith("apostrophe dans un texte entre")


def test_under_indented_key_is_named() -> None:
    with pytest.raises(ContentError) as exc:
        load_yaml("collectivite:\n  nom: A\n type: epci\n", P)
    assert messages(exc)[0][2] == (
        "indentation : clé « type » en colonne 2, moins en retrait que « nom » (ligne 2) ; "
        "alignez-la en colonne 1, comme « collectivite » (ligne 1)"
    )


def test_tab_indentation_is_explained() -> None:
    with pytest.raises(ContentError) as exc:
        load_yaml("a:\n\tb: 1\n", P)
    assert messages(exc) == [
        (2, 1, "erreur de syntaxe YAML : tabulation interdite : indentez avec des espaces")
    ]


def test_unclosed_quote() -> None:
    with pytest.raises(ContentError) as exc:
        load_yaml('titre: "Note\nstatut: valide\n', P)
    ((line, col, message),) = messages(exc)
    assert message.startswith("erreur de syntaxe YAML : ")
    assert (line, col) == (3, 1)


def test_times_and_codes_stay_text_numbers_stay_numbers() -> None:
    located = load_yaml("a: 9:30\nb: 0123\nc: 12\nd: 1.5\ne: 1_000\nf: 0x1F\n", P)
    # a postal code keeps its leading zero
    assert located.data == {"a": "9:30", "b": "0123", "c": 12, "d": 1.5, "e": "1_000", "f": "0x1F"}


def test_a_colon_or_a_comma_inside_a_braced_value_says_to_quote_it(tmp_path: Path) -> None:
    """`{source: Région: appel}` or `{source: Région, appel}`: in French, at the value, with
    the line to write."""
    path = tmp_path / "actions.yaml"
    text = "financements:\n  - {source: Région: appel, montant: 3000}\n"
    with pytest.raises(ContentError) as colon:
        load_yaml(text, path)
    (diagnostic,) = colon.value.diagnostics
    assert (diagnostic.line, diagnostic.col) == (2, 14)
    assert diagnostic.message == (
        "erreur de syntaxe YAML : la valeur de « source » contient « : » entre { } ; "
        'mettez-la entre guillemets : source: "Région: appel"'
    )
    with pytest.raises(ContentError) as comma:
        load_yaml("financements:\n  - {source: Région, appel, montant: 3000}\n", path)
    (diagnostic,) = comma.value.diagnostics
    assert (diagnostic.line, diagnostic.col) == (2, 22)
    assert diagnostic.message == (
        "« , » dans une valeur entre { } : « appel » y est lu comme une clé ; mettez la valeur "
        'qui contient la virgule entre guillemets : source: "Région, appel"'
    )
