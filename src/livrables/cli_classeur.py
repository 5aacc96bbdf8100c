"""`livrables classeur exporter|importer`: the referential as a workbook, and back."""

from __future__ import annotations

from pathlib import Path

import click

from livrables.cli_french import CONTENT_ERROR, Command, Group, project_here
from livrables.errors import display_path


@click.group("classeur", cls=Group)
def classeur_group() -> None:
    """Le référentiel d'une mission dans un classeur Excel ou LibreOffice, et retour.

    « exporter » écrit le classeur ; « importer » le relit, vérifie chaque cellule et réécrit
    le YAML en gardant ses commentaires : seules les lignes modifiées changent."""


@classeur_group.command("exporter", cls=Command)
@click.argument("mission", metavar="MISSION")
@click.option(
    "--sortie",
    type=click.Path(path_type=Path, dir_okay=False),
    default=None,
    metavar="FICHIER",
    help="Où écrire le classeur (par défaut : <mission>-referentiel.xlsx dans ce dossier).",
)
def exporter_command(mission: str, sortie: Path | None) -> int:
    """Écrire le référentiel de MISSION dans un classeur (.xlsx)."""
    from livrables.desk.workbook import WorkbookError, export_workbook

    project = project_here()
    folder = project.content / mission
    if "/" in mission or "\\" in mission or not (folder / "mission.yaml").is_file():
        known = ", ".join(p.name for p in project.mission_dirs()) or "aucune"
        click.echo(f"livrables : erreur : mission « {mission} » introuvable ({known})", err=True)
        return CONTENT_ERROR
    out = sortie or Path.cwd() / f"{mission}-referentiel.xlsx"
    try:
        export_workbook(folder, out)
    except WorkbookError as exc:
        click.echo(f"livrables : erreur : {exc}. Rien n'a été écrit.", err=True)
        return CONTENT_ERROR
    click.echo(f"écrit : {display_path(out)}")
    click.echo(f"Modifiez-le, puis : livrables classeur importer {display_path(out)}")
    return 0


@classeur_group.command("importer", cls=Command)
@click.argument("fichier", type=click.Path(path_type=Path, dir_okay=False), metavar="FICHIER")
def importer_command(fichier: Path) -> int:
    """Reprendre dans le référentiel les modifications d'un classeur exporté."""
    from livrables.desk.importer import import_workbook
    from livrables.desk.workbook import WorkbookError

    project = project_here()
    if not fichier.is_file():
        click.echo(f"livrables : erreur : {display_path(fichier)} introuvable", err=True)
        return CONTENT_ERROR
    try:
        done = import_workbook(project.root, fichier)
    except WorkbookError as exc:
        click.echo(f"livrables : erreur : {exc}", err=True)
        return CONTENT_ERROR
    for line in done.errors:
        click.echo(line, err=True)
    if done.errors:
        click.echo(f"{len(done.errors)} erreur(s) dans le classeur : rien n'a été écrit.", err=True)
        return CONTENT_ERROR
    for path in done.written:
        click.echo(f"écrit : {display_path(path)}")
    if not done.written:
        click.echo("Aucune modification : le référentiel est déjà à jour.")
    else:
        click.echo(
            f"{done.changed_items} élément(s) modifié(s) ou ajouté(s) ; vérifiez avec "
            "« git diff » puis « livrables check »."
        )
    return 0
