"""Reading a recording: every problem is one `FILE:LINE: problem`, found before anything runs."""

from __future__ import annotations

import json
import math
from collections.abc import Callable, Collection
from pathlib import Path
from typing import Any

from playground.recording.keys import is_key_name
from playground.recording.model import (
    FORMAT,
    VERSION,
    CallEvent,
    Event,
    Header,
    KeyEvent,
    PasteEvent,
    Recording,
    ScreenEvent,
)

MAX_BYTES = 64 * 1024 * 1024
"""A recording of a long talk is a few hundred kB; anything this big is not one."""
TARGETS = ("embedded", "localstack", "endpoint", "aws")
KINDS = ("key", "paste", "screen", "call")


class RecordingError(Exception):
    """A recording that cannot be replayed: the file, the line and the problem, in one line
    (line 0 when the file as a whole is the problem: missing, unreadable, too big)."""

    def __init__(self, path: str, line: int, problem: str) -> None:
        super().__init__(f"{path}:{line}: {problem}" if line else f"{path}: {problem}")
        self.path, self.line, self.problem = path, line, problem


Labs = Collection[str] | Callable[[], Collection[str] | None] | None
"""The lab ids that exist, or how to list them (asked once, when a line names a lab)."""


class _Bad(Exception):
    """A problem on the line being read (the caller adds the file and line)."""


def load_recording(path: str | Path, *, labs: Labs = None,
                   app_version: str | None = None) -> Recording:
    """The recording in `path`. `labs`: the lab ids that exist (a lab screen naming another is
    refused); `app_version`: refuse a file made by another version of the playground."""
    name = str(path)
    try:
        with open(path, "rb") as f:
            data = f.read(MAX_BYTES + 1)
    except FileNotFoundError:
        raise RecordingError(name, 0, "no such file") from None
    except IsADirectoryError:
        raise RecordingError(name, 0, "is a directory, not a recording") from None
    except OSError as exc:
        raise RecordingError(name, 0, f"cannot read it: {exc.strerror or exc}") from None
    if len(data) > MAX_BYTES:
        raise RecordingError(name, 0, f"larger than {MAX_BYTES // (1024 * 1024)} MiB: "
                                      "not a recording")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise RecordingError(name, data[:exc.start].count(b"\n") + 1,
                             f"not UTF-8 text (byte 0x{data[exc.start]:02x})") from None
    return parse_recording(text.removeprefix("\ufeff"), name, labs=labs,  # an editor's BOM
                           app_version=app_version)


def parse_recording(text: str, name: str = "<recording>", *,
                    labs: Labs = None,
                    app_version: str | None = None) -> Recording:
    """The recording `text` holds (JSON Lines: a header, then one event a line)."""
    lines = text.split("\n")
    header: Header | None = None
    events: list[Event] = []
    known: list[Collection[str] | None] = []

    def lab_ids() -> Collection[str] | None:
        if not known:
            known.append(labs() if callable(labs) else labs)
        return known[0]

    last_t = 0.0
    for number, raw in enumerate(lines, start=1):
        line = raw.removesuffix("\r")
        if not line.strip():
            continue
        try:
            try:
                value = _json(line)
            except _Bad as exc:
                if header is None:
                    raise _Bad(f"{exc}; a recording is JSON Lines (docs/recording.md)") from None
                raise
            if header is None:
                header = _header(value, app_version)
                continue
            event = _event(value, number, lab_ids)
            if event.t < last_t:
                raise _Bad(f"time goes backwards ({_num(event.t)} s after {_num(last_t)} s)")
        except _Bad as exc:
            raise RecordingError(name, number, str(exc)) from None
        last_t = event.t
        events.append(event)
    if header is None:
        raise RecordingError(name, 1, "empty: a recording starts with its header line")
    return Recording(name, header, events)


def _num(t: float) -> str:
    return f"{t:.3f}".rstrip("0").rstrip(".")


def _json(line: str) -> Any:
    def no_constant(word: str) -> Any:
        raise _Bad(f"{word} is not a number JSON allows")

    try:
        value = json.loads(line, parse_constant=no_constant)
    except json.JSONDecodeError as exc:
        raise _Bad(f"not JSON: {exc.msg} (column {exc.colno})") from None
    except RecursionError:
        raise _Bad("not JSON this reader takes: nested too deep") from None
    except ValueError as exc:  # an integer of more digits than Python converts
        raise _Bad(f"not JSON this reader takes: {exc}") from None
    try:
        json.dumps(value, ensure_ascii=False).encode("utf-8")
    except UnicodeEncodeError:
        raise _Bad("a string holds a lone surrogate (\\ud800-\\udfff): not text") from None
    except RecursionError:
        raise _Bad("not JSON this reader takes: nested too deep") from None
    return value


