"""`livrables retours`: a DOCX the client reviewed (comments and tracked changes added with
python-docx and lxml, then the file re-saved by LibreOffice) read back, each remark at the
source line it is about; the anchors that make it possible show nothing to the client."""

from __future__ import annotations

import copy
from collections.abc import Callable
from pathlib import Path
from typing import Any

import docx
import pytest
from click.testing import Result
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.text.run import Run

from tests.conftest import Repo
from tests.helpers import W, docx_text, docx_xml
from tests.test_real_renderers import need, soffice_convert

DIAG = "livrables/diagnostic-flash.md"
SHEET = "build/_retours/valbrune/relu.md"


def split_run(paragraph: Any, words: str) -> Any:
    """A new run holding exactly `words` (the run that held them cut in three, formatting
    kept), as a client selecting them in Word makes it."""
    for run in paragraph.runs:
        if words in run.text:
            before, _, after = run.text.partition(words)
            middle, tail = copy.deepcopy(run._r), copy.deepcopy(run._r)
            run._r.addnext(middle)
            middle.addnext(tail)
            run.text = before
            Run(tail, paragraph).text = after
            found = Run(middle, paragraph)
            found.text = words
            return found
    raise AssertionError(f"{words!r} not found")


def tracked(tag: str, text: str, author: str = "Jean Dupont") -> Any:
    change = OxmlElement(tag)
    change.set(qn("w:id"), "9001" if tag == "w:ins" else "9002")
    change.set(qn("w:author"), author)
    change.set(qn("w:date"), "2026-12-01T09:00:00Z")
    run = OxmlElement("w:r")
    t = OxmlElement("w:t" if tag == "w:ins" else "w:delText")
    t.text = text
    run.append(t)
    change.append(run)
    return change


def review(built: Path, out: Path) -> None:
    """What a client does in Word: comments on words, a comment on the cover, a word crossed
    out and another typed in with "track changes" on."""
    document = docx.Document(str(built))
    paragraphs = document.paragraphs
    profile = next(p for p in paragraphs if p.text.startswith("Le Pays de Valbrune est"))
    word = split_run(profile, "l’agroalimentaire")  # on the paragraph's second source line
    document.add_comment(word, text="Citer la fromagerie ?", author="Jean Dupont", initials="JD")
    title = next(p for p in paragraphs if "Diagnostic flash de l" in p.text)
    document.add_comment(title.runs, text="Titre trop long.", author="Marie Roux", initials="MR")
    cell = next(
        p
        for table in document.tables
        for row in table.rows
        for c in row.cells
        for p in c.paragraphs
        if "cherche des débouchés en Allemagne" in p.text
    )
    document.add_comment(
        split_run(cell, "cherche des débouchés en Allemagne"),
        text="Et en Autriche ?",
        author="Jean Dupont",
        initials="JD",
    )
    rural = split_run(profile, "rurale")._r
    deleted = tracked("w:del", "")
    deleted.remove(deleted[0])
    rural.addprevious(deleted)
    deleted.append(rural)  # the client's own run, crossed out
    for t in rural.iter(qn("w:t")):
        t.tag = qn("w:delText")
    deleted.addnext(tracked("w:ins", "périurbaine"))
    document.save(str(out))


@pytest.fixture
def reviewed(repo: Repo, run: Callable[..., Result], tmp_path: Path) -> Path:
    assert run("build", "valbrune").exit_code == 0
    path = tmp_path / "relu.docx"
    review(repo.root / "build/valbrune/diagnostic-flash.docx", path)
    return path


def expected(repo: Repo) -> list[str]:
    return [
        f"content/valbrune/{DIAG}:{repo.line_of(DIAG, 'titre:')}: commentaire de Marie Roux",
        f"content/valbrune/{DIAG}:{repo.line_of(DIAG, 'intercommunalité rurale')}: "
        "suppression de Jean Dupont (1er décembre 2026) : « rurale »",
        f"content/valbrune/{DIAG}:{repo.line_of(DIAG, 'intercommunalité rurale')}: "
        "ajout de Jean Dupont (1er décembre 2026) : « périurbaine »",
        f"content/valbrune/{DIAG}:{repo.line_of(DIAG, 'agroalimentaire et les services')}: "
        "commentaire de Jean Dupont",
        "content/valbrune/referentiel/acteurs.yaml:"
        f"{repo.line_of('referentiel/acteurs.yaml', 'cherche des débouchés')}: "
        "commentaire de Jean Dupont",
    ]


