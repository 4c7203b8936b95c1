"""YAML that people edit (lab files, the config file), read so that no file can crash or exhaust us.

Refused before any Python value is built: files over `MAX_BYTES`, text that is not UTF-8,
aliases (nested aliases expand exponentially, and `a: &a [*a]` is a cycle), and nesting
deeper than `MAX_DEPTH`. Every refusal says where: line and field.
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
    """One YAML document as plain data with the line of every key; raises YamlProblem.

    The parser composes nodes first (in C with libyaml): an alias is then the same node object
    met twice, nothing is expanded yet. `_walk` refuses that, and depth, before a single Python
    value is constructed. (Scanning the parser's events instead cost 60% more per load.)
    """
    try:
        loader = _BoundedLoader(text)
        try:
            node = loader.get_single_node()
            lines = _walk(node) if node is not None else {}
            data = loader.construct_document(node) if node is not None else None
        finally:
            loader.dispose()
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
        line = mark.line + 1 if mark is not None else None
        what = getattr(exc, "problem", None) or str(exc).splitlines()[0]
        raise YamlProblem(f"not valid YAML: {what}", line) from None
    except RecursionError:  # the pure-Python composer, without libyaml's own nesting limit
        raise YamlProblem(f"nested deeper than {MAX_DEPTH} levels") from None
    except (ValueError, TypeError, OverflowError) as exc:  # a value no constructor call caught
        raise YamlProblem(f"not valid YAML: {str(exc).splitlines()[0]}") from None
    return YamlDocument(data, lines)


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


def _walk(root: yaml.Node) -> dict[Loc, int]:
    """Line (1-based) of every key and list item, in document order, without recursion.

    Refuses a node met a second time (an alias, or a cycle such as `a: &a [*a]`) and nesting
    deeper than MAX_DEPTH, where they are.
    """
    lines: dict[Loc, int] = {(): root.start_mark.line + 1}
    seen: set[int] = set()
    # (node, its path, the line to blame if it is an alias: its key's, or its list's)
    todo: list[tuple[yaml.Node, Loc, int]] = [(root, (), lines[()])]
    while todo:
        node, path, line = todo.pop()
        if id(node) in seen:
            raise YamlProblem("YAML aliases (*name) are not allowed: write the value out",
                              line, path)
        seen.add(id(node))
        if len(path) >= MAX_DEPTH and isinstance(node, yaml.CollectionNode):  # root is level 1
            raise YamlProblem(f"nested deeper than {MAX_DEPTH} levels",
                              node.start_mark.line + 1, path)
        children: list[tuple[yaml.Node, Loc, int]] = []
        if isinstance(node, yaml.MappingNode):
            for key, value in node.value:
                sub = (*path, str(key.value) if isinstance(key, yaml.ScalarNode) else "?")
                lines[sub] = key.start_mark.line + 1
                children += [(key, sub, lines[sub]), (value, sub, lines[sub])]
        elif isinstance(node, yaml.SequenceNode):
            for i, item in enumerate(node.value):
                lines.setdefault((*path, i), item.start_mark.line + 1)
                children.append((item, (*path, i), lines[path]))
        todo += reversed(children)
    return lines
