"""`livrables preview`: write with the result in view.

One resident process (MkDocs' livereload is the anchor, with the standard library only): it
builds a mission's HTML pages in memory, serves them on 127.0.0.1, watches `content/<mission>`
and `templates/` (never `build/`: it writes nothing there), and on each save rebuilds only what
the change affects, in the warm process, then tells the open pages through server-sent events:
a page whose deliverable changed reloads; a page whose deliverable has errors shows them over
the last good version, until the file is fixed.
"""

from __future__ import annotations

import html
import json
import threading
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, unquote, urlparse

from livrables.brand.marque import Marque, load_marque
from livrables.content.mission import Livrable, Mission, in_offer_order, load_livrable
from livrables.deliverables import REGISTRY
from livrables.document.directives import DIAPORAMA
from livrables.errors import ContentError, Diagnostic, Report
from livrables.pipeline.access import COOKIE, REFUSED, Guard
from livrables.pipeline.inputs import Inputs
from livrables.pipeline.plan import MissionPlan
from livrables.pipeline.project import Project
from livrables.pipeline.render import Resources, render
from livrables.pipeline.run import load
from livrables.writers.portal import render_portal

EVENTS = "/_livrables/evenements"
IGNORED = ("~", ".swp", ".swx", ".tmp", ".part")  # editors' temporary files


@dataclass
class Site:
    """What the server shows: the last good page of each deliverable, and the current errors."""

    pages: dict[str, bytes] = field(default_factory=dict)  # "index.html", "<stem>.html"
    errors: dict[str, list[str]] = field(default_factory=dict)  # page name ("" for all) -> lines
    version: int = 0
    changed: threading.Condition = field(default_factory=threading.Condition)

    def publish(self, pages: dict[str, bytes], errors: dict[str, list[str]]) -> None:
        with self.changed:
            self.pages.update(pages)
            self.errors = errors
            self.version += 1
            self.changed.notify_all()

    def state(self) -> dict[str, object]:
        return {"version": self.version, "erreurs": self.errors}


class Previewer:
    """Builds one mission's pages in memory, warm: imports, templates and referential kept."""

    def __init__(self, project: Project, slug: str) -> None:
        self.project = project
        self.root = project.content / slug
        self.site = Site()
        self.marque: Marque | None = None
        self.mission: Mission | None = None
        self.plan: MissionPlan | None = None
        self.resources: Resources | None = None

    def build_all(self) -> None:
        report = Report()
        try:
            self.marque = load_marque(self.project.templates / "marque.yaml", report)
        except ContentError as exc:
            report.diagnostics.extend(exc.diagnostics)
        mission = load(self.root, report) if self.marque else None
        if mission is not None and self.marque is not None:
            self.mission = mission
            self._plan(mission, self.marque, report)
        self._render(self.mission.livrables if self.mission else [], report)

    def _plan(self, mission: Mission, marque: Marque, report: Report) -> None:
        """What the pages are made with, git asked again (versions, dates, the draft mark)."""
        self.plan = MissionPlan(Inputs(self.project, ("html",), False), mission)
        try:
            self.resources = Resources(self.plan, marque)
        except ContentError as exc:  # a template that cannot be used
            self.plan = self.resources = None
            report.diagnostics.extend(exc.diagnostics)

    def changed(self, paths: Iterable[Path]) -> None:
        """Rebuild after a save: one deliverable when only its file changed, else all."""
        paths = [p for p in paths if not p.name.endswith(IGNORED) and not p.name.startswith("~$")]
        if not paths:
            return
        folder = self.root / "livrables"
        if self.mission is None or self.resources is None or any(p.parent != folder for p in paths):
            self.build_all()
            return
        report = Report()
        livrables = {lv.path: lv for lv in self.mission.livrables}
        for path in paths:
            if not path.is_file():  # deleted, or between two writes of an editor
                livrables.pop(path, None)
                continue
            mission = self.mission
            fresh = load_livrable(  # a deck draws on the other deliverables
                path, mission.referentiel, report, REGISTRY, mission.info, mission.livrables
            )
            if fresh is not None:
                livrables[path] = fresh
                mission.livrables = list(livrables.values())
        self.mission.livrables = in_offer_order(list(livrables.values()), REGISTRY)
        assert self.marque is not None
        self._plan(self.mission, self.marque, report)
        wanted = [livrables[p] for p in paths if p in livrables]
        if any(lv.type.name != DIAPORAMA for lv in wanted):  # its figures may be on a slide
            seen = {lv.path for lv in wanted}
            wanted += [
                lv
                for lv in self.mission.livrables
                if lv.type.name == DIAPORAMA and lv.path not in seen
            ]
        self._render(wanted, report, keep_errors=True)

    def _render(self, livrables: list[Livrable], report: Report, keep_errors: bool = False) -> None:
        pages: dict[str, bytes] = {}
        plan, resources = self.plan, self.resources
        for livrable in livrables:
            assert plan is not None and resources is not None
            try:
                outputs = render(plan, resources, livrable, ("html",))
                pages[f"{livrable.stem}.html"] = outputs["html"]
            except ContentError as exc:
                report.diagnostics.extend(exc.diagnostics)
        if plan is not None and resources is not None and self.mission is not None:
            stamps = {lv.stem: plan.inputs.stamp(self.mission, lv) for lv in self.mission.livrables}
            versions = {stem: (s.version, s.date) for stem, s in stamps.items()}
            portal = render_portal(
                resources.jinja,
                self.mission,
                self.mission.livrables,
                resources.marque,
                resources.css,
                ("html",),
                versions,
            )
            pages["index.html"] = portal.encode("utf-8")
        errors = dict(self.site.errors) if keep_errors else {}
        for name in pages:
            errors.pop(name, None)
        for diagnostic in report.errors:
            errors.setdefault(_page_of(diagnostic), []).append(diagnostic.format())
        self.site.publish(pages, errors)