def check_output(result: Result, repo: Repo) -> None:
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    remarks = [line for line in lines if not line.startswith("écrit : ")]
    wanted = expected(repo)
    assert len(remarks) == len(wanted), result.output
    for line, start in zip(remarks, wanted, strict=True):
        assert line.startswith(start), (line, start)
    assert "page de garde" in remarks[0] and "Titre trop long." in remarks[0]
    assert "sur « l’agroalimentaire » : Citer la fromagerie ?" in remarks[3]
    assert "sur « cherche des débouchés en Allemagne » : Et en Autriche ?" in remarks[4]


def test_every_comment_and_change_finds_its_source_line(
    reviewed: Path, repo: Repo, run: Callable[..., Result]
) -> None:
    check_output(run("retours", str(reviewed)), repo)
    sheet = (repo.root / SHEET).read_text("utf-8")
    assert sheet.startswith("# Retours sur « Diagnostic flash de l'action internationale")
    assert "3 commentaire(s), 2 modification(s) suivie(s)" in sheet
    line = repo.line_of(DIAG, "agroalimentaire et les services")
    assert f"## `content/valbrune/{DIAG}:{line}`" in sheet
    assert "- [ ] Commentaire de Jean Dupont" in sheet
    assert not (repo.root / "build/valbrune/relu.md").exists()  # never in the client folder


def test_a_file_libreoffice_saved_again_is_read_the_same(
    reviewed: Path, repo: Repo, run: Callable[..., Result], tmp_path: Path
) -> None:
    need("soffice")
    resaved = soffice_convert(
        reviewed, tmp_path / "lo", "docx:MS Word 2007 XML", tmp_path / "profil"
    )
    assert resaved.read_bytes() != reviewed.read_bytes()
    check_output(run("retours", str(resaved)), repo)


def test_the_anchors_show_nothing(repo: Repo, run: Callable[..., Result]) -> None:
    assert run("build", "valbrune").exit_code == 0
    path = repo.root / "build/valbrune/diagnostic-flash.docx"
    root = docx_xml(path)
    starts = [b for b in root.iter(f"{W}bookmarkStart") if b.get(f"{W}name").startswith("_L")]
    assert len(starts) > 10
    for start in starts:  # hidden in Word (a leading "_"), collapsed, holding no text
        end = start.getnext()
        assert end.tag == f"{W}bookmarkEnd" and end.get(f"{W}id") == start.get(f"{W}id")
    assert "_L" not in docx_text(path)
    assert b"valbrune/diagnostic-flash" not in path.read_bytes()  # a digest, not the name


def test_files_it_cannot_read(repo: Repo, run: Callable[..., Result], tmp_path: Path) -> None:
    missing = run("retours", str(tmp_path / "absent.docx"))
    assert missing.exit_code == 1 and "fichier introuvable" in missing.output
    text = tmp_path / "note.docx"
    text.write_text("pas un document", "utf-8")
    broken = run("retours", str(text))
    assert broken.exit_code == 1 and "n'est pas un document Word (.docx) lisible" in broken.output
    other = tmp_path / "autre.docx"
    docx.Document().save(str(other))
    foreign = run("retours", str(other))
    assert foreign.exit_code == 1
    assert "impossible de retrouver le livrable d'origine" in foreign.output
    for result in (missing, broken, foreign):
        assert "Traceback" not in result.output
    assert not (repo.root / "build/_retours").exists()


def _zip_with(tmp_path: Path, name: str, patch: Callable[[bytearray], None]) -> Path:
    """A DOCX-like package whose document part is patched after it was written."""
    import io
    import zipfile

    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as package:
        package.writestr("[Content_Types].xml", "<Types/>")
        body = "<w:p><w:r><w:t>mot</w:t></w:r></w:p>" * 200
        package.writestr(
            "word/document.xml",
            f'<w:document xmlns:w="{W[1:-1]}"><w:body>{body}</w:body></w:document>',
        )
    data = bytearray(buffer.getvalue())
    patch(data)
    path = tmp_path / name
    path.write_bytes(bytes(data))
    return path


