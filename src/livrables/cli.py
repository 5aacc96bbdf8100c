"""The `livrables` command: a thin click layer, French from help to errors.

Exit codes: 0 success, 1 content errors (all of them listed), 2 usage errors.
"""

from __future__ import annotations

import datetime as dt
import os
import sys
import time
from pathlib import Path
from typing import Any, NoReturn

import click

from livrables import __version__
from livrables.cli_classeur import classeur_group

# The renderers, pydantic models and parsers are imported inside the commands that use them:
# `livrables build` with nothing to do answers before loading any of them.
from livrables.cli_french import (
    CONTENT_ERROR,
    USAGE_ERROR,
    Choix,
    Group,
    Nombre,
    print_report,
    project_here,
)
from livrables.cli_serveur import serveur_group
from livrables.cli_suivi import SUIVI
from livrables.cli_traduire import traduire_command
from livrables.errors import Report, display_path
from livrables.pipeline.formats import ALL_FORMATS
from livrables.pipeline.project import (
    Project,
    default_formats,
)


def _counts(report: Report) -> str:
    errors, warnings = len(report.errors), len(report.warnings)
    return f"{errors} erreur{'s' if errors > 1 else ''}, {warnings} avertissement" + (
        "s" if warnings > 1 else ""
    )


@click.group(cls=Group, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(
    __version__,
    "--version",
    message="livrables %(version)s",
    help="Afficher la version et quitter.",
)
def cli() -> None:
    """Produire les livrables des missions (Word, HTML et PDF) à partir des contenus de content/."""


@cli.command("build")
@click.argument("slugs", nargs=-1, metavar="[MISSION]...")
@click.option(
    "--format",
    "formats",
    multiple=True,
    type=Choix(ALL_FORMATS),
    help="Format à produire (docx, html ou pdf) ; répétable. Par défaut : les trois.",
)
@click.option(
    "--force", is_flag=True, help="Tout reproduire, même les livrables dont rien n'a changé."
)
@click.option(
    "--jobs",
    type=Nombre(1, 64),
    default=None,
    metavar="N",
    help="Nombre de livrables produits en parallèle (par défaut : un par cœur).",
)
@click.option(
    "--interne",
    is_flag=True,
    help="Version interne, avec les notes « ::: interne » (dans build/_interne/<mission>/).",
)
def build_command(
    slugs: tuple[str, ...],
    formats: tuple[str, ...],
    force: bool,
    jobs: int | None,
    interne: bool,
) -> int:
    """Produire les livrables des missions (toutes si aucune n'est nommée)."""
    project = project_here()
    started = time.perf_counter()
    from livrables.pipeline.inputs import Inputs

    if not formats:
        formats = default_formats()
    inputs = Inputs(project, formats, interne)
    if not force:
        count = inputs.all_unchanged(list(slugs))
        if count is not None:
            seconds = f"{time.perf_counter() - started:.1f}".replace(".", ",")
            click.echo(f"0 livrable produit, {count} à jour, 0 en échec — {seconds} s.")
            return 0
    from livrables.pipeline.run import build

    progress = _progress_bar if sys.stderr.isatty() else None
    jobs = jobs or _jobs_from_environment()
    result = build(project, list(slugs), inputs, force, jobs, progress)
    if progress:
        click.echo("\r\033[K", nl=False, err=True)
    failed = print_report(result.report)
    for path in result.written:
        click.echo(f"écrit : {display_path(path)}")
    for path in result.withdrawn:
        why = "diffusion interne, ou reprend un livrable à diffusion interne"
        click.echo(f"retiré du dossier client ({why}) : {display_path(path)}")
    for path in result.untranslated:
        why = "traduction incomplète d'un livrable validé, voir les avertissements"
        click.echo(f"retiré ({why}) : {display_path(path)}")
    for path in result.outdated:
        fmt = {"docx": "docx", "pptx": "docx", "html": "html", "pdf": "pdf"}.get(
            path.suffix[1:], path.suffix[1:]
        )
        why = (
            f"pas refait en {path.suffix[1:].upper()} cette fois, et le livrable a changé depuis "
            f"(texte, données, version ou date) ; « livrables build --format {fmt} » le refait"
        )
        click.echo(f"retiré ({why}) : {display_path(path)}")
    for path in result.untrusted:
        why = "fichier modifié à la main, ou que l'outil n'a pas produit"
        click.echo(f"retiré ({why}) : {display_path(path)}")
    for path in result.removed:
        click.echo(f"retiré (livrable renommé ou supprimé) : {display_path(path)}")
    seconds = f"{result.seconds:.1f}".replace(".", ",")
    summary = (
        f"{_plural(result.built, 'livrable produit', 'livrables produits')}, "
        f"{result.up_to_date} à jour, {result.failed} en échec — {seconds} s"
    )
    if failed:
        click.echo(f"{summary} ; {_counts(result.report)} : corrigez puis relancez.", err=True)
        return CONTENT_ERROR
    click.echo(f"{summary}.")
    return 0


def _jobs_from_environment() -> int | None:
    """LIVRABLES_JOBS: the default of --jobs (a machine that runs other work beside)."""
    value = os.environ.get("LIVRABLES_JOBS", "").strip()
    return int(value) if value.isdigit() and 0 < int(value) <= 64 else None


def _plural(count: int, one: str, many: str) -> str:
    return f"{count} {one if count <= 1 else many}"


def _progress_bar(done: int, total: int) -> None:
    width = 30
    filled = width * done // max(total, 1)
    bar = "█" * filled + "·" * (width - filled)
    click.echo(f"\r{bar} {done}/{total} livrables", nl=False, err=True)


@cli.command("check")
@click.argument("slugs", nargs=-1, metavar="[MISSION]...")
@click.option("--strict", is_flag=True, help="Traiter les avertissements comme des erreurs.")
def check_command(slugs: tuple[str, ...], strict: bool) -> int:
    """Vérifier les contenus sans rien produire."""
    from livrables.pipeline.run import check

    report, _marque, _missions = check(project_here(), list(slugs))
    failed = print_report(report, strict)
    head = "Échec : " if failed else "Contenus valides : "
    if failed and not report.errors:  # only warnings: it is --strict that refuses them
        head = "Échec : --strict refuse les avertissements : "
    click.echo(head + _counts(report) + ".", err=failed)
    return CONTENT_ERROR if failed else 0


@cli.command("new")
@click.argument("slug", metavar="MISSION")
@click.option("--collectivite", required=True, help="Nom de la collectivité cliente.")
@click.option(
    "--type",
    "type_",
    required=True,
    type=Choix(("commune", "epci", "departement", "region")),
    help="Type de collectivité : commune, epci, departement ou region.",
)
def new_command(slug: str, collectivite: str, type_: str) -> int:
    """Créer une nouvelle mission, prête à remplir, avec ses sept livrables et un diaporama."""
    from livrables.scaffold import ScaffoldError, create_mission

    project = project_here()
    try:
        root = create_mission(project, slug, collectivite, type_, dt.date.today())
    except ScaffoldError as exc:
        click.echo(f"livrables : erreur : {exc}", err=True)
        return USAGE_ERROR if exc.usage else CONTENT_ERROR
    click.echo(f"Mission créée : {display_path(root)}")
    click.echo(f"Complétez mission.yaml et le référentiel, puis lancez « livrables build {slug} ».")
    return 0


@cli.command("schema")
@click.option(
    "--out",
    "out",
    type=click.Path(file_okay=False, path_type=Path),
    default=None,
    help="Dossier où écrire les schémas (par défaut : schemas/ du dépôt).",
)
def schema_command(out: Path | None) -> int:
    """Écrire les schémas JSON des contenus (pour l'éditeur) et docs/reference.md."""
    from livrables.reference import write_reference
    from livrables.schemas import SCHEMA_DIR, write_schemas

    project = project_here()
    for path in write_schemas(out or project.root / SCHEMA_DIR):
        click.echo(f"écrit : {display_path(path)}")
    click.echo(f"écrit : {display_path(write_reference(project.root))}")
    return 0


@cli.command("preview")
@click.argument("slug", required=False, metavar="[MISSION]")
@click.option(
    "--port", type=Nombre(0, 65535), default=0, help="Port local (par défaut : un port libre)."
)
@click.option(
    "--open/--no-open",
    "open_browser",
    default=True,
    help="Ouvrir (ou non) le navigateur sur l'aperçu.",
)
@click.option(
    "--livereload/--no-livereload",
    default=True,
    help="Recharger (ou non) la page ouverte à chaque enregistrement.",
)
def preview_command(slug: str | None, port: int, open_browser: bool, livereload: bool) -> int:
    """Aperçu en direct d'une mission : les pages HTML se mettent à jour à chaque enregistrement."""
    import secrets
    import threading
    import webbrowser

    from livrables.desk.routes import EDIT, Desk
    from livrables.pipeline.preview import DocumentBuilder, Previewer, serve, watch

    project = project_here()
    missions = [p.name for p in project.mission_dirs()]
    if slug is None and len(missions) == 1:
        slug = missions[0]
    if slug not in missions:
        known = ", ".join(f"« {m} »" for m in missions) or "aucune"
        click.echo(f"livrables : erreur : nommez la mission à prévisualiser ({known})", err=True)
        return USAGE_ERROR
    previewer = Previewer(project, str(slug))
    previewer.build_all()
    _print_site(previewer.site)
    token = secrets.token_urlsafe(24)  # the session's: another user or page cannot read it
    desk = Desk(project.root, str(slug), token)
    server = serve(previewer.site, port, livereload, token, desk)
    url = f"http://127.0.0.1:{server.server_address[1]}/?jeton={token}"
    click.echo(f"Aperçu de « {slug} » : {url} (Ctrl-C pour arrêter)")
    click.echo(f"Éditer dans des formulaires : {url.replace('/?', EDIT + '?', 1)}")
    if open_browser:
        webbrowser.open(url)
    stop = threading.Event()
    documents = DocumentBuilder(project, str(slug), lambda line: click.echo(line, err=True))
    documents.request()

    def rebuilt(site: Any) -> None:
        _print_site(site)
        documents.request()

    try:
        watch(previewer, stop, rebuilt)
    except KeyboardInterrupt:
        pass
    finally:
        stop.set()
        documents.stop()
        server.stopping = True  # type: ignore[attr-defined]
        server.shutdown()
        server.server_close()
    click.echo("Aperçu arrêté.")
    return 0


def _print_site(site: Any) -> None:
    lines = [line for page in site.errors.values() for line in page]
    for line in lines:
        click.echo(line, err=True)
    click.echo(f"pages à jour ({len(site.pages)}) ; {len(lines)} erreur(s).", err=True)


@cli.command("list")
@click.option(
    "--changed-since",
    "since",
    default=None,
    metavar="RÉF",
    help="Seulement les noms des missions que les changements depuis RÉF (commit, étiquette, "
    "branche) obligent à reproduire : pour l'intégration continue.",
)
@click.option(
    "--format",
    "output",
    type=Choix(["texte", "json", "gitlab"]),
    default="texte",
    show_default=True,
    help="Avec --changed-since : une mission par ligne, une liste JSON (matrice GitHub "
    "Actions) ou un pipeline enfant GitLab.",
)
def list_command(since: str | None, output: str) -> int:
    """Lister les missions et leurs livrables."""
    from livrables.content.models import LIBELLES_STATUT
    from livrables.pipeline.run import load, select_missions

    project = project_here()
    if since is not None:
        return _list_changed(project, since, output)
    roots = select_missions(project, [], Report())
    if not roots:
        click.echo("Aucune mission dans content/.")
        return 0
    for root in roots:
        report = Report()
        mission = load(root, report)
        if mission is None:
            click.echo(f"{root.name} : contenus en erreur (lancez « livrables check {root.name} »)")
            continue
        info = mission.info
        click.echo(f"{mission.slug} — {info.collectivite.nom} — {info.intitule}")
        for livrable in mission.livrables:
            version = f", version {livrable.front.version}" if livrable.front.version else ""
            click.echo(
                f"  {livrable.stem} : {livrable.type.label} « {livrable.front.titre} » "
                f"({LIBELLES_STATUT[livrable.front.statut].lower()}{version})"
                + _also(mission, livrable)
            )
        if report.errors:
            click.echo(f"  … et des livrables en erreur (lancez « livrables check {root.name} »)")
    return 0


def _also(mission: Any, livrable: Any) -> str:
    """« — aussi en anglais, et côte à côte en anglais » (the languages it is also made in)."""
    from livrables.i18n import LANGUES

    names = [LANGUES[code].name for code in mission.langues(livrable)]
    side = livrable.front.bilingue
    parts = [f"aussi en {', '.join(names)}"] if names else []
    parts += [f"côte à côte en {LANGUES[side].name}"] if side else []
    return f" — {', '.join(parts)}" if parts else ""


def _list_changed(project: Project, since: str, output: str) -> int:
    from livrables.pipeline.changes import as_gitlab, as_json, changed_missions

    changes = changed_missions(project, since)
    if not changes.known:
        click.echo(
            f"livrables : référence « {since} » inconnue de git : toutes les missions sont listées",
            err=True,
        )
    if output == "json":
        click.echo(as_json(changes.missions))
    elif output == "gitlab":
        click.echo(as_gitlab(changes.missions), nl=False)
    else:
        for slug in changes.missions:
            click.echo(slug)
    return 0


for _command in SUIVI:
    cli.add_command(_command)
cli.add_command(serveur_group)
cli.add_command(traduire_command)
cli.add_command(classeur_group)


def main() -> NoReturn:
    cli.main(prog_name="livrables")
    raise SystemExit(0)  # cli.main always exits; this line keeps type checkers honest