def _page_of(diagnostic: Diagnostic) -> str:
    """The page an error shows on: its deliverable's, or every page for shared files."""
    if diagnostic.path.suffix == ".md":
        return f"{diagnostic.path.stem}.html"
    return ""


# --- the server -----------------------------------------------------------------------------

_CLIENT = """<script>
(function () {
  var page = %(page)s, version = %(version)d;
  function overlay(lines) {
    var box = document.getElementById("livrables-erreurs");
    if (!lines.length) { if (box) box.remove(); return; }
    if (!box) {
      box = document.createElement("pre");
      box.id = "livrables-erreurs";
      box.style.cssText = "position:fixed;left:0;right:0;bottom:0;max-height:50vh;overflow:auto;"
        + "margin:0;padding:1rem;background:#fff3f3;color:#7a1f1f;border-top:3px solid #b00020;"
        + "font:14px/1.4 monospace;white-space:pre-wrap;z-index:99999";
      document.body.appendChild(box);
    }
    box.textContent = lines.join("\\n");
  }
  var edit = %(edit)s;
  if (edit && !document.getElementById("livrables-editer")) {
    var link = document.createElement("a");
    link.id = "livrables-editer";
    link.href = edit;
    link.textContent = "Éditer";
    link.style.cssText = "position:fixed;top:.5rem;right:.5rem;z-index:99999;padding:.3rem .8rem;"
      + "background:#1f3a5f;color:#fff;font:600 15px/1.4 system-ui,sans-serif;border-radius:4px";
    document.body.appendChild(link);
  }
  var source = new EventSource("%(events)s?jeton=%(token)s");
  source.onmessage = function (event) {
    var state = JSON.parse(event.data);
    var lines = (state.erreurs[page] || []).concat(state.erreurs[""] || []);
    overlay(lines);
    if (!lines.length && state.version > version) { location.reload(); }
  };
})();
</script>
"""


def client_script(page: str, version: int, token: str, edit: str = "") -> bytes:
    """The live reload, the errors' overlay, and a link to the « Éditer » pages (`edit`)."""
    values = {"page": json.dumps(page), "version": version, "events": EVENTS, "token": token}
    values["edit"] = json.dumps(edit)
    return (_CLIENT % values).encode("utf-8")


