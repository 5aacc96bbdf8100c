"""The commands that follow a deliverable to the client and back: `envoyer` (record what was
sent), `comparer` (a redline since a version), `retours` (the client's review, line by line).
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import click

from livrables.cli_french import CONTENT_ERROR, Command, print_report, project_here
from livrables.errors import display_path


@click.command("envoyer", cls=Command)
@click.argument("slug", metavar="MISSION")
@click.argument("stems", nargs=-1, metavar="[LIVRABLE]...")
def envoyer_command(slug: str, stems: tuple[str, ...]) -> int:
    """Enregistrer l'envoi au client des versions actuelles (étiquette git et archive datée)."""
    from livrables.pipeline.envoi import EnvoiError, send

    try:
        report, sent = send(project_here(), slug, list(stems), dt.date.today())
    except EnvoiError as exc:
        click.echo(f"livrables : envoi refusé : {exc}. Rien n'a été enregistré.", err=True)
        return CONTENT_ERROR
    if print_report(report):
        click.echo(
            "Envoi refusé : corrigez d'abord ces erreurs. Rien n'a été enregistré.", err=True
        )
        return CONTENT_ERROR
    for item in sent:
        state = "déjà enregistré" if item.already else "enregistré"
        click.echo(
            f"{state} : {item.stem} version {item.version} (étiquette {item.tag}, "
            f"archive {display_path(item.archive)})"
        )
    return 0


@click.command("comparer", cls=Command)
@click.argument("target", metavar="MISSION/LIVRABLE")
@click.option(
    "--depuis",
    "depuis",
    default=None,
    metavar="RÉF",
    help="Version envoyée (« 1.0 »), étiquette, branche ou commit git ; "
    "par défaut la dernière version envoyée.",
)
def comparer_command(target: str, depuis: str | None) -> int:
    """Comparer un livrable à une version antérieure : DOCX à modifications suivies et page HTML."""
    from livrables.pipeline.comparer import ComparerError, compare

    try:
        report, compared = compare(project_here(), target, depuis)
    except ComparerError as exc:
        click.echo(f"livrables : comparaison impossible : {exc}.", err=True)
        return CONTENT_ERROR
    if print_report(report) or compared is None:
        click.echo("Comparaison impossible : corrigez d'abord ces erreurs.", err=True)
        return CONTENT_ERROR
    changed = len(compared.sections)
    if changed:
        click.echo(
            f"{changed} section(s) modifiée(s) depuis la {compared.old} : "
            + " ; ".join(compared.sections)
        )
    else:
        click.echo(f"Aucune différence pour le client depuis la {compared.old}.")
    click.echo(f"écrit : {display_path(compared.docx)}")
    click.echo(f"écrit : {display_path(compared.html)}")
    return 0


@click.command("retours", cls=Command)
@click.argument("fichier", metavar="FICHIER.docx", type=click.Path(path_type=Path))
def retours_command(fichier: Path) -> int:
    """Lister les commentaires et modifications d'un DOCX relu par le client, chacun à la ligne
    de sa source, et écrire la fiche de relecture."""
    from livrables.pipeline.retours import RetoursError, describe, read_retours

    try:
        retours = read_retours(project_here(), fichier)
    except RetoursError as exc:
        click.echo(f"livrables : {exc}", err=True)
        return CONTENT_ERROR
    for found in retours.found:
        click.echo(f"{display_path(found.path)}:{found.line}: {describe(found)}")
    if not retours.found:
        click.echo("Aucun commentaire ni modification suivie dans ce fichier.")
    click.echo(f"écrit : {display_path(retours.sheet)}")
    return 0


SUIVI = [envoyer_command, comparer_command, retours_command]
