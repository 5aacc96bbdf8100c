"""« Enregistrer une version »: the mission's changes committed to git with the consultant's
message, refused while `check` finds errors."""

from __future__ import annotations

import subprocess
from dataclasses import dataclass
from pathlib import Path

GIT_SECONDS = 60


@dataclass
class Saved:
    ok: bool
    message: str
    details: list[str]


def _git(root: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        ["git", "-C", str(root), *args],
        capture_output=True,
        text=True,
        timeout=GIT_SECONDS,
        check=False,
        stdin=subprocess.DEVNULL,
    )


def save_version(root: Path, slug: str, message: str, errors: list[str]) -> Saved:
    """Commit `content/<slug>` alone (nothing else staged is taken) with `message`."""
    message = message.strip()
    if not message:
        return Saved(False, "Écrivez en une phrase ce que cette version change.", [])
    if errors:
        return Saved(
            False,
            f"Version refusée : « livrables check » trouve {len(errors)} erreur(s) à corriger "
            "d'abord.",
            errors,
        )
    try:
        inside = _git(root, "rev-parse", "--is-inside-work-tree")
    except (OSError, subprocess.TimeoutExpired):
        return Saved(False, "git est introuvable sur cet ordinateur.", [])
    if inside.returncode != 0:
        return Saved(False, "Ce dossier n'est pas un dépôt git : aucune version possible.", [])
    folder = f"content/{slug}"
    status = _git(root, "status", "--porcelain", "--", folder)
    if not status.stdout.strip():
        return Saved(
            False, "Rien à enregistrer : aucune modification depuis la dernière version.", []
        )
    added = _git(root, "add", "--all", "--", folder)
    if added.returncode != 0:
        return Saved(False, "git n'a pas pu préparer la version.", [added.stderr.strip()])
    done = _git(root, "commit", "--quiet", "-m", message, "--", folder)
    if done.returncode != 0:
        why = done.stderr.strip()
        if "user.email" in why or "user.name" in why or "identity" in why:
            why = (
                "git ne sait pas qui vous êtes : lancez une fois git config --global "
                "user.name « Prénom Nom » et git config --global user.email « adresse »"
            )
        return Saved(False, "git a refusé la version.", [why])
    head = _git(root, "log", "-1", "--format=%h", "--", folder).stdout.strip()
    changed = _git(root, "show", "--stat", "--format=", "HEAD").stdout.strip().splitlines()
    return Saved(True, f"Version enregistrée ({head}) : {message}", changed[-1:])
