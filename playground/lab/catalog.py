"""The labs that ship with the playground, found in the content dir (wheel or checkout)."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from playground.lab.context import LabError
from playground.lab.loader import LabProblem, validate_path
from playground.lab.model import Lab
from playground.lab.registry import ACTIONS, CHECKS, FUNCTIONS, load_builtins
from playground.locations import content_dir

_LEVELS = {"beginner": 0, "intermediate": 1, "advanced": 2}


class UnknownLab(LabError):
    """No lab has that id."""


@dataclass
class Catalog:
    labs: list[Lab] = field(default_factory=list)
    """Valid labs, easiest first."""
    problems: list[LabProblem] = field(default_factory=list)
    """Files that could not be loaded; `playground labs validate` explains them."""

    def get(self, lab_id: str) -> Lab:
        for lab in self.labs:
            if lab.id == lab_id:
                return lab
        known = ", ".join(lab.id for lab in self.labs) or "none found"
        raise UnknownLab(f"unknown lab {lab_id!r} (labs: {known})")


def labs_dir() -> Path:
    return content_dir("labs")


_cache: dict[Path, tuple[tuple[tuple[str, int, int], ...], Catalog]] = {}


def _stamp(path: Path) -> tuple[tuple[str, int, int], ...]:
    """Files and their versions, plus the registries' sizes (a new check kind can fix a lab)."""
    load_builtins()
    files = sorted(path.glob("*.y*ml")) if path.is_dir() else [path]
    stamps = [("", len(CHECKS) + len(ACTIONS), len(FUNCTIONS))]
    for file in files:
        try:
            stat = file.stat()
        except OSError:
            continue
        stamps.append((file.name, stat.st_mtime_ns, stat.st_size))
    return tuple(stamps)


def load_catalog(path: Path | None = None) -> Catalog:
    """Never raises for bad content: broken files are listed in `problems`, not fatal.

    Cached until a file changes, since the home and lab screens ask on the UI thread.
    """
    where = path or labs_dir()
    stamp = _stamp(where)
    cached = _cache.get(where)
    if cached is not None and cached[0] == stamp:
        return Catalog(list(cached[1].labs), list(cached[1].problems))
    labs, problems = validate_path(where)
    labs.sort(key=lambda lab: (_LEVELS[lab.level], lab.minutes, lab.id))
    catalog = Catalog(labs, problems)
    _cache[where] = (stamp, catalog)
    return Catalog(list(labs), list(problems))
