"""A project's standby (server.py, pipeline/standby.py) and what it keeps (memo.py): commands
forked from it start warm, and never see a file as it was instead of as it is."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from livrables import memo
from livrables.content.mission import load_mission
from livrables.deliverables import REGISTRY
from livrables.errors import Report
from livrables.pipeline.cache import Hasher
from livrables.pipeline.project import files_under
from livrables.writers.html.page import html_environment
from tests.conftest import Repo
from tests.test_server import environment, run, runtime, wait_for_server

__all__ = ["runtime"]  # the fixture, used by name


@pytest.fixture(autouse=True)
def _memo_off() -> Iterator[None]:
    memo.forget()
    yield
    memo.forget()


@pytest.fixture
def short_racy(monkeypatch: pytest.MonkeyPatch) -> None:
    """The racy rule's two seconds made a twentieth of a second (a file's change date cannot
    be put back: waiting is the only way to make a file old enough to be trusted)."""
    monkeypatch.setattr(memo, "RACY_NS", 50_000_000)


def old(_path: Path) -> None:
    time.sleep(0.1)


def test_off_unless_filled_nothing_is_kept() -> None:
    calls = []
    for _ in range(2):
        memo.parsed(("k",), lambda: calls.append(1))
    assert len(calls) == 2
    assert memo.sizes() == (0, 0)


def test_a_kept_value_is_handed_out_once() -> None:
    memo.fill()
    made = memo.parsed(("k",), lambda: ["made by the standby"])
    memo.serve()
    assert memo.parsed(("k",), lambda: ["made again"]) is made
    assert memo.parsed(("k",), lambda: ["made again"]) == ["made again"]  # once only


def test_a_digest_is_trusted_only_for_the_same_file(tmp_path: Path, short_racy: None) -> None:
    path = tmp_path / "f.md"
    path.write_text("abcd", "utf-8")
    old(path)
    calls = []

    def digest(p: Path) -> str:
        calls.append(p)
        return p.read_text("utf-8")

    memo.fill()
    assert memo.digest(path, digest) == "abcd"
    memo.serve()
    assert memo.digest(path, digest) == "abcd"
    assert len(calls) == 1  # the second time from the memo
    info = path.stat()
    path.write_text("efgh", "utf-8")  # same size, same modification date put back
    assert path.stat().st_size == info.st_size
    os.utime(path, ns=(info.st_atime_ns, info.st_mtime_ns))
    assert memo.digest(path, digest) == "efgh"  # its change date moved


def test_a_file_changed_just_before_it_was_hashed_is_not_trusted(
    tmp_path: Path, short_racy: None
) -> None:
    path = tmp_path / "f.md"
    path.write_text("un", "utf-8")  # now: it could change again within the same clock tick
    memo.fill()
    memo.digest(path, lambda p: "un")
    assert memo.sizes()[1] == 0
    old(path)
    memo.digest(path, lambda p: "un")
    assert memo.sizes()[1] == 1


def test_a_hasher_reads_an_edited_file_again(repo: Repo, short_racy: None) -> None:
    path = repo.mission / "livrables" / "formation.md"
    old(path)
    memo.fill()
    before = Hasher().file(path)
    memo.serve()
    assert memo.sizes()[1] == 1
    repo.replace("livrables/formation.md", "# ", "# Nouveau ")
    assert Hasher().file(path) != before


def test_a_mission_read_from_the_memo_is_the_mission_read_again(repo: Repo) -> None:
    """Kept parses serve an unchanged file, and an edited one is parsed again."""
    memo.fill()
    load_mission(repo.mission, Report(), REGISTRY)
    memo.serve()
    assert memo.sizes()[0] > 10
    repo.replace("livrables/formation.md", "# ", "# Titre changé ")
    served = load_mission(repo.mission, Report(), REGISTRY)
    memo.forget()
    fresh = load_mission(repo.mission, Report(), REGISTRY)
    assert served is not None and fresh is not None
    for a, b in zip(served.livrables, fresh.livrables, strict=True):
        assert [t.content for t in a.body.tokens] == [t.content for t in b.body.tokens]
        assert a.front == b.front
    formation = next(lv for lv in served.livrables if lv.stem == "formation")
    assert any("Titre changé" in t.content for t in formation.body.tokens)


def served_and_fresh(repo: Repo, change: Callable[[], object]) -> tuple[list[str], list[str]]:
    """What loading the mission reports when served by a standby that read it before `change`,
    and when read afresh."""
    memo.fill()
    load_mission(repo.mission, Report(), REGISTRY)
    memo.serve()
    change()
    served = Report()
    load_mission(repo.mission, served, REGISTRY)
    memo.forget()
    fresh = Report()
    load_mission(repo.mission, fresh, REGISTRY)
    return [str(d) for d in served.diagnostics], [str(d) for d in fresh.diagnostics]


def test_a_kept_deliverable_follows_its_referential(repo: Repo) -> None:
    served, fresh = served_and_fresh(
        repo,
        lambda: repo.replace("referentiel/indicateurs.yaml", "IND-G-NOTORIETE", "IND-AUTRE"),
    )
    assert served == fresh
    assert any("cadre-evaluation.md" in d and "IND-G-NOTORIETE" in d for d in served), served


def test_a_kept_deliverable_follows_its_images(repo: Repo) -> None:
    repo.add_picture("livrables/formation.md")
    served, fresh = served_and_fresh(repo, (repo.mission / "images" / "photo.png").unlink)
    assert served == fresh
    assert any("formation.md" in d and "photo.png" in d for d in served), served


def test_a_kept_deliverable_reports_its_warnings_again(repo: Repo) -> None:
    repo.replace("livrables/formation.md", "# ", "Voir [ailleurs](#nulle-part).\n\n# ")
    served, fresh = served_and_fresh(repo, lambda: None)
    assert served == fresh
    assert any("nulle-part" in d for d in served), served


def test_force_reads_everything_again() -> None:
    memo.fill()
    memo.parsed(("k",), lambda: 1)
    memo.serve()
    memo.forget()
    assert not memo.active()
    assert memo.parsed(("k",), lambda: 2) == 2


def test_a_template_that_hides_another_is_seen(repo: Repo) -> None:
    """A process that lives on sees a mission template added over the firm's."""
    mission_html = repo.mission / "templates" / "html"
    mission_html.mkdir(parents=True)
    layers = [repo.mission / "templates", repo.root / "templates"]
    firm = html_environment(layers).get_template("livrable.html.j2")
    (mission_html / "livrable.html.j2").write_text("propre à la mission", "utf-8")
    mission = html_environment(layers).get_template("livrable.html.j2")
    assert mission.render() == "propre à la mission"
    assert firm.filename != mission.filename


