"""`livrables retours FICHIER.docx`: the client's comments and tracked changes, each at the
`path:line` of the Markdown it is about, on screen and in a review sheet (Markdown) written
outside the client folder: `build/_retours/<mission>/<file>.md`. Nothing of the content is
touched: the consultant decides what to change.
"""

from __future__ import annotations

import bisect
import datetime as dt
import re
from dataclasses import dataclass
from pathlib import Path

from livrables.document.typography import format_date
from livrables.pipeline.envoi import safe_name
from livrables.pipeline.project import Project
from livrables.pipeline.writer import write_atomic
from livrables.writers.docx.anchors import source_digest
from livrables.writers.docx.review import (
    COMMENT,
    DELETED,
    INSERTED,
    Remark,
    ReviewError,
    read_review,
)

REVIEW_DIR = "_retours"
_KIND_LABELS = {COMMENT: "Commentaire", INSERTED: "Ajout", DELETED: "Suppression"}


class RetoursError(Exception):
    """Why the file could not be read back (French)."""


@dataclass(frozen=True)
class Found:
    remark: Remark
    path: Path  # the Markdown, or the YAML file its words come from
    line: int  # the line in `path` (the cover's remarks: the line of `titre:`)
    where: str  # "" or "page de garde"


@dataclass(frozen=True)
class Retours:
    source: Path  # the deliverable's Markdown
    title: str
    found: list[Found]
    sheet: Path


def read_retours(project: Project, path: Path) -> Retours:
    if not path.is_file():
        raise RetoursError(f"{path} : fichier introuvable")
    try:
        review = read_review(path.read_bytes())
    except ReviewError as exc:
        raise RetoursError(f"{path} : {exc}") from exc
    source = _deliverable(project, review.source, path)
    if source is None:
        raise RetoursError(
            f"{path} : impossible de retrouver le livrable d'origine ; ce fichier n'a pas été "
            "produit par livrables, ou pour une mission absente de ce dépôt"
        )
    lines = source.read_text("utf-8").split("\n")
    title_line = next((i for i, t in enumerate(lines, 1) if t.startswith("titre:")), 1)
    title = lines[title_line - 1].partition(":")[2].strip().strip("\"'") if lines else ""
    texts = {source: lines}
    for data in sorted((source.parent.parent / "referentiel").glob("*.y*ml")):
        texts[data] = data.read_text("utf-8").split("\n")
    found = [
        _place(texts, source, r) if r.line else Found(r, source, title_line, "page de garde")
        for r in review.remarks
    ]
    slug = source.parent.parent.name
    sheet = project.build / REVIEW_DIR / slug / f"{safe_name(path.stem)}.md"
    retours = Retours(source, title, found, sheet)
    write_atomic(sheet, review_sheet(retours, path, project.root, lines).encode("utf-8"))
    return retours


def _deliverable(project: Project, digest: str | None, path: Path) -> Path | None:
    """The Markdown the DOCX was built from: by the digest the build left in it, else (a file
    from an older build) by its name."""
    candidates = sorted(project.content.glob("*/livrables/*.md"))
    if digest:
        for candidate in candidates:
            if source_digest(f"{candidate.parent.parent.name}/{candidate.stem}") == digest:
                return candidate
        return None
    by_name = [c for c in candidates if c.stem == path.stem]
    return by_name[0] if len(by_name) == 1 else None


def _normal(text: str) -> str:
    """Text as the page shows it and as the Markdown holds it, made comparable."""
    text = text.replace("\u2019", "'").replace("\u00a0", " ").replace("\u202f", " ")
    text = text.replace("**", "").replace("*", "").replace("`", "")
    return " ".join(text.split()).lower()


def _place(texts: dict[Path, list[str]], source: Path, remark: Remark) -> Found:
    """Where the words the remark is about are written: in the paragraph at the anchor (a
    paragraph written over several lines: its words may be further down), else in the one
    place of the deliverable's front matter or the referential that holds them (a block's
    row), else the anchor itself (the `:::` line of the block)."""
    words = _normal(remark.quoted or (remark.text if remark.kind == DELETED else "")).split()
    at_anchor = Found(remark, source, remark.line, "")
    if remark.context.strip():  # the words before it, in its paragraph: found after edits
        by_context = _by_context(texts[source], source, remark)
        if by_context is not None and not by_context.where:
            return by_context
        if remark.kind != COMMENT or by_context is None:
            return by_context or at_anchor
        at_anchor = by_context  # a comment's own words may still place it
    if not words:
        return at_anchor
    probe = " ".join(words[:4])
    lines = texts[source]
    index = remark.line - 1
    while 0 <= index < len(lines) and lines[index].strip():
        if probe in _normal(lines[index]):
            return Found(remark, source, index + 1, "")
        index += 1
    if len(probe) < 15:  # too short to be found in one place only by chance
        return at_anchor
    places = [
        (path, number)
        for path, content in texts.items()
        for number, line in enumerate(content, 1)
        if probe in _normal(line)
    ]
    if len(places) == 1:
        return Found(remark, places[0][0], places[0][1], "")
    return at_anchor


