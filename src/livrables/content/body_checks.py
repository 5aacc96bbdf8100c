"""Checks of a deliverable's Markdown body: its blocks and their options, images, values,
links to headings. Every problem is reported with `path:line:col`."""

from __future__ import annotations

import re
from collections.abc import Sequence
from pathlib import Path
from typing import Protocol
from urllib.parse import unquote

from markdown_it.token import Token

from livrables.content.entities import Indicateur
from livrables.content.images import ImageError, find_image
from livrables.content.models import FrontMatter
from livrables.content.referentiel import Referentiel
from livrables.content.registry import BlockContext, Registry
from livrables.content.validation import quote, suggest
from livrables.document.directives import (
    CONTAINERS,
    DIAPORAMA,
    OPTIONS,
    SLIDE_BOXES,
    SOMMAIRE,
    TOC_LEVELS,
    BlockArgs,
)
from livrables.document.links import deliverable_of
from livrables.errors import Report
from livrables.markdown.parser import (
    INDICATOR_VALUE,
    Body,
    directive_args,
    directive_name,
)
from livrables.markdown.rules import DIRECTIVE


def _check_toc(path: Path, line: int, text: str, report: Report) -> None:
    try:
        args = BlockArgs.parse(text)
    except ValueError as exc:
        report.error(path, line, 1, f"bloc « {SOMMAIRE} » : {exc}")
        return
    if args.kind:
        report.error(path, line, 1, f"bloc « {SOMMAIRE} » : option « {args.kind} » invalide")
    for key, value in args.values.items():
        if key != "niveaux":
            report.error(
                path,
                line,
                1,
                f"bloc « {SOMMAIRE} » : option « {key} » inconnue (options : « niveaux »)",
            )
        elif value not in TOC_LEVELS:
            report.error(
                path, line, 1, f"bloc « {SOMMAIRE} » : niveaux={value} invalide (de 1 à 4)"
            )


def check_images(path: Path, body: Body, report: Report, validated: bool = False) -> list[Path]:
    """Report the images that cannot be used, and those without alternative text (a warning,
    an error once the deliverable is `valide`: RGAA 1.1); return the files of those that can."""
    mission_root = path.parent.parent
    found: list[Path] = []
    for token in body.tokens:
        for child in token.children or []:
            if child.type != "image":
                continue
            src = str(child.attrGet("src") or "")
            line, col = body.find(token, unquote(src))
            if not child.content.strip():
                line_alt, col_alt = _image_start(body, token, src) or (line, col)
                message = (
                    f"image « {unquote(src)} » sans texte alternatif : décrivez-la entre les "
                    "crochets, ![ce que montre l'image](…), pour qui ne la voit pas "
                    "(lecteur d'écran, RGAA 1.1)"
                )
                if validated:
                    report.error(path, line_alt, col_alt, message)
                else:
                    report.warning(path, line_alt, col_alt, message)
            try:
                found.append(find_image(src, path.parent, mission_root))
            except ImageError as exc:
                report.error(path, line, col, str(exc))
    return found


def _image_start(body: Body, token: Token, src: str) -> tuple[int, int] | None:
    """Where `![` of the image whose source is `src` stands, if found on its line."""
    line, col = body.find(token, f"]({src}")
    if col == 1:
        return None
    start = body.lines[line - 1 - body.line_offset].rfind("![", 0, col)
    return (line, start + 1) if start >= 0 else None


def check_indicator_values(path: Path, body: Body, ref: Referentiel, report: Report) -> None:
    for token in body.tokens:
        for child in token.children or []:
            if child.type != INDICATOR_VALUE:
                continue
            indicator_id = child.meta["id"]
            line, col = body.find(token, child.content)
            problem = ref.reference_problem(indicator_id, "indicateurs")
            if problem is None and indicator_id in ref.entries:
                entity = ref.entries[indicator_id].entity
                if isinstance(entity, Indicateur) and not entity.mesures:
                    problem = (
                        f"l'indicateur « {indicator_id} » n'a aucune mesure (mesures: "
                        "dans indicateurs.yaml) : sa valeur ne peut pas être écrite"
                    )
            if problem:
                report.error(path, line, col, f"valeur {child.content} : {problem}")


def check_anchors(path: Path, body: Body, report: Report) -> None:
    """A link to `#titre` needs a heading with that id (ids are the headings' slugs)."""
    ids = {str(t.attrGet("id")) for t in body.tokens if t.type == "heading_open"}
    for token in body.tokens:
        for child in token.children or []:
            href = str(child.attrGet("href") or "") if child.type == "link_open" else ""
            if href.startswith("#") and unquote(href[1:]) not in ids:
                line, col = body.find(token, href)
                report.warning(
                    path,
                    line,
                    col,
                    f"lien vers « {href} » : aucun titre de ce livrable ne porte cet identifiant "
                    "(un titre « Mon titre » s'écrit #mon-titre)",
                )


class Linked(Protocol):
    """A deliverable as its links are checked (content/mission.py's `Livrable`)."""

    path: Path
    front: FrontMatter
    body: Body

    @property
    def stem(self) -> str: ...


