"""click in French: help screens, usage errors and value errors in the consultants' language.

Exit codes: 0 success, 1 content errors, 2 usage errors (click's own English handling is off).
"""

from __future__ import annotations

import os
import re
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import click

from livrables.errors import Report
from livrables.pipeline.project import Project, find_project

USAGE_ERROR = 2
CONTENT_ERROR = 1
COMMANDS = (
    "build, check, classeur, comparer, envoyer, list, new, preview, retours, schema, serveur, "
    "traduire"
)


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
        params = self.get_params(ctx)  # type: ignore[attr-defined]
        records = [_french_record(r) for p in params if (r := p.get_help_record(ctx))]
        if records:
            with formatter.section("Options "):
                formatter.write_dl(records)
        if isinstance(self, click.Group):
            commands = [
                (name, cmd.get_short_help_str(60))
                for name in self.list_commands(ctx)
                if (cmd := self.get_command(ctx, name)) is not None and not cmd.hidden
            ]
            if commands:
                with formatter.section("Commandes "):
                    formatter.write_dl(commands)


_WORDS = {
    "TEXT": "TEXTE",
    "INTEGER RANGE": "N",
    "INTEGER": "N",
    "PATH": "CHEMIN",
    "DIRECTORY": "DOSSIER",
    "FILE": "FICHIER",
}


def _french_record(record: tuple[str, str]) -> tuple[str, str]:
    """click's English words in an option's help line ("[required]", "TEXT", "0<=x<=9")."""
    names, help_text = record
    for english, french in _WORDS.items():
        names = re.sub(rf"\b{english}\b", french, names)
    help_text = help_text.replace("[required]", "[obligatoire]")
    help_text = help_text.replace("default:", "par défaut :")
    help_text = re.sub(r"\[(\d+)<=x<=(\d+)\]", r"[de \1 à \2]", help_text)
    help_text = re.sub(r"\[x>=(\d+)\]", r"[au moins \1]", help_text)
    return names, help_text


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
        message = f"commande inconnue « {name} » (commandes : {COMMANDS})"
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


def project_here() -> Project:
    """The repository of missions this command runs in; a usage error when there is none."""
    project = find_project(Path.cwd())
    if project is None:
        click.echo(
            "livrables : erreur : aucun dépôt de missions ici (il faut un fichier "
            "templates/marque.yaml dans ce dossier ou au-dessus)",
            err=True,
        )
        raise SystemExit(USAGE_ERROR)
    return project


def print_report(report: Report, strict: bool = False) -> bool:
    """Print every diagnostic on stderr; True when the run must fail."""
    for diagnostic in report.sorted():
        click.echo(diagnostic.format(), err=True)
    errors, warnings = len(report.errors), len(report.warnings)
    return errors > 0 or (strict and warnings > 0)
