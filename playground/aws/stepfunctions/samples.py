"""The sample state machines shipped in assets/stepfunctions: a definition and an input each."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from playground.aws.stepfunctions.validate import parse_json
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
        if path.name.endswith(".input.json") or not path.is_file():
            continue
        text = path.read_text(errors="replace")
        value, _ = parse_json(text)  # a broken sample is still offered: Create names its problems
        about = value.get("Comment") if isinstance(value, dict) else None
        about = about if isinstance(about, str) else ""
        given = path.with_name(f"{path.stem}.input.json")
        out.append(Sample(path.stem, about, text, given.read_text(errors="replace").strip()
                          if given.is_file() else "{}"))
    return out
