"""`livrables preview`: pages built in memory, served locally, rebuilt on save, errors shown."""

from __future__ import annotations

import json
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator

import pytest
from click.testing import Result

from livrables.pipeline.preview import EVENTS, Previewer, serve, watch
from livrables.pipeline.project import Project
from tests.conftest import SAMPLE, Repo

NOTE = "livrables/note-strategique.md"


@pytest.fixture
def previewer(repo: Repo) -> Previewer:
    built = Previewer(Project(repo.root), SAMPLE)
    built.build_all()
    return built


TOKEN = "jeton-de-la-session"


@pytest.fixture
def url(previewer: Previewer) -> Iterator[str]:
    server = serve(previewer.site, 0, livereload=True, token=TOKEN)
    yield f"http://127.0.0.1:{server.server_address[1]}/"
    server.stopping = True  # type: ignore[attr-defined]
    server.shutdown()
    server.server_close()


def with_token(url: str) -> str:
    return url + ("&" if "?" in url else "?") + f"jeton={TOKEN}"


def get(url: str) -> str:
    with urllib.request.urlopen(with_token(url), timeout=5) as response:  # noqa: S310
        return str(response.read().decode("utf-8"))


def test_every_page_is_built_and_served_with_its_reloader(
    repo: Repo, previewer: Previewer, url: str
) -> None:
    stems = {p.stem for p in (repo.mission / "livrables").glob("*.md")}
    assert set(previewer.site.pages) == {f"{s}.html" for s in stems} | {"index.html"}
    assert previewer.site.errors == {}
    page = get(url + "note-strategique.html")
    assert "Pourquoi une stratégie" in page and "EventSource" in page
    assert "note-strategique.html" in get(url)
    with pytest.raises(urllib.error.HTTPError):
        get(url + "absent.html")


def test_a_save_rebuilds_only_its_page(repo: Repo, previewer: Previewer, url: str) -> None:
    other = previewer.site.pages["plan-actions.html"]
    version = previewer.site.version
    path = repo.replace(NOTE, "Trois rôles", "Trois grands rôles")
    previewer.changed([path])
    assert previewer.site.version == version + 1
    assert "Trois grands rôles" in get(url + "note-strategique.html")
    assert previewer.site.pages["plan-actions.html"] is other  # not rebuilt


def test_a_deck_follows_its_own_saves_and_the_deliverables_it_draws_on(
    repo: Repo, previewer: Previewer, url: str
) -> None:
    deck = "livrables/restitution-diagnostic.md"
    path = repo.replace(deck, "## La suite", "## Et ensuite")
    previewer.changed([path])
    assert previewer.site.errors == {}
    assert "Et ensuite" in get(url + "restitution-diagnostic.html")
    other = previewer.site.pages["plan-actions.html"]
    path = repo.replace(
        "livrables/diagnostic-flash.md", "Aucun service pilote ni budget identifié", "Rien"
    )
    previewer.changed([path])  # the SWOT on the slide is the diagnostic's
    assert previewer.site.errors == {}
    assert "Rien" in get(url + "restitution-diagnostic.html")
    assert previewer.site.pages["plan-actions.html"] is other  # draws on nothing of it


def test_an_error_shows_over_the_last_good_page_until_fixed(
    repo: Repo, previewer: Previewer, url: str
) -> None:
    path = repo.replace(NOTE, "::: sommaire niveaux=2", "::: sommaire niveaux=9")
    line = repo.line_of(NOTE, "niveaux=9")
    previewer.changed([path])
    shown = previewer.site.errors["note-strategique.html"]
    assert any(f"note-strategique.md:{line}:1: " in message for message in shown), shown
    assert "Pourquoi une stratégie" in get(url + "note-strategique.html")  # the last good page
    events = urllib.request.urlopen(with_token(url + EVENTS.lstrip("/")), timeout=5)  # noqa: S310
    state = json.loads(events.readline().decode().removeprefix("data: "))
    events.close()
    assert state["erreurs"]["note-strategique.html"] == shown
    repo.replace(NOTE, "niveaux=9", "niveaux=2")
    previewer.changed([path])
    assert previewer.site.errors == {}