def check_deliverable_links(livrables: Sequence[Linked], report: Report) -> None:
    """A link to another deliverable (`[le diagnostic](diagnostic-flash.md)`) needs one of
    that name in the mission, and, from a client deliverable, a client one: else the outputs
    print its words without a link."""
    by_stem = {lv.stem: lv for lv in livrables}
    for livrable in livrables:
        body = livrable.body
        for token in body.tokens:
            for child in token.children or []:
                href = str(child.attrGet("href") or "") if child.type == "link_open" else ""
                target = deliverable_of(href) if href else None
                if target is None:
                    continue
                line, col = body.find(token, href)
                other = by_stem.get(target[0])
                if other is None:
                    known = ", ".join(f"{s}.md" for s in sorted(by_stem))
                    why = f"aucun livrable « {target[0]}.md » dans la mission ({known})"
                elif other.front.diffusion == "interne" and livrable.front.diffusion != "interne":
                    why = "ce livrable est interne (diffusion: interne), le client ne le reçoit pas"
                else:
                    continue
                report.warning(
                    livrable.path,
                    line,
                    col,
                    f"lien vers « {href} » : {why} ; les fichiers du client impriment le texte du "
                    "lien, sans lien",
                )


def check_directives(
    path: Path, body: Body, ctx: BlockContext, registry: Registry, report: Report
) -> None:
    blocks = registry.blocks
    usable = [n for n, b in blocks.items() if not b.types or ctx.type_name in b.types]
    boxes = [c for c in CONTAINERS if c not in SLIDE_BOXES or ctx.type_name == DIAPORAMA]
    known = sorted([*usable, *boxes, SOMMAIRE])
    tokens = body.tokens
    for index, token in enumerate(tokens):
        if token.type != f"{DIRECTIVE}_open":
            continue
        name = directive_name(token)
        line = body.line_of(token)
        if not token.meta.get("closed", True):
            continue  # reported by the grammar check
        if name in SLIDE_BOXES and ctx.type_name != DIAPORAMA:
            report.error(
                path,
                line,
                1,
                f"bloc « {name} » : réservé aux diaporamas (type: {DIAPORAMA})",
            )
            continue
        if name in CONTAINERS:
            _check_container(path, line, name, directive_args(token), report)
            continue
        if name == SOMMAIRE:
            _check_toc(path, line, directive_args(token), report)
            continue
        block = blocks.get(name)
        if block is None:
            report.error(
                path,
                line,
                1,
                f"bloc « {name} » inconnu{suggest(name, known)} : blocs possibles "
                + ", ".join(quote(k) for k in known),
            )
            continue
        if tokens[index + 1].type != f"{DIRECTIVE}_close":
            report.error(
                path,
                line,
                1,
                f"bloc « {name} » : il se remplit depuis le référentiel et ne prend pas de "
                "texte ; fermez-le par « ::: » sur la ligne suivante",
            )
        try:
            args = BlockArgs.parse(directive_args(token))
        except ValueError as exc:
            report.error(path, line, 1, f"bloc « {name} » : {exc}")
            continue
        problems = block.check(args, ctx)
        source = body.lines[line - 1 - body.line_offset]
        for problem in problems:
            report.error(path, line, _column(source, problem, name), problem)
        if not problems and not (ctx.ref.incomplete or ctx.ref.broken):
            # what a chart lacks is only known once every item of the referential is read
            for advice in block.warnings(args, ctx):
                report.warning(path, line, _column(source, advice, name), advice)


def _column(source: str, message: str, name: str) -> int:
    """The column of what the message is about on the directive's line: the first word it
    quotes that the line holds (an option, a value), else the block's name."""
    quoted = [q for q in re.findall(r"« ([^»]+?) »", message) if q != name]
    for word in [*quoted, name]:
        for text in (f"{word}=", word):
            col = source.find(text, 3)
            if col >= 0:
                return col + 1
    return 1


def _check_container(path: Path, line: int, name: str, text: str, report: Report) -> None:
    try:
        args = BlockArgs.parse(text)
    except ValueError as exc:
        report.error(path, line, 1, f"bloc « {name} » : {exc}")
        return
    allowed = OPTIONS.get(name, set())
    if args.kind:
        report.error(
            path, line, 1, f"bloc « {name} » : option « {args.kind} » invalide : écrivez nom=valeur"
        )
    for key in args.values:
        if key not in allowed:
            known = ", ".join(f"« {k} »" for k in sorted(allowed)) or "aucune"
            report.error(
                path, line, 1, f"bloc « {name} » : option « {key} » inconnue (options : {known})"
            )


def check_heading_levels(path: Path, body: Body, report: Report, deck: bool = False) -> None:
    """Headings go down one level at a time (RGAA 9.1: a screen reader's outline has no gap):
    `###` right after `#` is a warning at the heading. A deck's slides (`##`) may come without
    a section (`#`): the deck's title stands above them."""
    previous = 1 if deck else 0
    for token in body.tokens:
        if token.type != "heading_open" or not token.tag[1:].isdigit():
            continue
        level = int(token.tag[1:])
        if level > previous + 1:
            above = f"un titre de niveau {previous}" if previous else "le début du livrable"
            report.warning(
                path,
                body.line_of(token),
                1,
                f"titre de niveau {level} ({'#' * level}) après {above} : le niveau "
                f"{previous + 1} manque ({'#' * (previous + 1)}), l'ordre des titres guide "
                "les lecteurs d'écran (RGAA 9.1)",
            )
        previous = level
