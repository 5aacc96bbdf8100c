"""The `livrables` command: a thin click layer, French from help to errors.

Exit codes: 0 success, 1 content errors (all of them listed), 2 usage errors.
"""

from __future__ import annotations

import datetime as dt
import os
import sys
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any, NoReturn

import click

from livrables import __version__
from livrables.errors import Report, display_path
from livrables.pipeline.project import (
    ALL_FORMATS,
    INSTALL_HINT,
    Project,
    default_formats,
    find_project,
    soffice,
)

# The renderers, pydantic models and parsers are imported inside the commands that use them:
# `livrables build` with nothing to do answers before loading any of them.

USAGE_ERROR = 2
CONTENT_ERROR = 1


class _French:
    """Help screens in French (click writes "Usage:", "Options:" and "Commands:" in English)."""

    def get_help_option(self, ctx: click.Context) -> click.Option | None:
        option = super().get_help_option(ctx)  # type: ignore[misc]
        if option is not None:
            option.help = "Afficher cette aide et quitter."
        return option  # type: ignore[no-any-return]

    def format_usage(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        pieces = self.collect_usage_pieces(ctx)  # type: ignore[attr-defined]
        formatter.write_usage(ctx.command_path, " ".join(pieces), prefix="Utilisation : ")

    def format_options(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        records = [r for p in self.get_params(ctx) if (r := p.get_help_record(ctx))]  # type: ignore[attr-defined]
        if records:
            with formatter.section("Options"):
                formatter.write_dl(records)
        if isinstance(self, click.Group):
            commands = [
                (name, cmd.get_short_help_str(60))
                for name in self.list_commands(ctx)
                if (cmd := self.get_command(ctx, name)) is not None and not cmd.hidden
            ]
            if commands:
                with formatter.section("Commandes"):
                    formatter.write_dl(commands)


class Command(_French, click.Command):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("options_metavar", "[OPTIONS]")
        super().__init__(*args, **kwargs)


class Group(_French, click.Group):
    command_class = Command

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("subcommand_metavar", "COMMANDE [ARGUMENTS]...")
        super().__init__(*args, **kwargs)

    def main(
        self,
        args: Sequence[str] | None = None,
        prog_name: str | None = None,
        complete_var: str | None = None,
        standalone_mode: bool = True,
        **extra: Any,
    ) -> Any:
        """Run without click's English error handling; report usage errors in French."""
        try:
            code = super().main(
                args, prog_name or "livrables", complete_var, standalone_mode=False, **extra
            )
        except click.UsageError as exc:
            code = _usage_error(exc)
        except click.ClickException as exc:
            click.echo(f"livrables : {exc.format_message()}", err=True)
            code = exc.exit_code
        except (click.Abort, KeyboardInterrupt):
            click.echo("livrables : interrompu.", err=True)
            code = CONTENT_ERROR
        except Exception as exc:
            if os.environ.get("LIVRABLES_DEBUG"):
                raise
            click.echo(
                f"livrables : erreur interne ({type(exc).__name__} : {exc}). Aucun contenu n'a "
                "été modifié. Signalez-la à l'équipe outil (LIVRABLES_DEBUG=1 affiche le détail).",
                err=True,
            )
            code = CONTENT_ERROR
        code = code if isinstance(code, int) else 0
        if standalone_mode:
            sys.exit(code)
        return code


def _usage_error(exc: click.UsageError) -> int:
    if exc.ctx is not None:
        click.echo(exc.ctx.get_usage(), err=True)
    else:
        click.echo("Utilisation : livrables [OPTIONS] COMMANDE [ARGUMENTS]...", err=True)
    message = exc.message if isinstance(exc, click.BadParameter) else exc.format_message()
    if isinstance(exc, click.NoSuchOption):
        message = f"option inconnue « {exc.option_name} »"
        if exc.possibilities:
            message += (
                " (vouliez-vous dire "
                + ", ".join(f"« {p} »" for p in sorted(exc.possibilities))
                + " ?)"
            )
    elif isinstance(exc, click.MissingParameter) and exc.param is not None:
        param = exc.param
        name = param.opts[0] if isinstance(param, click.Option) else param.human_readable_name
        kind = "option" if isinstance(param, click.Option) else "argument"
        message = f"{kind} obligatoire manquant{'e' if kind == 'option' else ''} : {name}"
    elif isinstance(exc, click.BadOptionUsage):
        message = f"l'option « {exc.option_name} » attend une valeur"
    elif not isinstance(exc, click.BadParameter) and message.startswith("No such command"):
        name = message.split("'")[1] if "'" in message else message
        message = f"commande inconnue « {name} » (commandes : build, check, list, new, schema)"
    elif not isinstance(exc, click.BadParameter):
        message = f"utilisation incorrecte : {message}"
    click.echo(f"livrables : erreur : {message}", err=True)
    click.echo("Lancez « livrables --help » pour l'aide.", err=True)
    return USAGE_ERROR


class Choix(click.Choice):  # type: ignore[type-arg]
    """click.Choice with a French message."""

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> Any:
        if value in self.choices:
            return value
        possible = ", ".join(f"« {c} »" for c in self.choices)
        option = param.opts[0] if param is not None and param.opts else "l'option"
        self.fail(
            f"valeur « {value} » invalide pour {option} (valeurs possibles : {possible})",
            param,
            ctx,
        )


class Nombre(click.IntRange):
    """click.IntRange with a French message."""

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> Any:
        try:
            number = int(value)
        except (TypeError, ValueError):
            number = None
        if (
            number is None
            or (self.min is not None and number < self.min)
            or (self.max is not None and number > self.max)
        ):
            option = param.opts[0] if param is not None and param.opts else "l'option"
            self.fail(
                f"valeur « {value} » invalide pour {option} : un nombre entier de "
                f"{self.min} à {self.max} est attendu",
                param,
                ctx,
            )
        return number


def _project() -> Project:
    project = find_project(Path.cwd())
    if project is None:
        click.echo(
            "livrables : erreur : aucun dépôt de missions ici (il faut un fichier "
            "templates/marque.yaml dans ce dossier ou au-dessus)",
            err=True,
        )
        raise SystemExit(USAGE_ERROR)
    return project


def _print_report(report: Report, strict: bool = False) -> bool:
    """Print every diagnostic on stderr; True when the run must fail."""
    for diagnostic in report.sorted():
        click.echo(diagnostic.format(), err=True)
    errors, warnings = len(report.errors), len(report.warnings)
    return errors > 0 or (strict and warnings > 0)


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
    """Produire les livrables des missions (Word et HTML) à partir des contenus de content/."""


@cli.command("build")
@click.argument("slugs", nargs=-1, metavar="[MISSION]...")
@click.option(
    "--format",
    "formats",
    multiple=True,
    type=Choix(ALL_FORMATS),
    help="Format à produire (docx, html ou pdf) ; répétable. Par défaut : les trois (le PDF "
    "quand LibreOffice est installé).",
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
    project = _project()
    started = time.perf_counter()
    from livrables.pipeline.skip import Precheck

    if "pdf" in formats and soffice() is None:
        click.echo(f"livrables : {INSTALL_HINT}.", err=True)
        return USAGE_ERROR
    if not formats:
        formats = default_formats()
        if "pdf" not in formats:
            click.echo(f"{INSTALL_HINT}.", err=True)
    precheck = Precheck(project, formats, interne)
    if not force:
        count = precheck.all_unchanged(list(slugs))
        if count is not None:
            seconds = f"{time.perf_counter() - started:.1f}".replace(".", ",")
            click.echo(f"0 livrable produit, {count} à jour, 0 en échec — {seconds} s.")
            return 0
    from livrables.pipeline.run import build

    progress = _progress_bar if sys.stderr.isatty() else None
    result = build(project, list(slugs), formats, interne, force, jobs, progress, precheck)
    if progress:
        click.echo("\r\033[K", nl=False, err=True)
    failed = _print_report(result.report)
    for path in result.written:
        click.echo(f"écrit : {display_path(path)}")
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

    report, _marque, _missions = check(_project(), list(slugs))
    failed = _print_report(report, strict)
    click.echo(
        ("Échec : " if failed else "Contenus valides : ") + _counts(report) + ".", err=failed
    )
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
    """Créer une nouvelle mission, prête à remplir, avec ses sept livrables."""
    from livrables.scaffold import ScaffoldError, create_mission

    project = _project()
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
    """Écrire les schémas JSON des fichiers de contenu, pour l'éditeur (VS Code)."""
    from livrables.schemas import SCHEMA_DIR, write_schemas

    project = _project()
    for path in write_schemas(out or project.root / SCHEMA_DIR):
        click.echo(f"écrit : {display_path(path)}")
    return 0


@cli.command("list")
def list_command() -> int:
    """Lister les missions et leurs livrables."""
    from livrables.content.models import LIBELLES_STATUT
    from livrables.pipeline.run import load, select_missions

    project = _project()
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
            )
        if report.errors:
            click.echo(f"  … et des livrables en erreur (lancez « livrables check {root.name} »)")
    return 0


def main() -> NoReturn:
    cli.main(prog_name="livrables")
    raise SystemExit(0)  # cli.main always exits; this line keeps type checkers honest
