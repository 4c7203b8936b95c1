"""Writing a recording as it happens: one line an event, flushed, so a crash keeps the rest."""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import IO, Any

from playground.aws.redact import redact
from playground.recording.model import FORMAT, VERSION


class RecordingWriter:
    """Appends events to a new recording; safe to call from workers and the event loop."""

    def __init__(self, path: str | Path, *, app_version: str, size: tuple[int, int],
                 target: str, overwrite: bool = False,
                 clock: Callable[[], float] = time.monotonic) -> None:
        self.path = str(path)
        self._file: IO[str] | None = open(  # noqa: SIM115 (closed by close())
            path, "w" if overwrite else "x", encoding="utf-8", newline="\n")
        self._lock = threading.Lock()
        self._clock = clock
        self._start = clock()
        self.lines = 0
        self._last_key_at: int | None = None
        self._write({"format": FORMAT, "version": VERSION, "app_version": app_version,
                     "size": list(size), "target": target})

    def key(self, key: str) -> None:
        self._event({"key": key}, is_key=True)

    def drop_last_key(self) -> None:
        """Take back the key just written, if nothing came after it: the key that quit the app
        ends the recording, it is not part of the show (a replay ends in the app)."""
        with self._lock:
            if self._file is not None and self._last_key_at is not None:
                self._file.seek(self._last_key_at)
                self._file.truncate()
                self._file.flush()
                self._last_key_at = None
                self.lines -= 1

    def paste(self, text: str) -> None:
        self._event({"paste": text})

    def screen(self, name: str, lab: str | None = None) -> None:
        self._event({"screen": name, **({"lab": lab} if lab is not None else {})})

    def call(self, service: str, operation: str, params: dict[str, Any],
             error: str | None = None) -> None:
        call = {"service": service, "operation": operation, "params": redact(params)}
        if error is not None:
            call["error"] = error
        self._event({"call": call})

    def close(self) -> None:
        with self._lock:
            if self._file is not None:
                self._file.close()
                self._file = None

    def _event(self, event: dict[str, Any], is_key: bool = False) -> None:
        with self._lock:  # the time is taken under the lock, so lines stay in time order
            at = self._file.tell() if is_key and self._file is not None else None
            self._write_locked({"t": round(max(0.0, self._clock() - self._start), 3), **event})
            self._last_key_at = at

    def _write(self, value: dict[str, Any]) -> None:
        with self._lock:
            self._write_locked(value)
            self._last_key_at = None

    def _write_locked(self, value: dict[str, Any]) -> None:
        if self._file is None:
            return
        self._file.write(json.dumps(value, default=_plain, ensure_ascii=True) + "\n")
        self._file.flush()
        self.lines += 1


def _plain(value: Any) -> Any:
    """Parameters that are not JSON (bytes, datetimes) as text, so a call is always written."""
    if isinstance(value, bytes | bytearray):
        return value.decode("utf-8", "replace")
    return str(value)
