"""The preview's « Éditer » pages over HTTP: what they serve, what they write, who may write."""

from __future__ import annotations

import difflib
import json
import subprocess
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

from livrables.content.yamlload import Located, read_yaml_file
from livrables.desk.forms import FormError, file_values, save_file
from livrables.desk.routes import Desk
from livrables.errors import Report
from livrables.pipeline.preview import Previewer, serve
from livrables.pipeline.project import Project
from tests.conftest import SAMPLE, Repo

TOKEN = "jeton-de-la-session"
GIT = {
    "GIT_AUTHOR_NAME": "Consultante",
    "GIT_AUTHOR_EMAIL": "c@cabinet.fr",
    "GIT_COMMITTER_NAME": "Consultante",
    "GIT_COMMITTER_EMAIL": "c@cabinet.fr",
}


def git(root: Path, *args: str) -> str:
    import os

    done = subprocess.run(
        ["git", "-C", str(root), *args],
        capture_output=True,
        text=True,
        check=True,
        env={**os.environ, **GIT},
    )
    return done.stdout


def committed(repo: Repo) -> Repo:
    """The sample as a repository of its own, French only (a new referential text would
    otherwise wait for its English, an error `check` rightly gives)."""
    repo.replace("mission.yaml", "\nlangues: [en]", "\n# langues: [en]")
    repo.replace("livrables/kit-relations.md", "\nbilingue: en", "\n# bilingue: en")
    (repo.root / ".gitignore").write_text("build/\n*.xlsx\n", "utf-8")  # as the firm's repository
    git(repo.root, "init", "-q")
    git(repo.root, "add", "-A")
    git(repo.root, "commit", "-qm", "départ")
    return repo