def make_handler(
    site: Site, livereload: bool, guard: Guard, desk: Any = None
) -> type[BaseHTTPRequestHandler]:
    """`desk`: the « Éditer » pages (desk/routes.py), when the command gives them."""

    class Handler(BaseHTTPRequestHandler):
        def log_message(self, format: str, *args: object) -> None:  # noqa: A002 - stdlib's name
            pass  # the terminal shows rebuilds and errors, not every request

        def do_GET(self) -> None:  # noqa: N802 - the standard library's name
            url = urlparse(self.path)
            query = parse_qs(url.query)
            allowed, with_token = guard.allows(self.headers, query)
            if not allowed:
                self._refuse(HTTPStatus.FORBIDDEN, REFUSED)
                return
            self.new_cookie = with_token
            if url.path == EVENTS:
                since = query.get("depuis", ["0"])[0]
                if not since.isdigit():
                    self._refuse(HTTPStatus.BAD_REQUEST, f"Requête refusée : « depuis={since} »")
                    return
                self._events(int(since))
                return
            if desk is not None and desk.handles(url.path):
                status, kind, body = desk.get(url.path)
                self._send(status, body, kind)
                return
            name = unquote(url.path.lstrip("/")) or "index.html"
            with site.changed:
                body = site.pages.get(name)
                version = site.version
                lines = site.errors.get(name, []) + site.errors.get("", [])
            if body is None:
                text = "<br>".join(html.escape(line) for line in lines) or "Page introuvable."
                body = f"<!DOCTYPE html><html lang=fr><body><p>{text}</p></body></html>".encode()
                script = client_script(name, version, guard.token)
                self._send(HTTPStatus.NOT_FOUND, body + script)
                return
            if livereload:
                edit = desk.edit_link(name) if desk is not None else ""
                script = client_script(name, version, guard.token, edit)
                body = body.replace(b"</body>", script + b"</body>", 1)
            self._send(HTTPStatus.OK, body)

        def do_POST(self) -> None:  # noqa: N802 - the standard library's name
            url = urlparse(self.path)
            allowed, _ = guard.allows(self.headers, {})  # the cookie, never a token in the URL
            if not (allowed and guard.may_write(self.headers)) or desk is None:
                self._refuse(HTTPStatus.FORBIDDEN, REFUSED)
                return
            length = int(self.headers.get("Content-Length", "0"))
            status, kind, body = desk.post(url.path, self.rfile.read(length))
            self._send(status, body, kind)

        def _refuse(self, status: HTTPStatus, message: str) -> None:
            self.new_cookie = False
            body = f"<!DOCTYPE html><html lang=fr><body><p>{html.escape(message)}</p></body></html>"
            self._send(status, body.encode("utf-8"))

        def _send(self, status: int, body: bytes, kind: str = "text/html; charset=utf-8") -> None:
            self.send_response(status)
            self.send_header("Content-Type", kind)
            self.send_header("X-Content-Type-Options", "nosniff")
            self.send_header("Content-Length", str(len(body)))
            self.send_header("Cache-Control", "no-store")
            self.send_header("X-Frame-Options", "DENY")
            self.send_header("Content-Security-Policy", "frame-ancestors 'none'")
            if getattr(self, "new_cookie", False):
                self.send_header(
                    "Set-Cookie",
                    f"{COOKIE}-{guard.port}={guard.token}; Path=/; HttpOnly; SameSite=Strict",
                )
            self.end_headers()
            self.wfile.write(body)

        def _events(self, since: int) -> None:
            self.send_response(HTTPStatus.OK)
            self.send_header("Content-Type", "text/event-stream")
            self.send_header("X-Content-Type-Options", "nosniff")
            self.send_header("Cache-Control", "no-store")
            self.end_headers()
            seen = -1
            try:
                while not getattr(self.server, "stopping", False):
                    with site.changed:
                        if site.version == seen:
                            site.changed.wait(timeout=15)
                        state = site.state()
                    if state["version"] == seen:
                        self.wfile.write(b": encore la\n\n")  # keeps the connection open
                    else:
                        seen = int(str(state["version"]))
                        self.wfile.write(f"data: {json.dumps(state)}\n\n".encode())
                    self.wfile.flush()
            except (BrokenPipeError, ConnectionResetError):
                return

    return Handler


def serve(
    site: Site, port: int, livereload: bool, token: str, desk: Any = None
) -> ThreadingHTTPServer:
    """The preview on 127.0.0.1 (`port` 0: a free one), readable with `token` only (`Guard`)."""
    guard = Guard(token)
    handler = make_handler(site, livereload, guard, desk)
    server = ThreadingHTTPServer(("127.0.0.1", port), handler)
    guard.port = server.server_address[1]
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    return server


def watch(previewer: Previewer, stop: threading.Event, on_rebuild: Callable[[Site], None]) -> None:
    """Wait for saves (bursts coalesced) and rebuild; returns when `stop` is set."""
    from watchfiles import watch as watch_files

    folders = [previewer.root, previewer.project.templates]
    for changes in watch_files(
        *folders, stop_event=stop, debounce=60, step=20, rust_timeout=500, yield_on_timeout=False
    ):
        previewer.changed(Path(path) for _change, path in changes)
        on_rebuild(previewer.site)


class DocumentBuilder:
    """The Word and PDF files follow the pages, in the background: after each rebuild, one
    build of the mission into build/ (only what changed, as `livrables build` does), never two
    at once, and a burst of saves costs one build."""

    def __init__(self, project: Project, slug: str, report: Callable[[str], None]) -> None:
        self.project = project
        self.slug = slug
        self.report = report
        self.wanted = threading.Event()
        self.stopping = threading.Event()
        self.thread = threading.Thread(target=self._run, daemon=True)
        self.thread.start()

    def request(self, _site: Site | None = None) -> None:
        self.wanted.set()

    def stop(self) -> None:
        self.stopping.set()
        self.wanted.set()
        self.thread.join(timeout=600)

    def _run(self) -> None:
        from livrables.pipeline.project import default_formats
        from livrables.pipeline.run import build

        while True:
            self.wanted.wait()
            if self.stopping.is_set():
                return
            self.wanted.clear()
            inputs = Inputs(self.project, default_formats(), False)
            result = build(self.project, [self.slug], inputs, jobs=1)
            if result.built:
                self.report(
                    f"documents à jour dans build/{self.slug}/ ({result.built} livrable(s))"
                )