def _fields(value: Any, what: str, required: Collection[str], optional: Collection[str]) -> None:
    if not isinstance(value, dict):
        raise _Bad(f"{what} must be a JSON object, not {_kind(value)}")
    for key in value:
        if key not in required and key not in optional:
            raise _Bad(f"unknown field {json.dumps(key)} in {what}")
    for key in required:
        if key not in value:
            raise _Bad(f"{what} has no {json.dumps(key)}")


def _kind(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, int | float):
        return "a number"
    if isinstance(value, str):
        return "a string"
    if isinstance(value, list):
        return "a list"
    return "an object"


def _str(value: Any, what: str, *, limit: int = 200) -> str:
    if not isinstance(value, str):
        raise _Bad(f"{what} must be a string, not {_kind(value)}")
    if len(value) > limit:
        raise _Bad(f"{what} is longer than {limit:,} characters")
    return value


def _header(value: Any, app_version: str | None) -> Header:
    if isinstance(value, dict) and value.get("format") != FORMAT:
        raise _Bad(f'not a playground recording: the first line needs "format": "{FORMAT}"')
    _fields(value, "the header", ("format", "version", "app_version", "size", "target"), ())
    version = value["version"]
    if not isinstance(version, int) or isinstance(version, bool):
        raise _Bad(f'"version" must be a whole number, not {_kind(version)}')
    if version != VERSION:
        raise _Bad(f"made in recording format version {version}; this playground reads "
                   f"version {VERSION}: record it again")
    made_by = _str(value["app_version"], '"app_version"', limit=100)
    if app_version is not None and made_by != app_version:
        raise _Bad(f"recorded with playground {made_by}, this is {app_version}: keys may do "
                   "other things now; record it again (or replay with --any-version)")
    size = value["size"]
    if (not isinstance(size, list) or len(size) != 2
            or not all(isinstance(n, int) and not isinstance(n, bool) and 10 <= n <= 1000
                       for n in size)):
        raise _Bad('"size" must be [columns, rows], each a whole number from 10 to 1000')
    target = value["target"]
    if target not in TARGETS:
        raise _Bad(f'"target" must be one of {", ".join(TARGETS)}')
    return Header(made_by, (size[0], size[1]), target)


def _event(value: Any, number: int, labs: Callable[[], Collection[str] | None]) -> Event:
    if not isinstance(value, dict):
        raise _Bad(f"an event must be a JSON object, not {_kind(value)}")
    kinds = [k for k in KINDS if k in value]
    if len(kinds) != 1:
        raise _Bad("an event has exactly one of " + ", ".join(f'"{k}"' for k in KINDS)
                   + (f" (this one has {len(kinds)})" if kinds else
                      f"; fields here: {', '.join(json.dumps(k) for k in list(value)[:5])}"))
    kind = kinds[0]
    optional = {"key": (), "paste": (), "screen": ("lab",), "call": ()}[kind]
    _fields(value, f"a {kind} event", ("t", kind), optional)
    t = value["t"]
    if not isinstance(t, int | float) or isinstance(t, bool) or not math.isfinite(t) or t < 0:
        raise _Bad(f'"t" must be seconds since the start (a number >= 0), not {_kind(t)}'
                   if not isinstance(t, int | float) or isinstance(t, bool)
                   else '"t" must be seconds since the start (a number >= 0)')
    if t > 7 * 24 * 3600:
        raise _Bad('"t" is more than a week after the start')
    t = float(t)
    if kind == "key":
        key = _str(value["key"], '"key"', limit=60)
        if not is_key_name(key):
            raise _Bad(f"unknown key name {json.dumps(key)} (keys are named as Textual names "
                       "them: a, enter, ctrl+s, question_mark)")
        return KeyEvent(t, number, key)
    if kind == "paste":
        return PasteEvent(t, number, _str(value["paste"], '"paste"', limit=16 * 1024 * 1024))
    if kind == "screen":
        screen = _str(value["screen"], '"screen"', limit=100)
        if not screen.isidentifier():
            raise _Bad(f'"screen" must name a screen class, not {json.dumps(screen)}')
        lab = value.get("lab")
        if lab is not None:
            lab = _str(lab, '"lab"', limit=100)
            ids = labs()
            if ids is not None and lab not in ids:
                raise _Bad(f"no lab {json.dumps(lab)} in this playground")
        return ScreenEvent(t, number, screen, lab)
    call = value["call"]
    _fields(call, "a call", ("service", "operation", "params"), ("error",))
    params = call["params"]
    if not isinstance(params, dict):
        raise _Bad(f'a call\'s "params" must be an object, not {_kind(params)}')
    error = call.get("error")
    return CallEvent(t, number, _str(call["service"], "a call's service", limit=60),
                     _str(call["operation"], "a call's operation", limit=100), params,
                     None if error is None else _str(error, "a call's error"))
