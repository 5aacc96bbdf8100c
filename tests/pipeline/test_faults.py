"""Nothing stale, nothing half-recorded: the client folder stays true whatever a build's outcome
(issue 28, points 1 and 12), and a build with errors never leaves in it a file a complete build
would not write."""

from __future__ import annotations

import re
import shutil
from collections.abc import Callable
from pathlib import Path

from click.testing import Result
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.conftest import SAMPLE, Repo

DIAGNOSTIC = "livrables/diagnostic-flash.md"
DECK = "restitution-diagnostic"
SWOT = "Des actions portées par quelques personnes, sans relève"  # the SWOT the deck quotes


def client(repo: Repo) -> dict[str, bytes]:
    folder = repo.root / "build" / SAMPLE
    return {p.name: p.read_bytes() for p in folder.iterdir()} if folder.is_dir() else {}


def test_a_deliverable_made_internal_leaves_with_the_deck_quoting_it(
    repo: Repo, run: Callable[..., Result]
) -> None:
    """The build fails (a client deck may not draw on an internal deliverable), and yet neither
    the diagnostic nor the decks reproducing its text stay in the client folder, nor its title
    in the portal."""
    assert run("build").exit_code == 0
    before = client(repo)
    assert f"{DECK}.pptx" in before and any(SWOT.encode() in data for data in before.values())
    repo.replace(DIAGNOSTIC, "diffusion: client", "diffusion: interne")
    result = run("build")
    assert result.exit_code == 1
    after = client(repo)
    assert not [n for n in after if n.startswith(("diagnostic-flash.", f"{DECK}."))]
    assert not any(SWOT.encode() in data for data in after.values())
    assert "retiré du dossier client (diffusion interne" in result.stdout
    portal = after["index.html"].decode()
    assert "diagnostic-flash" not in portal and "Diagnostic flash" not in portal


def test_the_same_when_the_diagnostic_does_not_even_load(
    repo: Repo, run: Callable[..., Result]
) -> None:
    """Made internal and broken at once: what its file says is enough."""
    assert run("build").exit_code == 0
    repo.replace(DIAGNOSTIC, "diffusion: client", "diffusion: interne\nclé_inconnue: [")
    assert run("build").exit_code == 1
    after = client(repo)
    assert not [n for n in after if n.startswith(("diagnostic-flash.", f"{DECK}."))]


def test_the_same_when_the_mission_does_not_load(repo: Repo, run: Callable[..., Result]) -> None:
    assert run("build").exit_code == 0
    repo.replace(DIAGNOSTIC, "diffusion: client", "diffusion: interne")
    repo.write("mission.yaml", "collectivite: [\n")  # nothing of the mission can be read
    assert run("build").exit_code == 1
    after = client(repo)
    assert not [n for n in after if n.startswith(("diagnostic-flash.", f"{DECK}."))]
    assert "index.html" not in after  # it named the diagnostic: made again next time


def test_internal_outputs_of_a_deliverable_now_for_the_client_are_removed(
    repo: Repo, run: Callable[..., Result]
) -> None:
    note = "livrables/note-strategique.md"
    repo.replace(note, "diffusion: client", "diffusion: interne")
    assert run("build").exit_code == 0
    internal = repo.root / "build" / "_interne" / SAMPLE
    assert (internal / "note-strategique.docx").is_file()
    repo.replace(note, "diffusion: interne", "diffusion: client")
    assert run("build").exit_code == 0
    assert not list(internal.glob("note-strategique.*"))
    assert (repo.root / "build" / SAMPLE / "note-strategique.docx").is_file()


def test_an_internal_build_keeps_its_own_outputs(repo: Repo, run: Callable[..., Result]) -> None:
    assert run("build", "--interne").exit_code == 0
    assert run("build").exit_code == 0
    internal = repo.root / "build" / "_interne" / SAMPLE
    assert (internal / "note-strategique.docx").is_file()  # what --interne made, still there


