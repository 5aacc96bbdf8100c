"""`livrables serveur etat|arreter`: the background server a consultant may have running, shown
and stopped (servers.py says where servers live and what they hold)."""

from __future__ import annotations

import datetime as dt
import sys
import time

import click

from livrables.cli_french import CONTENT_ERROR, Group
from livrables.servers import Running, running, stop

NONE_HERE = "Aucun serveur en marche."
NO_FORK = "Pas de serveur sous Windows : chaque commande s'exécute seule."


@click.group("serveur", cls=Group)
def serveur_group() -> None:
    """Voir ou arrêter le serveur qui garde l'outil chargé entre les commandes."""


@serveur_group.command("etat")
def etat_command() -> int:
    """Afficher les serveurs en marche : processus, version du code, depuis quand, mémoire."""
    if sys.platform == "win32":
        click.echo(NO_FORK)
        return 0
    found = running()
    if not found:
        click.echo(NONE_HERE)
        return 0
    for server in found:
        click.echo(describe(server))
    return 0


@serveur_group.command("arreter")
def arreter_command() -> int:
    """Arrêter les serveurs en marche et les commandes qu'ils exécutent."""
    if sys.platform == "win32":
        click.echo(NO_FORK)
        return 0
    found = running()
    if not found:
        click.echo(NONE_HERE)
        return 0
    failed = False
    for server in found:
        if stop(server):
            click.echo(f"Serveur arrêté (processus {server.pid}).")
        else:
            click.echo(f"livrables : le serveur {server.pid} ne s'est pas arrêté.", err=True)
            failed = True
    return CONTENT_ERROR if failed else 0


def describe(server: Running) -> str:
    since = dt.datetime.fromtimestamp(server.since).strftime("%d/%m/%Y à %H:%M")
    minutes = max(0, int((time.time() - server.since) // 60))
    memory = f", {server.memory / 2**20:.0f} Mo" if server.memory is not None else ""
    code = "le code de cette installation" if server.is_current() else "un autre code (ancien)"
    commands = {0: "aucune commande en cours", 1: "1 commande en cours"}.get(
        server.commands, f"{server.commands} commandes en cours"
    )
    return (
        f"Serveur en marche : processus {server.pid}, {code} (clé {server.key[:12]}), depuis le "
        f"{since} ({minutes} min){memory}, {commands}."
    )
