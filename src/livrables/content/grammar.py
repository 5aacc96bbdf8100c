"""The structure of a body, checked before anything is built: nothing may vanish silently and
nothing internal may reach the client.

- a directive left open, or one that would swallow a heading or another directive, is an error
  naming its opener and the line where the problem shows (nesting needs a longer outer fence);
- a `::: interne` line that opens nothing (indented four spaces, inside code) is an error: its
  text would be published;
- a `:::` line that closes nothing, an unclosed `<!--`, are errors: they would print as text;
- a footnote or a link defined inside an internal note and cited by client text is an error.
"""

from __future__ import annotations

import bisect
import re
from pathlib import Path

from markdown_it.common.utils import normalizeReference
from markdown_it.token import Token

from livrables.document.directives import COLONNES, INTERNE, NOTES
from livrables.errors import Report
from livrables.markdown.parser import Body, directive_name
from livrables.markdown.rules import DIRECTIVE, MIN_MARKERS

# what `livrables new` writes where the consultant has to write: never sent as validated
PLACEHOLDERS = re.compile(
    r"remplacez ce(?:s|tte|t)? \w+|à (?:définir|compléter|préciser|formuler)\b", re.IGNORECASE
)
_OPENER = re.compile(r"^[ \t>]*(:{3,})[ \t]*([^\s:][^\s]*)")
_CLOSER = re.compile(r"^[ \t>]*(:{3,})[ \t]*$")
_NOTE = re.compile(r"\[\^([^\]\s]+)\]")
_BRACKETS = re.compile(r"\[([^\[\]]+)\]")


def check_grammar(path: Path, body: Body, client: Body, report: Report) -> None:
    lines = body.lines
    offset = body.line_offset
    opened: set[int] = set()
    closes: set[int] = set()
    code: set[int] = set()
    stack: list[Token] = []

    def at(line: int) -> tuple[int, int]:
        text = lines[line] if line < len(lines) else ""
        return line + 1 + offset, (text.find(":") + 1) or 1

    for token in body.tokens:
        if token.type in {"fence", "code_block"} and token.map:
            code.update(range(*token.map))
        if token.type == f"{DIRECTIVE}_open":
            name, start = directive_name(token), token.map[0] if token.map else 0
            opened.add(start)
            meta = token.meta
            nested = bool(stack) and meta.get("fence", 0) >= stack[-1].meta.get("fence", 0)
            if meta.get("closed"):
                closes.add(meta["end"])
            elif nested and stack[-1].meta.get("closed"):
                pass  # its « ::: » closed the block around it: said once, at that block
            else:
                end = meta.get("end", len(lines))
                where = (
                    "jusqu'à la fin du fichier"
                    if token.level == 0
                    else f"jusqu'à la ligne {end + offset}, où finit ce qui le contient"
                )
                report.error(
                    path,
                    *at(start),
                    f"bloc « {name} » non refermé : il avalerait tout {where} ; ajoutez une "
                    f"ligne « {token.markup} » à la fin du bloc",
                )
            if nested:
                outer = stack[-1]
                longer = ":" * (meta.get("fence", MIN_MARKERS) + 1)
                report.error(
                    path,
                    *at(outer.map[0] if outer.map else 0),
                    f"bloc « {directive_name(outer)} » : le bloc « {name} » ouvert à la ligne "
                    f"{at(start)[0]} a une clôture aussi longue que la sienne, et le premier "
                    f"« {outer.markup} » fermerait les deux ; si « {directive_name(outer)} » "
                    f"finit avant lui, ajoutez « {outer.markup} » avant la ligne "
                    f"{at(start)[0]} ; pour imbriquer, "
                    f"ouvrez le bloc extérieur par « {longer} {directive_name(outer)} » et "
                    f"fermez-le par « {longer} »",
                )
            stack.append(token)
        elif token.type == f"{DIRECTIVE}_close" and stack:
            stack.pop()
        elif token.type == "heading_open" and stack and stack[-1].meta.get("fence") == MIN_MARKERS:
            outer = stack[-1]
            name = directive_name(outer)
            if name == COLONNES and token.tag not in ("h1", "h2"):
                continue  # a column's own title; a slide's title would be swallowed
            report.error(
                path,
                *at(outer.map[0] if outer.map else 0),
                f"bloc « {name} » : il avalerait le titre de la ligne "
                f"{(token.map[0] if token.map else 0) + 1 + offset} ; fermez le bloc par "
                f"« ::: » avant ce titre, ou, si le titre fait partie du bloc, ouvrez-le par "
                f"« :::: {name} » et fermez-le par « :::: »",
            )
    _stray_lines(path, lines, offset, opened, closes, code, report)
    _comments(path, lines, offset, code, report)
    if client is not body:
        _internal_definitions(path, body, client, report)


