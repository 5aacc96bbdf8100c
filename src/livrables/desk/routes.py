"""The « Éditer » pages of `livrables preview`: what they answer, under `/_livrables/`.

The preview's server (pipeline/preview.py) checks who asks (its address, the session's
cookie) and, for a POST, the session's token in a header a cross-site page cannot send; here,
only files of the mission's own lists are read or written (a name, never a path).
"""

from __future__ import annotations

import html
import json
from http import HTTPStatus
from importlib import resources
from pathlib import Path
from typing import Any

from livrables.content.roundtrip import RoundTripError
from livrables.content.yamlload import Located, read_yaml_file
from livrables.desk.forms import FormError, file_values, save_file
from livrables.desk.frontform import (
    PALETTE,
    front_schema,
    front_values,
    read_deliverable,
    save_deliverable,
)
from livrables.desk.schema import file_schema
from livrables.desk.version import save_version
from livrables.desk.workbook import Sources, WorkbookError, read_sources
from livrables.errors import ContentError, Report

PREFIX = "/_livrables/"
EDIT = PREFIX + "editer"
ASSETS = PREFIX + "bureau/"
SAVE = PREFIX + "enregistrer"
VERSION = PREFIX + "version"
_ASSETS = {
    "jsoneditor.js": "text/javascript",
    "jsoneditor-fr.js": "text/javascript",
    "editeur.js": "text/javascript",
    "editeur.css": "text/css",
}
Reply = tuple[int, str, bytes]
HTML = "text/html; charset=utf-8"
JSON = "application/json; charset=utf-8"


def _json(status: int, value: Any) -> Reply:
    return status, JSON, json.dumps(value, ensure_ascii=False).encode("utf-8")