def test_files_under_lists_what_rglob_lists(repo: Repo) -> None:
    (repo.mission / "lien").symlink_to(repo.mission / "livrables")  # a linked folder
    (repo.mission / "images" / "lien.png").symlink_to(repo.mission / "images" / "logo-valbrune.png")
    expected = [p for p in sorted(repo.mission.rglob("*")) if p.is_file()]
    assert files_under(repo.mission) == expected


@pytest.mark.skipif(not hasattr(os, "fork"), reason="no fork: no standby (Windows)")
def test_a_standby_serves_the_project_as_a_fresh_process_would(
    repo: Repo, runtime: Path, tmp_path: Path
) -> None:
    """After a served build the project's standby starts, warms up and serves the next
    commands: the same files as a build run here, edits seen (a same-size one whose date was
    put back included), `--force` the same."""
    env = environment(runtime, LIVRABLES_SOFFICE="non")
    here_env = {**env, "LIVRABLES_SERVEUR": "non"}
    run(["build"], repo.root, env)  # here; starts the server
    wait_for_server(runtime)
    run(["build", "--force"], repo.root, env)  # served; asks for the standby
    folder = runtime / "livrables-serveur"
    deadline = time.monotonic() + 60
    while not list(folder.glob("*-*.sock")) and time.monotonic() < deadline:
        time.sleep(0.1)
    standby = list(folder.glob("*-*.sock"))
    assert len(standby) == 1, list(folder.iterdir())
    pid = int(Path(f"{standby[0]}.lock").read_text())
    twin = tmp_path / "jumeau"

    def same_as_here(*args: str) -> None:
        subprocess.run(["rm", "-rf", str(twin)], check=True)
        subprocess.run(["cp", "-a", str(repo.root), str(twin)], check=True)
        served, _ = run(list(args), repo.root, env)
        here, _ = run(list(args), twin, here_env)
        assert served.returncode == here.returncode == 0, served.stderr.decode()
        built, twin_built = repo.root / "build", twin / "build"
        names = sorted(p.relative_to(built) for p in files_under(built) if ".cache" not in p.parts)
        assert names == sorted(
            p.relative_to(twin_built) for p in files_under(twin_built) if ".cache" not in p.parts
        )
        for name in names:
            assert (built / name).read_bytes() == (twin_built / name).read_bytes(), name

    path = repo.replace("livrables/formation.md", "# ", "# Titre changé ")
    same_as_here("build")
    assert "Titre changé" in (repo.root / "build" / repo.mission.name / "formation.html").read_text(
        "utf-8"
    )
    info = path.stat()  # same size, its date put back: seen all the same
    path.write_text(path.read_text("utf-8").replace("Titre changé", "Titre modifé"), "utf-8")
    os.utime(path, ns=(info.st_atime_ns, info.st_mtime_ns))
    assert path.stat().st_size == info.st_size
    same_as_here("build")
    assert "Titre modifé" in (repo.root / "build" / repo.mission.name / "formation.html").read_text(
        "utf-8"
    )
    same_as_here("build", "--force")
    assert int(Path(f"{standby[0]}.lock").read_text()) == pid  # all served by the same standby
    os.kill(pid, 0)


@pytest.mark.skipif(not Path("/proc/self/task").is_dir(), reason="threads counted from /proc")
def test_warming_up_starts_no_thread(repo: Repo, tmp_path: Path) -> None:
    """Charts not drawn yet are drawn by another interpreter while the standby warms up: the
    chart engine's threads would be forked into every command it serves."""
    probe = (
        "import os, sys\n"
        "from livrables.charts import render\n"
        "from livrables.pipeline.standby import warm_project\n"
        "warm_project(sys.argv[1])\n"
        "print(len(os.listdir('/proc/self/task')), render.ENGINE_PID)\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", probe, str(repo.root)],
        env={**os.environ, "LIVRABLES_SOFFICE": "non"},
        capture_output=True,
        text=True,
        check=True,
    )
    assert done.stdout.split() == ["1", "[]"], done.stdout + done.stderr
    drawn = list((repo.root / "build" / ".cache" / "graphiques").glob("*"))
    assert drawn  # the charts were drawn all the same, for the commands to come


def test_no_standby_whose_socket_name_would_be_too_long() -> None:
    """A socket's path holds about a hundred bytes: a standby that could never listen would
    warm up again after every build."""
    from livrables.launcher import standby_path

    assert standby_path("/run/user/1000/livrables-serveur/abc.sock", "/home/c/depot")
    assert standby_path("/" + "x" * 80 + "/abc.sock", "/home/c/depot") is None
