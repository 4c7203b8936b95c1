"""The sample state machines shipped in assets/stepfunctions: a definition and an input each."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from playground.locations import content_dir


@dataclass(frozen=True)
class Sample:
    key: str
    """The file name without .json, also the default state machine name."""
    about: str
    definition: str
    input: str


def samples_dir() -> Path:
    return content_dir("assets") / "stepfunctions"


ORDER = ["order-flow", "retry-catch", "approval"]
"""The order samples are offered in (simplest first); any other file comes after, by name."""


def _rank(path: Path) -> tuple[int, str]:
    return (ORDER.index(path.stem) if path.stem in ORDER else len(ORDER), path.stem)


def load_samples(folder: Path | None = None) -> list[Sample]:
    folder = folder or samples_dir()
    out = []
    for path in sorted(folder.glob("*.json"), key=_rank):
        if path.name.endswith(".input.json"):
            continue
        text = path.read_text()
        about = str(json.loads(text).get("Comment", ""))
        given = path.with_name(f"{path.stem}.input.json")
        out.append(Sample(path.stem, about, text, given.read_text().strip()
                          if given.exists() else "{}"))
    return out
