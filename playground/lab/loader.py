"""Read lab YAML files and report every problem with file, line and field."""

from __future__ import annotations

import difflib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from playground.lab.context import VARIABLES, find_unknown_variables
from playground.lab.model import Lab
from playground.lab.registry import ACTIONS, CHECKS, FUNCTIONS, Registered, load_builtins
from playground.safe_yaml import Loc, YamlDocument, YamlProblem, field_path, read_yaml_file

__all__ = ["LabProblem", "field_path", "lab_files", "load_lab_file", "validate_path"]


@dataclass(frozen=True)
class LabProblem:
    """One thing wrong in a lab file, pointing at where to fix it."""

    file: Path
    line: int | None
    field: str
    message: str
    unreadable: bool = False
    """The file could not be read as text at all (missing, too big, binary)."""

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}" if self.line else str(self.file)
        text = f"{where}: {self.field}: {self.message}" if self.field else f"{where}: {self.message}"
        return " ".join(text.splitlines())  # one problem, one line, whatever the file held


class _Collector:
    def __init__(self, path: Path, document: YamlDocument) -> None:
        self.path = path
        self.document = document
        self.problems: list[LabProblem] = []

    def add(self, loc: Loc, message: str) -> None:
        self.problems.append(LabProblem(self.path, self.document.line_of(loc), field_path(loc),
                                        message))

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
    listed = data.get("services")
    services = {s for s in listed if isinstance(s, str)} if isinstance(listed, list) else set()
    seen: set[str] = set()
    for i, step in _dicts(data.get("steps")):
        step_id = step.get("id")
        if isinstance(step_id, str):
            if step_id in seen:
                out.add(("steps", i, "id"), f"step id {step_id!r} is used twice")
            seen.add(step_id)
        _check_step(out, i, step, services)


def load_lab_file(path: Path) -> tuple[Lab | None, list[LabProblem]]:
    """The lab in `path`, or None and the problems that stop it loading. Never raises for
    what the file holds: size, encoding, aliases and nesting are refused in safe_yaml."""
    load_builtins()
    try:
        document = read_yaml_file(path)
    except YamlProblem as exc:
        return None, [LabProblem(path, exc.line, field_path(exc.loc), exc.message, exc.unreadable)]
    out = _Collector(path, document)
    data = document.data
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
        return [], [LabProblem(path, None, "", "no such file or directory", unreadable=True)]
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
