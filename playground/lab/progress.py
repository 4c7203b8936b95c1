"""Lab progress: steps passed, per lab and per target (kind + account), in a JSON file."""

from __future__ import annotations

import json
import os
import tempfile
import threading
from pathlib import Path

from playground.locations import data_dir
from playground.targets.base import Target

FILE_NAME = "lab-progress.json"
_LOCK = threading.Lock()


def progress_key(target: Target) -> str:
    """`embedded:000000000000`: the same lab on another account is another attempt."""
    return f"{target.kind.value}:{target.account_id or 'unknown'}"


class ProgressStore:
    """Small and rewritten whole on each change; a broken file counts as no progress."""

    def __init__(self, path: Path | None = None) -> None:
        self.path = path or data_dir() / FILE_NAME

    def _read(self) -> dict[str, dict[str, list[str]]]:
        """Target key -> lab id -> passed step ids; whatever does not have that shape is dropped."""
        try:
            data = json.loads(self.path.read_text(encoding="utf-8"))
        except (OSError, ValueError, RecursionError):
            return {}
        progress = data.get("progress") if isinstance(data, dict) else None
        if not isinstance(progress, dict):
            return {}
        out: dict[str, dict[str, list[str]]] = {}
        for key, labs in progress.items():
            if not isinstance(labs, dict):
                continue
            out[key] = {}
            for lab_id, entry in labs.items():
                steps = entry.get("passed") if isinstance(entry, dict) else None
                if isinstance(steps, list):
                    out[key][lab_id] = [s for s in steps if isinstance(s, str)]
        return out

    def _write(self, progress: dict[str, dict[str, list[str]]]) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        stored = {key: {lab: {"passed": steps} for lab, steps in labs.items()}
                  for key, labs in progress.items()}
        fd, tmp = tempfile.mkstemp(dir=self.path.parent, prefix=".lab-progress-")
        with os.fdopen(fd, "w", encoding="utf-8") as f:
            json.dump({"version": 1, "progress": stored}, f, indent=2, sort_keys=True)
        os.replace(tmp, self.path)

    def passed(self, key: str, lab_id: str) -> list[str]:
        """Where the learner got to: steps that passed once. Never proof that they still do."""
        with _LOCK:
            return self._read().get(key, {}).get(lab_id, [])

    def all_passed(self, key: str) -> dict[str, list[str]]:
        with _LOCK:
            return self._read().get(key, {})

    def mark_passed(self, key: str, lab_id: str, step_id: str) -> None:
        with _LOCK:
            progress = self._read()
            steps = progress.setdefault(key, {}).setdefault(lab_id, [])
            if step_id not in steps:
                steps.append(step_id)
                self._write(progress)

    def clear(self, key: str, lab_id: str) -> None:
        with _LOCK:
            progress = self._read()
            if progress.get(key, {}).pop(lab_id, None) is not None:
                self._write(progress)