def test_the_watcher_rebuilds_after_a_save_and_stops(repo: Repo, previewer: Previewer) -> None:
    stop = threading.Event()
    rebuilt = threading.Event()
    thread = threading.Thread(target=watch, args=(previewer, stop, lambda _s: rebuilt.set()))
    thread.start()
    try:
        time.sleep(0.5)  # the watcher is up
        (repo.root / "build").mkdir(exist_ok=True)
        (repo.root / "build" / "x.html").write_text("sortie", "utf-8")  # its own output: ignored
        assert not rebuilt.wait(1.0)
        repo.replace(NOTE, "Trois rôles", "Trois grands rôles")
        assert rebuilt.wait(10)
        assert b"Trois grands r" in previewer.site.pages["note-strategique.html"]
    finally:
        stop.set()
        thread.join(10)
    assert not thread.is_alive()


def test_an_unknown_mission_is_a_usage_error(repo: Repo, run: Callable[..., Result]) -> None:
    result = run("preview", "inconnue", "--no-open")
    assert result.exit_code == 2 and "nommez la mission à prévisualiser" in result.stderr


def test_word_files_follow_in_the_background(repo: Repo) -> None:
    from livrables.pipeline.preview import DocumentBuilder

    lines: list[str] = []
    builder = DocumentBuilder(Project(repo.root), SAMPLE, lines.append)
    try:
        builder.request()
        docx = repo.root / "build" / SAMPLE / "note-strategique.docx"
        deadline = time.monotonic() + 120
        while not lines and time.monotonic() < deadline:
            time.sleep(0.2)
        assert docx.is_file() and lines and "documents à jour" in lines[0]
    finally:
        builder.stop()
    assert not builder.thread.is_alive()


def test_a_file_vanishing_mid_save_is_survived(repo: Repo, previewer: Previewer) -> None:
    path = repo.mission / NOTE
    text = path.read_text("utf-8")
    path.unlink()  # an editor writing a file: delete, then write
    previewer.changed([path])
    assert "note-strategique.html" not in get_links(previewer)
    path.write_text(text.replace("Trois rôles", "Trois grands rôles"), "utf-8")
    previewer.changed([path])
    assert b"Trois grands r" in previewer.site.pages["note-strategique.html"]
    assert "note-strategique.html" in get_links(previewer)
    assert previewer.site.errors == {}


def get_links(previewer: Previewer) -> str:
    return previewer.site.pages["index.html"].decode("utf-8")


def request(url: str, **headers: str) -> tuple[int, str, str]:
    """(status, body, Set-Cookie) of a GET with these headers."""
    asked = urllib.request.Request(url, headers=headers)
    try:
        with urllib.request.urlopen(asked, timeout=5) as response:  # noqa: S310
            return response.status, response.read().decode(), response.headers.get("Set-Cookie", "")
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode(), ""


def test_the_preview_is_read_only_with_the_session_token(url: str) -> None:
    """Another local user, or a page elsewhere, knows no token: refused, internal deliverables
    included; the token opens the session, then a cookie of this address only."""
    page = url + "note-strategique.html"
    status, body, _ = request(page)
    assert status == 403 and "Accès refusé" in body and "stratégie" not in body
    assert request(url + "?jeton=autre")[0] == 403
    status, body, cookie = request(with_token(page))
    assert status == 200 and "Pourquoi une stratégie" in body
    assert cookie.startswith("livrables-apercu-") and "HttpOnly" in cookie
    assert "SameSite=Strict" in cookie
    name_value = cookie.split(";")[0]
    status, body, _ = request(page, Cookie=name_value)  # a link followed in the preview
    assert status == 200 and "Pourquoi une stratégie" in body
    assert f"jeton={TOKEN}" in body  # the event stream asks with it


def test_dns_rebinding_and_other_origins_are_refused(url: str) -> None:
    port = url.rsplit(":", 1)[1].strip("/")
    page = with_token(url + "index.html")
    assert request(page, Host=f"attaquant.example:{port}")[0] == 403
    assert request(page, Host="127.0.0.1:1")[0] == 403
    assert request(page, Origin="http://attaquant.example")[0] == 403
    assert request(page, **{"Sec-Fetch-Site": "cross-site"})[0] == 403
    assert request(page, Host=f"localhost:{port}")[0] == 200
    assert (
        request(with_token(url + EVENTS.lstrip("/")), Origin="http://attaquant.example")[0] == 403
    )


def test_a_malformed_request_is_refused_in_french(url: str) -> None:
    status, body, _ = request(with_token(url + EVENTS.lstrip("/") + "?depuis=abc"))
    assert status == 400 and "Requête refusée" in body and "Traceback" not in body