# --- the property: any sequence of edits, any outcome ------------------------------------------

FILES = sorted(
    p.name for p in (Path(__file__).parents[2] / "content" / SAMPLE / "livrables").glob("*.md")
)


def _internal(repo: Repo, name: str) -> None:
    path = repo.mission / "livrables" / name
    if not path.exists():
        return
    text = path.read_text("utf-8")
    path.write_text(text.replace("diffusion: client", "diffusion: interne", 1), "utf-8")


def _client(repo: Repo, name: str) -> None:
    path = repo.mission / "livrables" / name
    if not path.exists():
        return
    text = path.read_text("utf-8")
    path.write_text(text.replace("diffusion: interne", "diffusion: client", 1), "utf-8")


def _broken(repo: Repo, name: str) -> None:
    path = repo.mission / "livrables" / name
    if not path.exists():
        return
    path.write_text(path.read_text("utf-8").replace("titre:", "titre: [", 1), "utf-8")


def _deleted(repo: Repo, name: str) -> None:
    (repo.mission / "livrables" / name).unlink(missing_ok=True)


def _renamed(repo: Repo, name: str) -> None:
    path = repo.mission / "livrables" / name
    if path.exists():
        path.rename(path.with_name(f"copie-{name}"))


EDITS = {
    "interne": _internal,
    "client": _client,
    "cassé": _broken,
    "supprimé": _deleted,
    "renommé": _renamed,
}


def allowed(repo: Repo) -> set[str]:
    """The client files a complete build of this content could write: the outputs of each
    deliverable whose file says it is for the client (decks: not drawing on an internal one)."""
    folder = repo.mission / "livrables"
    internal_types = set()
    stems = {}
    for path in folder.glob("*.md"):
        text = path.read_text("utf-8")
        kind = re.search(r"^type:\s*(\S+)", text, re.M)
        if re.search(r"^diffusion:\s*interne", text, re.M):
            internal_types.add(kind.group(1) if kind else "")
        else:
            stems[path.stem] = (kind.group(1) if kind else "", text)
    names = {"index.html"}
    for stem, (kind, text) in stems.items():
        if kind == "diaporama" and internal_types & {
            "diagnostic-flash",
            "formation",
            "note-strategique",
            "plan-actions",
            "kit-relations",
            "cadre-evaluation",
            "kit-communication",
        }:
            from livrables.deliverables import BLOCKS

            used = {
                t
                for n in re.findall(r"^:::+\s*([\w-]+)", text, re.M)
                if n in BLOCKS
                for t in BLOCKS[n].types
            }
            if used & internal_types:
                continue
        names |= {f"{stem}.{ext}" for ext in ("docx", "html", "pdf", "pptx")}
        # and in the mission's language (`langues: [en]`), alone or beside the French
        names |= {f"{stem}.{lang}.{ext}" for lang in ("en", "fr-en") for ext in OUTPUT_EXTS}
    return names


OUTPUT_EXTS = ("docx", "html", "pdf", "pptx")


@settings(
    max_examples=4,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    st.lists(
        st.tuples(st.sampled_from(sorted(EDITS)), st.sampled_from(FILES)), min_size=2, max_size=4
    )
)
def test_whatever_the_outcome_the_client_folder_holds_only_what_may_be_sent(
    repo: Repo, run: Callable[..., Result], edits: list[tuple[str, str]]
) -> None:
    shutil.rmtree(repo.mission, ignore_errors=True)
    shutil.copytree(Path(__file__).parents[2] / "content" / SAMPLE, repo.mission)
    assert run("build").exit_code == 0
    for edit, name in edits:
        EDITS[edit](repo, name)
        result = run("build")
        assert result.exit_code in (0, 1), result.output
        assert "Traceback" not in result.output
        extra = set(client(repo)) - allowed(repo)
        assert extra == set(), (edits, result.output)