def _by_context(lines: list[str], source: Path, remark: Remark) -> Found | None:
    """A tracked change placed by the words written just before it in its paragraph (its line
    in the file it was made from may have moved since): the line where they end, when they
    are in one place only (after them, the words it deleted, when those tell two places
    apart). Found nowhere, or in several places: where it was, said uncertain, with the
    heading above it."""
    before = _normal(remark.context).split()[-6:]
    if not before:
        return None
    probe = " ".join(before)
    if len(probe) < 12:  # too few words to tell one place from another
        return None
    starts, flat = [], ""
    for line in lines:  # the source as one text: a paragraph may be written over lines
        starts.append(len(flat))
        flat += _normal(line) + " "
    ends = [m.end() for m in re.finditer(re.escape(probe), flat)]
    deleted = " ".join(_normal(remark.text).split()[:3]) if remark.kind == DELETED else ""
    if len(ends) > 1 and deleted:
        ends = [e for e in ends if flat[e:].lstrip().startswith(deleted)]
    if len(ends) == 1:  # the line of the first word after them: the remark's own
        at = ends[0]
        while at < len(flat) - 1 and flat[at] == " ":
            at += 1
        return Found(remark, source, bisect.bisect_right(starts, at), "")
    heading = next(
        (
            (n, line.lstrip("#").strip())
            for n, line in reversed(list(enumerate(lines[: remark.line], 1)))
            if line.startswith("#")
        ),
        None,
    )
    near = f", près du titre « {heading[1]} » (ligne {heading[0]})" if heading else ""
    return Found(remark, source, remark.line, f"emplacement incertain{near}")


def describe(found: Found) -> str:
    """One remark in a sentence: « commentaire de Jean Dupont (1er décembre 2026) sur « … » :
    … »."""
    remark = found.remark
    who = remark.author or "auteur inconnu"
    when = _day(remark.date)
    head = f"{_KIND_LABELS[remark.kind].lower()} de {who}" + (f" ({when})" if when else "")
    where = f" en {found.where}" if found.where else ""
    if found.where.startswith("emplacement incertain"):
        where = f" ({found.where})"
    text = " ".join(remark.text.split())
    if remark.kind == COMMENT:
        quoted = remark.quoted if len(remark.quoted) <= 80 else remark.quoted[:79] + "…"
        about = f" sur « {quoted} »" if quoted else ""
        return f"{head}{where}{about} : {text}"
    return f"{head}{where} : « {text} »"


def _day(value: str) -> str:
    try:
        return format_date(dt.date.fromisoformat(value[:10]))
    except ValueError:
        return ""


def review_sheet(retours: Retours, reviewed: Path, root: Path, lines: list[str]) -> str:
    """The review sheet: grouped by source line, in document order, each remark a box to tick."""
    source = _relative(retours.source, root)
    comments = sum(1 for f in retours.found if f.remark.kind == COMMENT)
    changes = len(retours.found) - comments
    out = [
        f"# Retours sur « {retours.title} »",
        "",
        f"- Fichier relu : `{reviewed.name}`",
        f"- Source : `{source}`",
        f"- {comments} commentaire(s), {changes} modification(s) suivie(s)",
        "",
    ]
    if not retours.found:
        out.append("Aucun commentaire ni modification suivie dans ce fichier.")
    current: tuple[Path, int] | None = None
    for found in retours.found:
        if (found.path, found.line) != current:
            current = (found.path, found.line)
            content = lines if found.path == retours.source else _lines(found.path)
            text = content[found.line - 1].strip() if 0 < found.line <= len(content) else ""
            out += ["", f"## `{_relative(found.path, root)}:{found.line}`", ""]
            if text:
                out += [f"> {text[:300]}", ""]
        sentence = describe(found)
        out.append(f"- [ ] {sentence[0].upper()}{sentence[1:]}")
    return "\n".join(out) + "\n"


def _lines(path: Path) -> list[str]:
    return path.read_text("utf-8").split("\n")


def _relative(path: Path, root: Path) -> str:
    try:
        return path.relative_to(root).as_posix()
    except ValueError:
        return str(path)
