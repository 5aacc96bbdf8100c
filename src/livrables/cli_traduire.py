"""`livrables traduire`: a deliverable in the partners' languages, from its French source."""

from __future__ import annotations

from pathlib import Path

import click

from livrables.cli_french import CONTENT_ERROR, Command, print_report, project_here
from livrables.errors import display_path
from livrables.i18n import TRANSLATED


@click.command("traduire", cls=Command)
@click.argument("target", metavar="MISSION[/LIVRABLE]")
@click.option(
    "--langue",
    required=True,
    type=click.Choice(TRANSLATED),
    help="Langue de la traduction : en (anglais), es (espagnol), de (allemand), ar (arabe).",
)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["po", "xliff"]),
    default="po",
    show_default=True,
    help="« xliff » exporte aussi un fichier XLIFF 2.0 pour une agence de traduction.",
)
@click.option(
    "--importer",
    type=click.Path(path_type=Path, dir_okay=False),
    default=None,
    metavar="FICHIER",
    help="Reprendre les traductions d'un fichier XLIFF (.xlf) ou PO rendu par un traducteur.",
)
def traduire_command(target: str, langue: str, fmt: str, importer: Path | None) -> int:
    """Écrire ou mettre à jour les catalogues de traduction (PO) d'une mission ou d'un livrable.

    Le français reste la source : un texte français modifié rend sa traduction « à revoir »
    (fuzzy) ; « livrables check » dit où. Les notes internes ne sont jamais extraites."""
    from livrables.pipeline.traduire import TraduireError, traduire

    try:
        report, done = traduire(project_here(), target, langue, fmt, importer)
    except TraduireError as exc:
        click.echo(f"livrables : traduction impossible : {exc}. Rien n'a été écrit.", err=True)
        return CONTENT_ERROR
    if print_report(report):
        click.echo("Traduction impossible : corrigez d'abord ces erreurs.", err=True)
        return CONTENT_ERROR
    if importer is not None:
        click.echo(f"{done.imported} traduction(s) reprise(s) de {display_path(importer)}")
    for path in done.written:
        click.echo(f"écrit : {display_path(path)}")
    if done.unchanged and not done.written:
        click.echo("Catalogues déjà à jour.")
    for name, left in done.stale.items():
        click.echo(f"{name} : {left} texte(s) à traduire ou à revoir")
    if done.exported is not None:
        click.echo(f"écrit : {display_path(done.exported)}")
    return 0
