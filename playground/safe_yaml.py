"""YAML that people edit (lab files, the config file), read so that no file can crash or exhaust us.

Refused before any Python object is built: files over `MAX_BYTES`, text that is not UTF-8,
anchors and aliases (nested aliases expand exponentially, and `a: &a [*a]` is a cycle), and
nesting deeper than `MAX_DEPTH`. Every refusal says where: line and field.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

MAX_BYTES = 1 << 20
"""Lab and config files are a few kB of text; 1 MiB leaves room and bounds the work."""
MAX_DEPTH = 32
"""Shipped labs nest up to 10 levels (state machine definitions); far deeper nesting only
serves to crash a recursive reader."""

Loc = tuple[str | int, ...]

_Loader: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
"""libyaml when PyYAML has it: the lab catalog loads on the UI thread."""


class YamlProblem(Exception):
    """The file cannot become data: one line a person can act on."""

    def __init__(self, message: str, line: int | None = None, loc: Loc = (), *,
                 unreadable: bool = False) -> None:
        super().__init__(message)
        self.message = message
        self.line = line
        self.loc = loc
        self.unreadable = unreadable
        """Not YAML text at all (missing, too big, binary): a usage error, not a content one."""


@dataclass(frozen=True)
class YamlDocument:
    data: Any
    lines: dict[Loc, int]
    """Line (1-based) of every mapping key and list item, by path."""

    def line_of(self, loc: Loc) -> int | None:
        """The line of `loc`, or of the nearest enclosing key that has one."""
        while True:
            if loc in self.lines:
                return self.lines[loc]
            if not loc:
                return None
            loc = loc[:-1]


def field_path(loc: Iterable[str | int]) -> str:
    """`('steps', 0, 'checks', 1, 'kind')` as `steps[0].checks[1].kind`; odd keys quoted."""
    out = ""
    for part in loc:
        if isinstance(part, int):
            out += f"[{part}]"
            continue
        name = part if part.isprintable() and part.strip() == part and part else repr(part)
        out += f".{name}" if out else name
    return out


def read_yaml_file(path: Path, *, max_bytes: int = MAX_BYTES) -> YamlDocument:
    """Read and parse `path`; raises YamlProblem (unreadable ones flagged) and nothing else."""
    try:
        if path.exists() and not path.is_file():
            what = "a directory" if path.is_dir() else "not a regular file"
            raise YamlProblem(f"cannot read: {what}", unreadable=True)
        with path.open("rb") as f:
            raw = f.read(max_bytes + 1)
    except OSError as exc:
        raise YamlProblem(f"cannot read: {exc.strerror or exc}", unreadable=True) from None
    if len(raw) > max_bytes:
        raise YamlProblem(f"larger than {_size(max_bytes)}: too big for a file written by hand",
                          unreadable=True)
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise YamlProblem(f"not UTF-8 text (byte 0x{raw[exc.start]:02x})", line,
                          unreadable=True) from None
    return parse_yaml(text)


def _size(n: int) -> str:
    return f"{n >> 20} MiB" if n % (1 << 20) == 0 else f"{n:,} bytes"


def parse_yaml(text: str) -> YamlDocument:
    """One YAML document as plain data with the line of every key; raises YamlProblem."""
    try:
        _scan(text)
        loader = _BoundedLoader(text)
        try:
            node = loader.get_single_node()
            data = loader.construct_document(node) if node is not None else None
        finally:
            loader.dispose()
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
        line = mark.line + 1 if mark is not None else None
        what = getattr(exc, "problem", None) or str(exc).splitlines()[0]
        raise YamlProblem(f"not valid YAML: {what}", line) from None
    except (ValueError, TypeError, OverflowError) as exc:  # a value no constructor call caught
        raise YamlProblem(f"not valid YAML: {str(exc).splitlines()[0]}") from None
    return YamlDocument(data, _node_lines(node) if node is not None else {})


class _BoundedLoader(_Loader):  # type: ignore[misc]
    """A value the safe constructor chokes on (a 5,000-digit int, month 13) is a YAML error
    at its line, not a ValueError from deep inside PyYAML."""

    def construct_object(self, node: yaml.Node, deep: bool = False) -> Any:
        try:
            return super().construct_object(node, deep)
        except (ValueError, OverflowError, TypeError) as exc:
            raise yaml.constructor.ConstructorError(
                None, None, f"cannot read this value ({str(exc).splitlines()[0]})",
                node.start_mark) from None


class _Frame:
    """Where the event stream is inside one mapping or list."""

    __slots__ = ("is_map", "key", "want_key")

    def __init__(self, is_map: bool) -> None:
        self.is_map = is_map
        self.key: str | int | None = None if is_map else 0
        self.want_key = is_map


def _scan(text: str) -> None:
    """Walk the parser's events (no objects built) and refuse anchors, aliases and depth."""
    loader = _Loader(text)
    frames: list[_Frame] = []
    try:
        while True:
            event = loader.get_event()
            if event is None or isinstance(event, yaml.StreamEndEvent):
                return
            if isinstance(event, (yaml.SequenceEndEvent, yaml.MappingEndEvent)):
                frames.pop()
                _node_done(frames)
                continue
            if not isinstance(event, (yaml.ScalarEvent, yaml.AliasEvent,
                                      yaml.SequenceStartEvent, yaml.MappingStartEvent)):
                continue  # stream and document markers
            parent = frames[-1] if frames else None
            if parent is not None and parent.is_map and parent.want_key:
                parent.key = str(event.value) if isinstance(event, yaml.ScalarEvent) else "?"
            loc = tuple(f.key for f in frames if f.key is not None)
            line = event.start_mark.line + 1 if event.start_mark is not None else None
            name = getattr(event, "anchor", None)
            if isinstance(event, yaml.AliasEvent) or name is not None:
                raise YamlProblem(f"anchors and aliases (&{name}, *{name}) are not allowed: "
                                  "write the value out", line, loc)
            if isinstance(event, (yaml.SequenceStartEvent, yaml.MappingStartEvent)):
                if len(frames) >= MAX_DEPTH:
                    raise YamlProblem(f"nested deeper than {MAX_DEPTH} levels", line, loc)
                frames.append(_Frame(isinstance(event, yaml.MappingStartEvent)))
            else:
                _node_done(frames)
    finally:
        loader.dispose()


def _node_done(frames: list[_Frame]) -> None:
    if not frames:
        return
    parent = frames[-1]
    if parent.is_map:
        parent.want_key = not parent.want_key
    else:
        assert isinstance(parent.key, int)
        parent.key += 1


def _node_lines(node: yaml.Node, path: Loc = ()) -> dict[Loc, int]:
    """Line (1-based) of every key and list item in a composed document (depth is bounded)."""
    lines: dict[Loc, int] = {path: node.start_mark.line + 1}
    if isinstance(node, yaml.MappingNode):
        for key, value in node.value:
            sub = (*path, str(key.value))
            lines.update(_node_lines(value, sub))
            lines[sub] = key.start_mark.line + 1
    elif isinstance(node, yaml.SequenceNode):
        for i, item in enumerate(node.value):
            lines.update(_node_lines(item, (*path, i)))
    return lines
