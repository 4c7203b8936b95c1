"""Read lab YAML files and report every problem with file, line and field."""

from __future__ import annotations

import difflib
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml
from pydantic import ValidationError

from playground.lab.context import VARIABLES, find_unknown_variables
from playground.lab.model import Lab
from playground.lab.registry import ACTIONS, CHECKS, FUNCTIONS, Registered, load_builtins

Loc = tuple[str | int, ...]


@dataclass(frozen=True)
class LabProblem:
    """One thing wrong in a lab file, pointing at where to fix it."""

    file: Path
    line: int | None
    field: str
    message: str

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}" if self.line else str(self.file)
        return f"{where}: {self.field}: {self.message}" if self.field else f"{where}: {self.message}"


def field_path(loc: Iterable[str | int]) -> str:
    """`('steps', 0, 'checks', 1, 'kind')` as `steps[0].checks[1].kind`."""
    out = ""
    for part in loc:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out


def node_lines(node: yaml.Node, path: Loc = ()) -> dict[Loc, int]:
    """Line (1-based) of every key and list item in a composed YAML document."""
    lines: dict[Loc, int] = {path: node.start_mark.line + 1}
    if isinstance(node, yaml.MappingNode):
        for key, value in node.value:
            sub = (*path, str(key.value))
            lines.update(node_lines(value, sub))
            lines[sub] = key.start_mark.line + 1
    elif isinstance(node, yaml.SequenceNode):
        for i, item in enumerate(node.value):
            lines.update(node_lines(item, (*path, i)))
    return lines


class _Collector:
    def __init__(self, path: Path, lines: dict[Loc, int]) -> None:
        self.path = path
        self.lines = lines
        self.problems: list[LabProblem] = []

    def line_of(self, loc: Loc) -> int | None:
        while True:
            if loc in self.lines:
                return self.lines[loc]
            if not loc:
                return None
            loc = loc[:-1]

    def add(self, loc: Loc, message: str) -> None:
        self.problems.append(LabProblem(self.path, self.line_of(loc), field_path(loc), message))

    def add_validation(self, base: Loc, exc: ValidationError) -> None:
        for err in exc.errors():
            loc = (*base, *(p for p in err["loc"] if isinstance(p, (str, int))))
            message = err["msg"]
            self.add(loc, message[:1].lower() + message[1:])


def _unknown(kind: str, name: str, table: dict[str, Registered]) -> str:
    close = difflib.get_close_matches(name, table, n=1)
    if close:
        return f"unknown {kind} {name!r} (did you mean {close[0]}?)"
    return f"unknown {kind} {name!r} (known: {', '.join(sorted(table)) or 'none registered'})"


def _check_params(out: _Collector, loc: Loc, entry: Registered, params: dict[str, Any]) -> None:
    try:
        entry.validate(params)
    except ValidationError as exc:
        out.add_validation(loc, exc)
    known = ", ".join(f"{{{v}}}" for v in VARIABLES)
    for key, value in params.items():
        for name in find_unknown_variables(value):
            out.add((*loc, key), f"unknown variable {{{name}}} (known: {known})")


def _dicts(value: Any) -> list[tuple[int, dict[str, Any]]]:
    return [(i, v) for i, v in enumerate(value) if isinstance(v, dict)] if isinstance(value, list) else []


