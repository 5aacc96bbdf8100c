"""Method warnings: the content is valid, but the firm's method asks for more.

They do not stop a build (exit 0); `livrables check --strict` turns them into errors.
"""

from __future__ import annotations

from livrables.content.models import Action
from livrables.content.referentiel import Referentiel
from livrables.errors import Report


def check_method(ref: Referentiel, report: Report) -> None:
    for entry in ref.entries.values():
        action = entry.entity
        if isinstance(action, Action) and action.contributeurs:
            problems = raci_problems(action)
            if problems:
                line, col = entry.located.position((*entry.loc, "contributeurs"))
                report.warning(
                    entry.located.path,
                    line,
                    col,
                    f"{entry.loc[0]}[{entry.loc[1]}].contributeurs : règle RACI non respectée "
                    f"pour « {action.id} » ({', '.join(problems)}) : une action a exactement un "
                    "« A » et au moins un « R »",
                )


def raci_problems(action: Action) -> list[str]:
    """The RACI rule: exactly one A (accountable), at least one R (responsible)."""
    roles = [c.role for c in action.contributeurs]
    problems = []
    if roles.count("A") != 1:
        problems.append(f"{roles.count('A')} « A »")
    if "R" not in roles:
        problems.append("aucun « R »")
    return problems