def _stray_lines(
    path: Path,
    lines: list[str],
    offset: int,
    opened: set[int],
    closes: set[int],
    code: set[int],
    report: Report,
) -> None:
    for index, text in enumerate(lines):
        if index in opened or index in closes:
            continue
        opener = _OPENER.match(text)
        if opener is not None and opener.group(2) in (INTERNE, NOTES):
            where = "dans un bloc de code" if index in code else "en retrait de 4 espaces"
            name = opener.group(2)
            kind = "note interne" if name == INTERNE else "note de l'orateur"
            report.error(
                path,
                index + 1 + offset,
                opener.start(1) + 1,
                f"« {opener.group(1)} {name} » n'ouvre pas de {kind} ici ({where}) : "
                f"son texte serait publié ; écrivez « ::: {name} » au début de la ligne",
            )
        elif _CLOSER.match(text) and index not in code:
            report.error(
                path,
                index + 1 + offset,
                text.find(":") + 1,
                "ligne « ::: » qui ne ferme aucun bloc : elle serait imprimée telle quelle ; "
                "supprimez-la, ou ouvrez le bloc qu'elle devait fermer",
            )


def _comments(path: Path, lines: list[str], offset: int, code: set[int], report: Report) -> None:
    """A `<!--` without its `-->`: the comment would be printed (or swallow the text)."""
    text = "\n".join(lines)
    starts = [0]
    for line in lines:
        starts.append(starts[-1] + len(line) + 1)
    position = text.find("<!--")
    while position >= 0:
        index = bisect.bisect_right(starts, position) - 1
        end = text.find("-->", position + 4)
        if index not in code:
            if end < 0:
                report.error(
                    path,
                    index + 1 + offset,
                    position - starts[index] + 1,
                    "commentaire « <!-- » non refermé : ajoutez « --> » à sa fin (sans quoi il "
                    "serait imprimé)",
                )
                return
            position = text.find("<!--", end + 3)
        else:
            position = text.find("<!--", position + 4)


def _internal_definitions(path: Path, body: Body, client: Body, report: Report) -> None:
    """Client text citing a footnote or a link defined inside an internal note."""
    notes = {k[1:] for k in body.env.get("footnotes", {}).get("refs", {})}
    notes -= {k[1:] for k in client.env.get("footnotes", {}).get("refs", {})}
    refs = set(body.env.get("references", {})) - set(client.env.get("references", {}))
    if not notes and not refs:
        return
    for token in client.tokens:
        if token.type != "inline" or not token.map:
            continue
        for child in token.children or []:
            if child.type != "text":
                continue
            for match in _NOTE.finditer(child.content):
                if match.group(1) in notes:
                    _report_use(path, client, token, match.group(0), "la note", report)
            for match in _BRACKETS.finditer(child.content):
                if normalizeReference(match.group(1)) in refs:
                    _report_use(path, client, token, match.group(0), "le lien", report)


def _report_use(path: Path, body: Body, token: Token, text: str, what: str, report: Report) -> None:
    report.error(
        path,
        *body.find(token, text),
        f"{what} {text} est défini{'e' if what == 'la note' else ''} dans une note interne : le "
        "texte remis au client ne peut pas "
        "y renvoyer ; placez sa définition hors du bloc « ::: interne »",
    )


def check_placeholders(
    path: Path,
    text: str,
    validated: bool,
    report: Report,
    sending: bool = False,
    yaml: bool = False,
) -> None:
    """Scaffold text left in a deliverable: an error once it is `valide` or being sent, a
    warning before. In a YAML file of the mission (`yaml`), a warning at its line, comments
    aside: the deliverables that print it say so themselves (pipeline/leftovers.py)."""
    for index, line in enumerate(text.split("\n")):
        if yaml and line.lstrip().startswith("#"):
            continue
        match = PLACEHOLDERS.search(line)
        if match is None:
            continue
        if sending:
            why = "un livrable envoyé au client ne peut pas le contenir"
        elif validated:
            why = "un livrable validé ne peut pas l'envoyer au client"
        elif yaml:
            why = "à compléter : les livrables qui le reprennent l'imprimeraient"
        else:
            why = "à compléter avant de valider le livrable"
        message = f"texte à remplacer « {match.group(0)} » laissé par « livrables new » : {why}"
        if validated or sending:
            report.error(path, index + 1, match.start() + 1, message)
        else:
            report.warning(path, index + 1, match.start() + 1, message)