def _headers(data: bytearray, name: bytes) -> list[tuple[int, int]]:
    """(offset of the general flag, offset of the method) in the local and central headers of
    the entry `name`."""
    found = []
    local = data.find(b"PK\x03\x04" + data[4:6])
    while local != -1:
        if data[local + 30 : local + 30 + len(name)] == name:
            found.append((local + 6, local + 8))
        local = data.find(b"PK\x03\x04", local + 4)
    central = data.find(b"PK\x01\x02")
    while central != -1:
        if data[central + 46 : central + 46 + len(name)] == name:
            found.append((central + 8, central + 10))
        central = data.find(b"PK\x01\x02", central + 4)
    return found


def _encrypted(data: bytearray) -> None:
    for flag, _method in _headers(data, b"word/document.xml"):
        data[flag] |= 0x01


def _unknown_method(data: bytearray) -> None:
    for _flag, method in _headers(data, b"word/document.xml"):
        data[method : method + 2] = (99).to_bytes(2, "little")


def _corrupt(data: bytearray) -> None:
    (flag, _method), *_ = _headers(data, b"word/document.xml")
    start = flag - 6 + 30 + len(b"word/document.xml")
    data[start + 10 : start + 40] = b"\xff" * 30


@pytest.mark.parametrize(
    ("patch", "message"),
    [
        (_encrypted, "protégé par un mot de passe"),
        (_unknown_method, "compressé d'une manière non prise en charge"),
        (_corrupt, "endommagé"),
    ],
)
def test_a_package_it_cannot_open_is_a_french_refusal(
    repo: Repo, run: Callable[..., Result], tmp_path: Path, patch: Any, message: str
) -> None:
    path = _zip_with(tmp_path, "relu.docx", patch)
    result = run("retours", str(path))
    assert result.exit_code == 1
    assert message in result.output and "erreur interne" not in result.output
    assert "Traceback" not in result.output
    assert not (repo.root / "build/_retours").exists()


def test_memory_stays_linear_with_unclosed_comment_ranges() -> None:
    """Five thousand comment ranges never closed, twenty thousand words after them: read in a
    few megabytes (each range kept its own copy of every word: quadratic, gigabytes)."""
    import io
    import tracemalloc
    import zipfile

    from livrables.writers.docx.review import read_review

    ranges = "".join(f'<w:commentRangeStart w:id="{i}"/>' for i in range(5000))
    words = "<w:p><w:r><w:t>un mot du texte relu</w:t></w:r></w:p>" * 20_000
    closed = '<w:p><w:commentRangeEnd w:id="4999"/></w:p>'
    document = (
        f'<w:document xmlns:w="{W[1:-1]}"><w:body>{ranges}{words}{closed}</w:body></w:document>'
    )
    comments = (
        f'<w:comments xmlns:w="{W[1:-1]}"><w:comment w:id="4999" w:author="A">'
        "<w:p><w:r><w:t>Trop long</w:t></w:r></w:p></w:comment></w:comments>"
    )
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as package:
        package.writestr("word/document.xml", document)
        package.writestr("word/comments.xml", comments)
    tracemalloc.start()
    try:
        review = read_review(buffer.getvalue())
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    (remark,) = review.remarks
    assert remark.text == "Trop long" and remark.quoted.startswith("un mot du texte relu")
    assert len(remark.quoted) <= 300
    assert peak < 150 * 2**20, peak  # the document itself is some 30 MB of XML


def test_changes_and_comments_follow_their_words_after_the_source_was_edited(
    reviewed: Path, repo: Repo, run: Callable[..., Result]
) -> None:
    """The Markdown edited after the review went out (three lines added above): each tracked
    change is found again by the words just before it, as each comment by its words, at its
    new line; never at the old line number."""
    text = (repo.mission / DIAG).read_text("utf-8")
    head, sep, body = text.partition("\n# ")
    added = "Un paragraphe ajouté\nsur deux lignes, après l'envoi.\n\n"
    repo.write(DIAG, head + "\n" + added + sep.lstrip("\n") + body)
    check_output(run("retours", str(reviewed)), repo)  # the lines of the edited source


def test_a_change_whose_words_are_gone_is_said_uncertain_with_its_heading(
    reviewed: Path, repo: Repo, run: Callable[..., Result]
) -> None:
    repo.replace(DIAG, "est une intercommunalité rurale", "est une communauté rurale")
    result = run("retours", str(reviewed))
    assert result.exit_code == 0, result.output
    changes = [line for line in result.output.splitlines() if "« rurale »" in line]
    assert len(changes) == 1, result.output
    assert "(emplacement incertain, près du titre « " in changes[0], changes[0]
