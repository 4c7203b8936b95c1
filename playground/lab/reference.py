"""The reference of every check kind, action and `python:` function in labs/README.md, written
from the registry so it says what the code accepts (scripts/lab_reference.py rewrites it)."""

from __future__ import annotations

import json
import types
from pathlib import Path
from typing import Any, Literal, Union, get_args, get_origin

from playground.lab.model import Service
from playground.lab.registry import (
    ACTIONS,
    BUILTIN_MODULES,
    CHECKS,
    FUNCTIONS,
    Registered,
    load_builtins,
)

BEGIN = ("<!-- lab reference: generated from the registry by `.venv/bin/python "
         "scripts/lab_reference.py`; edit the docstrings, not this section -->")
END = "<!-- end of lab reference -->"
COMMAND = ".venv/bin/python scripts/lab_reference.py"

_NAMES: dict[Any, str] = {str: "string", int: "integer", float: "number", bool: "boolean",
                          Any: "any", type(None): "null"}


def type_text(hint: Any) -> str:
    """A parameter's type in YAML words: `string`, `list of string`, `STANDARD | EXPRESS`."""
    origin, args = get_origin(hint), get_args(hint)
    if origin is Literal:
        return " | ".join(str(a) for a in args)
    if origin in (Union, types.UnionType):
        return " or ".join(type_text(a) for a in args if a is not type(None))
    if origin is list:
        return f"list of {type_text(args[0])}" if args else "list"
    if origin is dict:
        return "mapping" if not args or args[1] is Any else f"mapping of {type_text(args[1])}"
    return _NAMES.get(hint, getattr(hint, "__name__", str(hint)))


def _default_text(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (dict, list)):
        return json.dumps(value)
    return str(value)


def parameters_text(entry: Registered) -> str:
    """`queue`: string, `attribute`?: string, `count`: visible | ... = visible."""
    out = []
    for name, field in entry.params.model_fields.items():
        if field.is_required():
            out.append(f"`{name}`: {type_text(field.annotation)}")
        elif field.default is None:
            out.append(f"`{name}`?: {type_text(field.annotation)}")
        else:
            out.append(f"`{name}`: {type_text(field.annotation)} = {_default_text(field.default)}")
    return ", ".join(out) or "none"


def builtins(table: dict[str, Registered]) -> list[Registered]:
    """What ships in `table` (not what tests or plugins registered), service by service."""
    order = {service: i for i, service in enumerate(get_args(Service))}
    found = [entry for entry in table.values() if entry.func.__module__ in BUILTIN_MODULES]
    return sorted(found, key=lambda e: order.get(e.service or "", len(order)))


def _cell(text: str) -> str:
    return text.replace("|", "\\|")


def _table(title: str, key: str, what: str, entries: list[Registered]) -> list[str]:
    lines = [f"### {title}", "", f"| {key} | service | parameters | {what} |", "|---|---|---|---|"]
    for entry in entries:
        lines.append(f"| `{entry.name}` | {entry.service or ''} | "
                     f"{_cell(parameters_text(entry))} | {_cell(entry.summary)} |")
    return [*lines, ""]


def reference_markdown() -> str:
    """The section between the markers, markers included."""
    load_builtins()
    lines = [
        BEGIN, "",
        "`name`?: optional; `= value`: the default when it is left out. Each kind's code is in "
        "`playground/lab/checks/<service>.py`, each action's and function's in "
        "`playground/lab/actions/<service>.py`; the last column is its docstring's first line.",
        "",
        *_table("Check kinds", "kind", "passes when", builtins(CHECKS)),
        *_table("Solution actions", "action", "does", builtins(ACTIONS)),
        *_table("`python:` functions", "python", "does", builtins(FUNCTIONS)),
        END,
    ]
    return "\n".join(lines)


def with_reference(text: str) -> str:
    """`text` (the README) with the section between the markers written afresh."""
    start, end = text.find(BEGIN), text.find(END)
    if start < 0 or end < start:
        raise ValueError(f"the README needs the lines {BEGIN!r} and {END!r}, in that order")
    return text[:start] + reference_markdown() + text[end + len(END):]


def update_readme(path: Path) -> bool:
    """Rewrite the reference in `path`; True when it changed."""
    text = path.read_text(encoding="utf-8")
    new = with_reference(text)
    if new != text:
        path.write_text(new, encoding="utf-8")
    return new != text
