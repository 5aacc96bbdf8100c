"""What a consultant did wrong in a YAML file, said in French where the parser gave up: a key
indented between two levels, an apostrophe inside apostrophes, a « : » or a « , » inside a value
between { }, and PyYAML's English messages translated."""

from __future__ import annotations

import re

import yaml
from yaml.nodes import Node, ScalarNode


def _comma_in_value(key_node: ScalarNode, value_node: Node) -> bool:
    """`{source: Région, appel, montant: 3}`: « appel » is a key without « : » nor value."""
    return (
        isinstance(value_node, ScalarNode)
        and value_node.value == ""
        and not value_node.style  # plain (None, or "" from libyaml)
        and value_node.start_mark.index == key_node.end_mark.index
    )


_FLOW_COLON = re.compile(r"expected ',' or '[}\]]', but got ':'")


def _colon_in_flow_value(row: str, colon: int) -> tuple[int, str] | None:
    """(column, message) for a « : » inside a value between { }: the value to quote."""
    start = max(row.rfind("{", 0, colon), row.rfind("[", 0, colon), row.rfind(",", 0, colon)) + 1
    key_colon = row.find(":", start, colon)
    if key_colon < 0:
        return None
    key = row[start:key_colon].strip()
    value_start = key_colon + 1
    while value_start < len(row) and row[value_start] == " ":
        value_start += 1
    ends = [i for i in (row.find(",", colon), row.find("}", colon)) if i >= 0]
    value = row[value_start : min(ends) if ends else len(row)].strip()
    return value_start, (
        f"erreur de syntaxe YAML : la valeur de « {key} » contient « : » entre {{ }} ; "
        f'mettez-la entre guillemets : {key}: "{value}"'
    )


_QUOTE_IT = "mettez la valeur entre guillemets"
_PROBLEMS = {
    "found character '\\t' that cannot start any token": (
        "tabulation interdite : indentez avec des espaces"
    ),
    "mapping values are not allowed here": (
        "« : » inattendu (une valeur contenant « : » doit être entre guillemets)"
    ),
    "found unexpected ':'": (
        "« : » inattendu (une valeur contenant « : » doit être entre guillemets)"
    ),
    "could not find expected ':'": "« : » attendu après la clé",
    "found undefined alias": "alias YAML inconnu",
    "expected <block end>, but found '-'": "élément de liste mal indenté",
    "expected <block end>, but found '<block mapping start>'": "indentation incohérente",
    "expected <block end>, but found '<scalar>'": "indentation incohérente",
    "found unexpected end of stream": "fin de fichier inattendue (guillemet non refermé ?)",
    "expected a single document in the stream": (
        "un seul document YAML attendu par fichier (« --- » en trop ?)"
    ),
    "found character '@' that cannot start any token": f"« @ » en début de valeur : {_QUOTE_IT}",
    "found character '`' that cannot start any token": f"« ` » en début de valeur : {_QUOTE_IT}",
    "found character '%' that cannot start any token": f"« % » en début de valeur : {_QUOTE_IT}",
}


_STRUCTURE = (
    "mapping values are not allowed here",
    "expected <block end>",
    "could not find expected ':'",
    "found unexpected ':'",
)
_KEY = re.compile(r"^( *)(- +)?([^\s#'\"][^:#]*?):(?:\s|$)")
_SINGLE_QUOTED = re.compile(r":\s+'(.*)$")


def diagnose(text: str, error_line: int) -> tuple[int, int, str] | None:
    """What a consultant did, near where the parser gave up: an apostrophe inside a text
    between apostrophes, or a key indented more or less than the keys beside it.
    Returns (line, column, message), 0-based, or None to keep the parser's own message."""
    lines = text.split("\n")
    for row in range(max(0, error_line - 3), min(error_line + 1, len(lines))):
        quoted = _SINGLE_QUOTED.search(lines[row])
        if quoted and quoted.group(1).replace("''", "").count("'") >= 2:
            inner = quoted.group(1).replace("''", "")
            column = lines[row].index(quoted.group(0)) + 3 + inner.index("'")
            return (
                row,
                column,
                (
                    "apostrophe dans un texte entre apostrophes : doublez-la (« d''actions ») "
                    'ou mettez le texte entre guillemets (« "Plan d\'actions" »)'
                ),
            )
    for row in range(min(error_line, len(lines) - 1), 0, -1):
        key = _KEY.match(lines[row])
        if key is None:
            continue
        indent = len(key.group(1))
        previous = _sibling(lines, row)
        dedent = previous is not None and indent < previous[1] and _level_exists(lines, row, indent)
        if previous is not None and previous[1] != indent and not previous[2] and not dedent:
            where = "plus" if indent > previous[1] else "moins"
            target = previous if indent > previous[1] else _level_below(lines, row, indent)
            return (
                row,
                indent,
                (
                    f"indentation : clé « {key.group(3).strip()} » en colonne {indent + 1}, "
                    f"{where} en retrait que « {previous[3]} » (ligne {previous[0] + 1}) ; "
                    f"alignez-la en colonne {target[1] + 1}, comme « {target[3]} » "
                    f"(ligne {target[0] + 1})"
                ),
            )
        break
    return None


def _level_exists(lines: list[str], row: int, indent: int) -> bool:
    """Whether a key above `row` sits at `indent` (then going back to it ends a block)."""
    for above in range(row - 1, -1, -1):
        key = _KEY.match(lines[above])
        if key is None:
            continue
        level = len(key.group(1)) + len(key.group(2) or "")
        if level == indent:
            return True
        if level < indent:
            return False
    return False


def _level_below(lines: list[str], row: int, indent: int) -> tuple[int, int, bool, str]:
    """The nearest key above `row` indented less than `indent`: the level a key written
    between two levels belongs to (line, indent, opens a block, key)."""
    for above in range(row - 1, -1, -1):
        found = _sibling(lines, above + 1)
        if found is not None and found[0] == above and found[1] < indent:
            return found
    return (0, 0, True, "la première clé")


def _sibling(lines: list[str], row: int) -> tuple[int, int, bool, str] | None:
    """The key line just above `row`: (line, indent, opens a block, key)."""
    for above in range(row - 1, -1, -1):
        stripped = lines[above].split(" #", 1)[0].rstrip()
        if not stripped.strip() or stripped.lstrip().startswith("#"):
            continue
        key = _KEY.match(stripped)
        if key is None:
            return None
        indent = len(key.group(1)) + len(key.group(2) or "")
        return above, indent, stripped.endswith(":"), key.group(3).strip()
    return None


def _french_yaml_problem(exc: yaml.MarkedYAMLError) -> str:
    problem = (exc.problem or "").strip()
    for english, french in _PROBLEMS.items():
        if problem.startswith(english):
            return f"erreur de syntaxe YAML : {french}"
    if "expected" in problem and "quoted scalar" in (exc.context or ""):
        return "erreur de syntaxe YAML : guillemet non refermé"
    return f"erreur de syntaxe YAML : {problem or 'structure invalide'}"