def _check_step(out: _Collector, i: int, step: dict[str, Any], services: set[str]) -> None:
    """Check kinds, actions and their parameters: what the schema alone cannot see."""
    for j, spec in _dicts(step.get("checks")):
        loc: Loc = ("steps", i, "checks", j)
        kind = spec.get("kind")
        if not isinstance(kind, str):
            continue  # the schema reports it
        found = CHECKS.get(kind)
        if found is None:
            out.add((*loc, "kind"), _unknown("check kind", kind, CHECKS))
            continue
        if found.service and found.service not in services:
            out.add((*loc, "kind"), f"{kind} checks {found.service}, which is not in the "
                                    "lab's services")
        _check_params(out, loc, found, {k: v for k, v in spec.items() if k != "kind"})
    for j, act in _dicts(step.get("solution")):
        loc = ("steps", i, "solution", j)
        key = "action" if "action" in act else "python"
        name = act.get(key)
        if not isinstance(name, str) or ("action" in act and "python" in act):
            continue  # the schema reports it
        table, word = (ACTIONS, "action") if key == "action" else (FUNCTIONS, "python function")
        entry = table.get(name)
        if entry is None:
            out.add((*loc, key), _unknown(word, name, table))
            continue
        _check_params(out, loc, entry, {k: v for k, v in act.items() if k != key})
        created = act.get(entry.creates) if entry.creates else None
        if isinstance(created, str) and not created.startswith("{prefix}"):
            out.add((*loc, entry.creates or ""), f"{created!r} must start with {{prefix}} so "
                    "`lab reset` can find and delete it")


def _check_semantics(data: dict[str, Any], out: _Collector) -> None:
    """Runs on the raw data even when the schema failed, so one pass shows every problem."""
    lab_id = data.get("id")
    if isinstance(lab_id, str) and lab_id != out.path.stem:
        out.add(("id",), f"id {lab_id!r} does not match the file name {out.path.name!r}")
    services = {s for s in data.get("services") or [] if isinstance(s, str)}
    seen: set[str] = set()
    for i, step in _dicts(data.get("steps")):
        step_id = step.get("id")
        if isinstance(step_id, str):
            if step_id in seen:
                out.add(("steps", i, "id"), f"step id {step_id!r} is used twice")
            seen.add(step_id)
        _check_step(out, i, step, services)


_Loader: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
"""libyaml when PyYAML has it: the catalog loads on the UI thread."""


def _parse(text: str) -> tuple[yaml.Node | None, Any]:
    """One parse for both the data and the line marks of every key."""
    loader = _Loader(text)
    try:
        node = loader.get_single_node()
        return node, loader.construct_document(node) if node is not None else None
    finally:
        loader.dispose()


def load_lab_file(path: Path) -> tuple[Lab | None, list[LabProblem]]:
    """The lab in `path`, or None and the problems that stop it loading."""
    load_builtins()
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        return None, [LabProblem(path, None, "", f"cannot read: {exc}")]
    try:
        node, data = _parse(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 1 if mark is not None else None
        what = getattr(exc, "problem", None) or str(exc).splitlines()[0]
        return None, [LabProblem(path, line, "", f"not valid YAML: {what}")]
    out = _Collector(path, node_lines(node) if node is not None else {})
    if not isinstance(data, dict):
        out.add((), "a lab file must be a mapping with id, title, steps, ...")
        return None, out.problems
    lab: Lab | None = None
    try:
        lab = Lab.model_validate(data)
    except ValidationError as exc:
        out.add_validation((), exc)
    _check_semantics(data, out)
    problems = sorted(out.problems, key=lambda p: p.line or 0)
    return (None, problems) if problems else (lab, [])


def lab_files(path: Path) -> list[Path]:
    return sorted(path.glob("*.yaml")) + sorted(path.glob("*.yml")) if path.is_dir() else [path]


def validate_path(path: Path) -> tuple[list[Lab], list[LabProblem]]:
    """Every lab under `path` (a directory or one file) and every problem found."""
    if not path.exists():
        return [], [LabProblem(path, None, "", "no such file or directory")]
    labs: list[Lab] = []
    problems: list[LabProblem] = []
    for file in lab_files(path):
        lab, found = load_lab_file(file)
        problems += found
        if lab is not None:
            labs.append(lab)
    owners: dict[str, str] = {}
    for lab in labs:
        if lab.prefix in owners:
            problems.append(LabProblem(path / f"{lab.id}.yaml" if path.is_dir() else path, None,
                                       "prefix", f"prefix {lab.prefix!r} is also used by "
                                       f"{owners[lab.prefix]}: reset would delete each other's"))
        owners.setdefault(lab.prefix, lab.id)
    return labs, problems
