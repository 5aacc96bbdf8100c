"""Reading content files: encodings, byte-order marks, empty files, Word control characters."""

from __future__ import annotations

from pathlib import Path

import pytest

from livrables.content.source import read_source
from livrables.errors import ContentError


def test_bom_is_accepted(tmp_path: Path) -> None:
    path = tmp_path / "a.md"
    path.write_bytes(b"\xef\xbb\xbf---\ntitre: x\n")
    assert read_source(path).text == "---\ntitre: x\n"


def test_windows_1252_is_named_with_the_position_of_the_first_bad_byte(tmp_path: Path) -> None:
    path = tmp_path / "a.md"
    path.write_bytes("titre: ok\nnom: Élus – été\n".encode("cp1252"))
    with pytest.raises(ContentError) as exc:
        read_source(path)
    (diag,) = exc.value.diagnostics
    assert (diag.line, diag.col) == (2, 6)
    assert diag.message == (
        "le fichier n'est pas encodé en UTF-8 (il semble encodé en "
        "Windows-1252) : enregistrez-le en UTF-8"
    )


def test_empty_file(tmp_path: Path) -> None:
    path = tmp_path / "a.yaml"
    path.write_text("  \n\n", encoding="utf-8")
    with pytest.raises(ContentError) as exc:
        read_source(path)
    assert [(d.line, d.col, d.message) for d in exc.value.diagnostics] == [(1, 1, "fichier vide")]


def test_word_control_characters_are_cleaned_and_located(tmp_path: Path) -> None:
    path = tmp_path / "a.md"
    path.write_text("Ligne\x0bsuite\nfin\x01 ici\r\nok", encoding="utf-8")
    source = read_source(path)
    assert source.text == "Ligne  \nsuite\nfin ici\nok"  # a Markdown hard break
    assert [(c.line, c.col, c.char) for c in source.control_chars] == [
        (1, 6, "\x0b"),
        (2, 4, "\x01"),
    ]
    assert source.control_chars[0].describe() == (
        "tabulation verticale (saut de ligne Word) U+000B supprimé (copier-coller depuis Word ?)"
    )


def test_yaml_gets_a_space_for_word_line_breaks(tmp_path: Path) -> None:
    path = tmp_path / "a.yaml"
    path.write_text("titre: a\x0bb\n", encoding="utf-8")
    assert read_source(path, line_break=" ").text == "titre: a b\n"


def test_word_line_break_inside_a_table_row_keeps_the_row(tmp_path: Path) -> None:
    path = tmp_path / "a.md"
    path.write_text("| a\x0bb | c |\n|---|---|\n", encoding="utf-8")
    assert read_source(path).text == "| a b | c |\n|---|---|\n"