@pytest.fixture
def url(repo: Repo, monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    for name, value in GIT.items():
        monkeypatch.setenv(name, value)
    committed(repo)
    previewer = Previewer(Project(repo.root), SAMPLE)
    previewer.build_all()
    server = serve(previewer.site, 0, True, TOKEN, Desk(repo.root, SAMPLE, TOKEN))
    port = server.server_address[1]
    yield f"http://127.0.0.1:{port}/"
    server.stopping = True  # type: ignore[attr-defined]
    server.shutdown()
    server.server_close()


def call(url: str, body: bytes | None = None, **headers: str) -> tuple[int, str]:
    asked = urllib.request.Request(url, data=body, headers=headers)
    try:
        with urllib.request.urlopen(asked, timeout=60) as response:  # noqa: S310
            return response.status, response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode()


def cookie(url: str) -> str:
    port = url.rsplit(":", 1)[1].strip("/")
    return f"livrables-apercu-{port}={TOKEN}"


def post(url: str, path: str, payload: object, **headers: str) -> tuple[int, dict[str, object]]:
    sent = {
        "Content-Type": "application/json",
        "X-Livrables-Jeton": TOKEN,
        "Cookie": cookie(url),
        **headers,
    }
    status, body = call(url + path, json.dumps(payload).encode(), **sent)
    try:
        return status, json.loads(body)
    except json.JSONDecodeError:
        return status, {"page": body}


def located(repo: Repo, name: str) -> Located:
    found = read_yaml_file(repo.mission / "referentiel" / name, Report())
    assert found is not None
    return found


def test_the_pages_list_every_file_and_draw_a_form(repo: Repo, url: str) -> None:
    status, page = call(url + "_livrables/editer?jeton=" + TOKEN)
    assert status == 200
    assert "referentiel/actions.yaml" in page and "livrables/plan-actions.md" in page
    status, page = call(url + "_livrables/editer/referentiel/actions.yaml", Cookie=cookie(url))
    assert status == 200 and "Enregistrer une version" in page
    config = json.loads(page.split("id=donnees>")[1].split("</script>")[0].replace("<\\/", "</"))
    assert config["jeton"] == TOKEN and config["fichier"] == "referentiel/actions.yaml"
    action = config["schema"]["properties"]["actions"]["items"]["properties"]
    assert action["debut"]["format"] == "date" and action["budget"]["type"] == "number"
    assert "SRV-ATT" in action["pilote"]["enum"]  # a select of the services' ids
    assert action["pilote"]["options"]["enum_titles"][0].startswith("SRV-")
    assert action["objectifs"]["items"]["enum"][0].startswith(("OBJ-", "RES-"))
    assert config["valeurs"]["actions"][0]["id"] == "PA-CONVENTION"
    # the vendored editor and its licence travel with the tool; no other name is served
    status, script = call(url + "_livrables/bureau/jsoneditor.js", Cookie=cookie(url))
    assert status == 200 and "JSONEditor" in script
    assert call(url + "_livrables/bureau/../../mission.yaml", Cookie=cookie(url))[0] == 404
    assert call(url + "_livrables/editer/../mission.yaml", Cookie=cookie(url))[0] == 404
    # the preview's pages lead to the forms
    status, page = call(url + "plan-actions.html", Cookie=cookie(url))
    assert "/_livrables/editer/livrables/plan-actions.md" in page


def test_check_messages_are_given_with_their_field(repo: Repo, url: str) -> None:
    repo.replace("referentiel/actions.yaml", "pilote: SRV-EAU", "pilote: SRV-EAUX")
    status, page = call(url + "_livrables/editer/referentiel/actions.yaml", Cookie=cookie(url))
    config = json.loads(page.split("id=donnees>")[1].split("</script>")[0].replace("<\\/", "</"))
    (message,) = [m for m in config["messages"] if "SRV-EAUX" in m["message"]]
    assert message["path"] == "root.actions.1.pilote"
    assert (
        "SRV-EAUX"
        in config["schema"]["properties"]["actions"]["items"]["properties"]["pilote"]["enum"]
    )  # offered, so that the select does not silently replace it


def test_writing_needs_the_token_in_a_header_and_json(repo: Repo, url: str) -> None:
    before = (repo.mission / "referentiel" / "services.yaml").read_bytes()
    payload = {"fichier": "referentiel/services.yaml", "donnees": {"services": []}}
    assert post(url, "_livrables/enregistrer", payload, **{"X-Livrables-Jeton": ""})[0] == 403
    assert post(url, "_livrables/enregistrer", payload, **{"X-Livrables-Jeton": "x"})[0] == 403
    assert post(url, "_livrables/enregistrer", payload, **{"Content-Type": "text/plain"})[0] == 403
    assert post(url, "_livrables/enregistrer", payload, Cookie="")[0] == 403
    origin = {"Origin": "http://attaquant.example"}
    assert post(url, "_livrables/enregistrer", payload, **origin)[0] == 403
    port = url.rsplit(":", 1)[1].strip("/")
    assert post(url, "_livrables/enregistrer", payload, Host=f"evil.example:{port}")[0] == 403
    assert (repo.mission / "referentiel" / "services.yaml").read_bytes() == before
    outside = {"fichier": "../mission.yaml", "donnees": {}}
    status, answer = post(url, "_livrables/enregistrer", outside)
    assert status == 404 and "Fichier inconnu" in str(answer["message"])


def test_a_form_saved_unchanged_writes_nothing(repo: Repo, url: str) -> None:
    for path in sorted((repo.mission / "referentiel").glob("*.yaml")):
        values = file_values(located(repo, path.name))
        status, answer = post(
            url,
            "_livrables/enregistrer",
            {"fichier": f"referentiel/{path.name}", "donnees": values},
        )
        assert status == 200 and answer["message"] == "Aucune modification.", path.name
    assert git(repo.root, "status", "--porcelain") == ""


def test_one_field_is_one_line_and_a_wrong_value_is_refused_at_its_field(
    repo: Repo, url: str
) -> None:
    path = repo.mission / "referentiel" / "actions.yaml"
    before = path.read_text("utf-8")
    values = file_values(located(repo, "actions.yaml"))
    values["actions"][1]["budget"] = 47000
    status, answer = post(
        url, "_livrables/enregistrer", {"fichier": "referentiel/actions.yaml", "donnees": values}
    )
    assert status == 200, answer
    diff = [
        line
        for line in difflib.unified_diff(before.splitlines(), path.read_text().splitlines(), n=0)
        if line[:1] in "+-" and line[:3] not in ("+++", "---")
    ]
    assert diff == ["-    budget: 45000", "+    budget: 47000"]
    values["actions"][0]["fin"] = "2026-01-01"  # before its start
    status, answer = post(
        url, "_livrables/enregistrer", {"fichier": "referentiel/actions.yaml", "donnees": values}
    )
    assert status == 422
    errors = answer["erreurs"]
    assert isinstance(errors, list)
    assert [e["path"] for e in errors] == ["root.actions.0.fin"]
    assert "précède son début" in errors[0]["message"]
    assert "budget: 47000" in path.read_text("utf-8")  # the last good save, untouched


def test_a_version_is_refused_while_check_finds_errors(repo: Repo, url: str) -> None:
    repo.replace("referentiel/actions.yaml", "pilote: SRV-EAU", "pilote: SRV-EAUX")
    status, answer = post(url, "_livrables/version", {"message": "Budget revu"})
    assert status == 409 and "Version refusée" in str(answer["message"])
    assert any("SRV-EAUX" in d for d in answer["details"])  # type: ignore[union-attr]
    assert git(repo.root, "log", "--format=%s") == "départ\n"
    repo.replace("referentiel/actions.yaml", "pilote: SRV-EAUX", "pilote: SRV-EAU")
    repo.replace("referentiel/actions.yaml", "budget: 45000", "budget: 46000")
    elsewhere = repo.root / "notes.txt"
    elsewhere.write_text("hors de la mission", "utf-8")
    git(repo.root, "add", "notes.txt")
    status, answer = post(url, "_livrables/version", {"message": "Budget revu"})
    assert status == 200 and "Version enregistrée" in str(answer["message"])
    assert git(repo.root, "log", "-1", "--format=%s") == "Budget revu\n"
    files = git(repo.root, "show", "--name-only", "--format=", "HEAD").split()
    assert files == [f"content/{SAMPLE}/referentiel/actions.yaml"]  # the staged note stays out
    status, answer = post(url, "_livrables/version", {"message": "Encore"})
    assert status == 409 and "Rien à enregistrer" in str(answer["message"])


def test_save_file_refuses_a_duplicate_id(repo: Repo) -> None:
    values = file_values(located(repo, "services.yaml"))
    values["services"].append(dict(values["services"][0]))
    with pytest.raises(FormError) as caught:
        save_file(located(repo, "services.yaml"), values)
    assert caught.value.errors[0]["path"].endswith(".id")


def test_a_broken_file_is_said_in_french_not_a_traceback(repo: Repo, url: str) -> None:
    repo.replace("referentiel/actions.yaml", "    pilote: SRV-EAU", "  pilote: [SRV-EAU")
    status, page = call(url + "_livrables/editer/referentiel/actions.yaml", Cookie=cookie(url))
    assert status == 422 and "ne peut pas s'ouvrir en formulaire" in page
    assert "actions.yaml" in page and "Traceback" not in page
    payload = {"fichier": "referentiel/actions.yaml", "donnees": {"actions": []}}
    status, answer = post(url, "_livrables/enregistrer", payload)
    assert status == 422 and "Non enregistré" in str(answer["message"])
