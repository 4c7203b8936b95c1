"""Lab progress: steps passed, per lab and per target (kind + account), in a JSON file."""

from __future__ import annotations

import json
import os
import tempfile
import threading
from pathlib import Path
from typing import Any

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

    def _read(self) -> dict[str, Any]:
        try:
            data = json.loads(self.path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return {}
        progress = data.get("progress") if isinstance(data, dict) else None
        return progress if isinstance(progress, dict) else {}

    def _write(self, progress: dict[str, Any]) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=self.path.parent, prefix=".lab-progress-")
        with os.fdopen(fd, "w", encoding="utf-8") as f:
            json.dump({"version": 1, "progress": progress}, f, indent=2, sort_keys=True)
        os.replace(tmp, self.path)

    def passed(self, key: str, lab_id: str) -> list[str]:
        with _LOCK:
            entry = self._read().get(key, {}).get(lab_id, {})
        steps = entry.get("passed", []) if isinstance(entry, dict) else []
        return [str(s) for s in steps]

    def all_passed(self, key: str) -> dict[str, list[str]]:
        with _LOCK:
            labs = self._read().get(key, {})
        return {lab: [str(s) for s in entry.get("passed", [])]
                for lab, entry in labs.items() if isinstance(entry, dict)}

    def mark_passed(self, key: str, lab_id: str, step_id: str) -> None:
        with _LOCK:
            progress = self._read()
            entry = progress.setdefault(key, {}).setdefault(lab_id, {"passed": []})
            if step_id not in entry["passed"]:
                entry["passed"].append(step_id)
                self._write(progress)

    def clear(self, key: str, lab_id: str) -> None:
        with _LOCK:
            progress = self._read()
            if progress.get(key, {}).pop(lab_id, None) is not None:
                self._write(progress)