class Desk:
    def __init__(self, root: Path, slug: str, token: str) -> None:
        self.root = root
        self.slug = slug
        self.token = token
        self.mission = root / "content" / slug

    def handles(self, path: str) -> bool:
        return path.startswith(PREFIX) and not path.startswith(PREFIX + "evenements")

    def edit_link(self, page: str) -> str:
        """Where the « Éditer » link of a preview page leads: its deliverable, else the list."""
        stem = page.removesuffix(".html")
        name = f"livrables/{stem}.md"
        return f"{EDIT}/{name}" if name in self.files() else EDIT

    def files(self) -> dict[str, Path]:
        """The files the forms may open, by their name under the mission's folder."""
        out: dict[str, Path] = {}
        for folder, pattern in (("referentiel", "*.y*ml"), ("livrables", "*.md")):
            for path in sorted((self.mission / folder).glob(pattern)):
                if path.is_file() and not path.is_symlink():
                    out[f"{folder}/{path.name}"] = path
        return out

    # --- GET ---------------------------------------------------------------------------------

    def get(self, path: str) -> Reply:
        try:
            return self._get(path)
        except (WorkbookError, FormError, ContentError, RoundTripError) as exc:
            text = f"<p>Ce fichier ne peut pas s'ouvrir en formulaire : {html.escape(str(exc))}</p>"
            text += "<p>Corrigez-le dans un éditeur de texte (livrables check dit où).</p>"
            page = self._page("Fichier illisible", text)
            return HTTPStatus.UNPROCESSABLE_ENTITY, HTML, page.encode("utf-8")

    def _get(self, path: str) -> Reply:
        if path.startswith(ASSETS):
            name = path[len(ASSETS) :]
            if name not in _ASSETS:
                return HTTPStatus.NOT_FOUND, HTML, b"Introuvable."
            data = resources.files("livrables.data.editeur").joinpath(name).read_bytes()
            return HTTPStatus.OK, _ASSETS[name], data
        if path in (EDIT, EDIT + "/"):
            return HTTPStatus.OK, HTML, self._index().encode("utf-8")
        name = path[len(EDIT) + 1 :] if path.startswith(EDIT + "/") else ""
        target = self.files().get(name)
        if target is None:
            page = self._page("Introuvable", "<p>Fichier inconnu.</p>")
            return HTTPStatus.NOT_FOUND, HTML, page.encode("utf-8")
        return HTTPStatus.OK, HTML, self._form(name, target).encode("utf-8")

    def _index(self) -> str:
        items = []
        for name in self.files():
            link = html.escape(f"{EDIT}/{name}")
            items.append(f'<li><a href="{link}">Éditer {html.escape(name)}</a></li>')
        body = (
            "<h1>Éditer la mission</h1>"
            "<p>Le référentiel et les livrables, dans des formulaires. Chaque enregistrement "
            "réécrit le fichier en gardant ses commentaires ; l'aperçu se met à jour.</p>"
            f"<ul class=fichiers>{''.join(items)}</ul>"
        )
        return self._page("Éditer", body)

    def _form(self, name: str, path: Path) -> str:
        messages = self.messages(path)
        config: dict[str, Any] = {"fichier": name, "jeton": self.token, "messages": messages}
        if name.startswith("referentiel/"):
            located, sources = self._located(path)
            config |= {"schema": file_schema(located, sources), "valeurs": file_values(located)}
            pane = ""
        else:
            deliverable = read_deliverable(path)
            config |= {"schema": front_schema(deliverable), "valeurs": front_values(deliverable)}
            buttons = "".join(
                f'<button type=button data-bloc="{html.escape(snippet)}">{html.escape(title)}'
                "</button>"
                for title, snippet in PALETTE
            )
            pane = (
                "<section class=corps><h2 id=corps-titre>Le texte (Markdown)</h2>"
                f'<div class=palette role=toolbar aria-label="Insérer un bloc">{buttons}</div>'
                "<textarea id=corps aria-labelledby=corps-titre spellcheck=true lang=fr>"
                # a newline right after <textarea> is dropped by the parser: the body's own kept
                f"\n{html.escape(deliverable.body)}</textarea></section>"
            )
        data = json.dumps(config, ensure_ascii=False).replace("</", "<\\/")
        listed = "".join(f"<li>{html.escape(m['texte'])}</li>" for m in messages)
        body = (
            f"<h1>Éditer {html.escape(name)}</h1>"
            f"<ul id=messages class=messages aria-live=polite>{listed}</ul>"
            "<div id=formulaire></div>"
            f"{pane}"
            "<p class=actions><button type=button id=enregistrer>Enregistrer</button> "
            "<span id=etat role=status></span></p>"
            f'<script type="application/json" id=donnees>{data}</script>'
            f'<script src="{ASSETS}jsoneditor.js"></script>'
            f'<script src="{ASSETS}jsoneditor-fr.js"></script>'
        )
        return self._page(f"Éditer {name}", body)

    def _page(self, title: str, body: str) -> str:
        return (
            f"<!DOCTYPE html><html lang=fr><head><meta charset=utf-8>"
            f"<title>{html.escape(title)} — {html.escape(self.slug)}</title>"
            f'<link rel=stylesheet href="{ASSETS}editeur.css"><link rel=icon href="data:,">'
            "</head><body>"
            '<nav class=bandeau aria-label="Aperçu"><a href="/">← Aperçu</a> '
            f'<a href="{EDIT}">Éditer</a>'
            "<form id=version class=version><label for=version-message>Message de la version"
            "</label> <input id=version-message name=message size=40 "
            'placeholder="Ce que cette version change"> '
            "<button type=submit>Enregistrer une version</button> "
            "<span id=version-etat role=status></span></form></nav>"
            f"<main>{body}</main>"
            f'<script type="application/json" id=session>'
            f"{json.dumps({'jeton': self.token})}</script>"
            f'<script src="{ASSETS}editeur.js"></script>'
            "</body></html>"
        )

    def _located(self, path: Path) -> tuple[Located, Sources]:
        sources = read_sources(self.mission)
        for located in sources.files:
            if located.path == path:
                return located, sources
        alone = read_yaml_file(path, Report())
        if alone is None:
            raise FormError([{"path": "root", "message": "fichier YAML illisible"}])
        return alone, sources

    def check_errors(self) -> tuple[Report, list[str]]:
        from livrables.pipeline.project import Project
        from livrables.pipeline.run import check

        report, _, _ = check(Project(self.root), [self.slug])
        return report, [d.format() for d in report.errors]

    def messages(self, path: Path) -> list[dict[str, str]]:
        """`check`'s messages about this file, each with the form's path of its field."""
        report, _ = self.check_errors()
        found = [d for d in report.sorted() if d.path.resolve() == path.resolve()]
        if not found:
            return []
        try:
            located = (
                self._located(path)[0] if path.suffix != ".md" else read_deliverable(path).located
            )
        except Exception:  # a file `check` already says is broken: the messages alone
            located = None
        lines: dict[int, tuple[Any, ...]] = {}
        for loc, (line, _) in located.values.items() if located else []:
            if len(loc) >= len(lines.get(line, ())):
                lines[line] = loc
        return [
            {
                "path": ".".join(["root", *map(str, lines.get(d.line, ()))]),
                "message": d.message,
                "texte": d.format(),
            }
            for d in found
        ]

    # --- POST --------------------------------------------------------------------------------

    def post(self, path: str, body: bytes) -> Reply:
        try:
            request = json.loads(body.decode("utf-8"))
        except (UnicodeDecodeError, json.JSONDecodeError):
            return _json(HTTPStatus.BAD_REQUEST, {"message": "Requête illisible."})
        if not isinstance(request, dict):
            return _json(HTTPStatus.BAD_REQUEST, {"message": "Requête illisible."})
        if path == VERSION:
            _, errors = self.check_errors()
            saved = save_version(self.root, self.slug, str(request.get("message", "")), errors)
            status = HTTPStatus.OK if saved.ok else HTTPStatus.CONFLICT
            return _json(status, {"message": saved.message, "details": saved.details})
        if path != SAVE:
            return _json(HTTPStatus.NOT_FOUND, {"message": "Adresse inconnue."})
        name = str(request.get("fichier", ""))
        target = self.files().get(name)
        if target is None:
            return _json(HTTPStatus.NOT_FOUND, {"message": f"Fichier inconnu : {name}"})
        try:
            text = self._answer(name, target, request)
        except (WorkbookError, ContentError, RoundTripError) as exc:
            message = exc.diagnostics[0].format() if isinstance(exc, ContentError) else str(exc)
            return _json(
                HTTPStatus.UNPROCESSABLE_ENTITY, {"message": f"Non enregistré : {message}"}
            )
        except FormError as exc:
            return _json(
                HTTPStatus.UNPROCESSABLE_ENTITY,
                {
                    "message": f"Non enregistré : {len(exc.errors)} erreur(s).",
                    "erreurs": exc.errors,
                },
            )
        if text is None:
            return _json(HTTPStatus.OK, {"message": "Aucune modification.", "messages": []})
        _write(target, text)
        return _json(
            HTTPStatus.OK,
            {"message": f"Enregistré : {name}.", "messages": self.messages(target)},
        )

    def _answer(self, name: str, target: Path, request: dict[str, Any]) -> str | None:
        values = request.get("donnees")
        if not isinstance(values, dict):
            raise FormError([{"path": "root", "message": "formulaire vide"}])
        if name.startswith("referentiel/"):
            return save_file(self._located(target)[0], values)
        body = request.get("corps")
        deliverable = read_deliverable(target)
        return save_deliverable(
            deliverable, values, body if isinstance(body, str) else deliverable.body
        )


def _write(path: Path, text: str) -> None:
    import os
    import tempfile

    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".formulaire-", suffix=path.suffix)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as handle:
            handle.write(text)
        os.replace(tmp, path)
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)
