"""A state machine definition read from a file (or stdin), JSON or YAML, with the line of every
field, so a problem the checks find can be shown where it is (`machine.json:12`).

Files come from anywhere (a SAM project, the AWS console, a download), so reading is bounded
and answers with `Unreadable` (one sentence, a line when there is one), never an exception
from a parser: at most the CreateStateMachine size, UTF-8 text without NUL bytes, JSON through
the checks' own bounded parser, YAML through `playground.safe_yaml` (no aliases, bounded depth).
`${Placeholders}` (SAM's DefinitionSubstitutions, CDK tokens) are plain strings to both.
"""

from __future__ import annotations

import bisect
import datetime
import json
import re
import sys
from collections.abc import Callable
from functools import cached_property
from pathlib import Path
from typing import Any, Literal

from playground.aws.stepfunctions.validate import (
    MAX_DEFINITION_BYTES,
    MAX_NAME,
    kind_of,
    parse_json,
    shorten,
)
from playground.patterns.json_input import JsonLimitError, check_json, printable
from playground.safe_yaml import YamlProblem, parse_yaml

Format = Literal["JSON", "YAML"]
Loc = tuple[str | int, ...]

_TOKEN = re.compile(r'"(?:[^"\\]|\\.)*"|[{}\[\],:]|[^\s{}\[\],:"]+')
_POSITION = re.compile(r"line (\d+), column (\d+)")
_YAML_SUFFIXES = (".yaml", ".yml")


class Unreadable(Exception):
    """The file holds no definition to check: missing, not text, not JSON or YAML, too big,
    too deep, not an object. One sentence, with the line when there is one."""

    def __init__(self, message: str, line: int | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.line = line


class Source:
    """A definition read from a file; the line of a field is worked out the first time one
    is asked for (a valid definition never needs it)."""

    def __init__(self, definition: dict[str, Any], format: Format,
                 lines: Callable[[], dict[Loc, int]]) -> None:
        self.definition = definition
        self.format = format
        self._lines = lines

    @cached_property
    def fields(self) -> dict[str, int]:
        """Line (1-based) of every field, by the name the checks give it (`States.Pay.Next`)."""
        return _fields(self._lines())

    def line_of(self, field: str) -> int | None:
        """The line of `field`, or of the nearest enclosing field the file spells out (a
        missing `States.Pay.Resource` is on the line of `States.Pay`)."""
        if field == "definition":
            return self.fields.get("")
        while field:
            if field in self.fields:
                return self.fields[field]
            cut = max(field.rfind("."), field.rfind("["))
            if cut <= 0:
                return None
            field = field[:cut]
        return None


def read_definition(name: str) -> Source:
    """The definition in file `name` (`-` for stdin); Unreadable when there is none."""
    raw = _read_bytes(name)
    if not raw.strip():
        raise Unreadable("empty: a state machine definition (JSON or YAML) expected")
    if b"\x00" in raw:
        raise Unreadable("binary, not text (it holds NUL bytes)", raw[:raw.index(b"\x00")].count(b"\n") + 1)
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[:exc.start].count(b"\n") + 1
        raise Unreadable(f"not UTF-8 text (byte 0x{raw[exc.start]:02x})", line) from None
    yaml_named = name.lower().endswith(_YAML_SUFFIXES)
    looks_json = text.lstrip()[:1] in ("{", "[")
    if name.lower().endswith(".json") or (looks_json and not yaml_named):
        return parse_json_definition(text)
    return parse_yaml_definition(text)


def _read_bytes(name: str) -> bytes:
    limit = MAX_DEFINITION_BYTES
    try:
        if name == "-":
            raw: bytes = sys.stdin.buffer.read(limit + 1)
        else:
            path = Path(name)
            if not path.exists():
                raise Unreadable("no such file")
            if not path.is_file():  # a directory; a FIFO or device would block or never end
                raise Unreadable("a directory, not a file" if path.is_dir() else "not a regular file")
            with path.open("rb") as f:
                raw = f.read(limit + 1)
    except (OSError, ValueError) as exc:
        raise Unreadable(f"cannot read: {getattr(exc, 'strerror', None) or exc}") from None
    if len(raw) > limit:
        raise Unreadable("larger than 1 MiB, the most a definition may be (the CreateStateMachine "
                         "limit)")
    return raw


def parse_json_definition(text: str) -> Source:
    value, issues = parse_json(text)
    if issues:
        first = issues[0]
        found = _POSITION.fullmatch(first.field)
        if found:
            message = first.message.removeprefix("definition: ")
            raise Unreadable(f"not valid JSON: {message} (column {found[2]})", int(found[1]))
        message = first.message
        if message.startswith("nested"):
            raise Unreadable(f"the JSON is {message}")
        if message.startswith(("holds", "more than")):
            raise Unreadable(f"the JSON {message}")
        raise Unreadable(f"not valid JSON: {message}")
    definition = _object(value)
    return Source(definition, "JSON", lambda: _json_lines(text))


def parse_yaml_definition(text: str) -> Source:
    try:
        document = parse_yaml(text)
    except YamlProblem as exc:
        message = f"the YAML is {exc.message}" if exc.message.startswith("nested") \
            else exc.message
        if "constructor for the tag '!" in message:  # !Ref, !Sub, !GetAtt: a whole template
            message += " (a CloudFormation or SAM template? give the state machine's own " \
                       "definition file)"
        raise Unreadable(message, exc.line) from None
    value = _as_json(document.data, document.lines)
    try:
        check_json(value)
    except JsonLimitError as exc:
        raise Unreadable(f"the definition {exc}") from None
    definition = _object(value)
    return Source(definition, "YAML", lambda: document.lines)


def _object(value: Any) -> dict[str, Any]:
    if not isinstance(value, dict):
        raise Unreadable(f"not a state machine definition: the top level is {kind_of(value)}, "
                         "not an object with StartAt and States")
    return value


def _as_json(data: Any, lines: dict[Loc, int]) -> Any:
    """YAML's data as JSON's: keys as strings, dates and times as ISO text (as CloudFormation
    turns a YAML template into JSON); a value JSON has no word for (!!binary, !!set) is
    refused at its line. Without recursion: safe_yaml bounds the depth, not this walk."""
    root: list[Any] = [None]
    todo: list[tuple[Any, list[Any] | dict[str, Any], int | str, Loc]] = [(data, root, 0, ())]
    while todo:
        value, holder, slot, loc = todo.pop()
        if isinstance(value, dict):
            out: dict[str, Any] = {}
            for key, item in value.items():
                name = _key(key)
                out[name] = None
                todo.append((item, out, name, (*loc, name)))
            converted: Any = out
        elif isinstance(value, list | tuple):
            items: list[Any] = [None] * len(value)
            for i, item in enumerate(value):
                todo.append((list(item) if isinstance(item, tuple) else item, items, i, (*loc, i)))
            converted = items
        elif isinstance(value, datetime.date):  # datetime included
            converted = value.isoformat()
        elif value is None or isinstance(value, str | bool | int | float):
            converted = value
        else:
            line = next((lines[p] for p in (loc, loc[:-1]) if p in lines), None)
            raise Unreadable(f"holds a YAML {type(value).__name__} value, which JSON (and so a "
                             "definition) cannot hold", line)
        holder[slot] = converted  # type: ignore[index]
    return root[0]


def _key(key: Any) -> str:
    if isinstance(key, str):
        return key
    if isinstance(key, bool) or key is None:
        return json.dumps(key)
    return str(key)


def _json_lines(text: str) -> dict[Loc, int]:
    """Line of every key and list item of JSON text the parser took, by path; one pass over
    its tokens, no recursion."""
    breaks = [m.start() for m in re.finditer("\n", text)]
    lines: dict[Loc, int] = {}
    # (path of the container, its key or index now, whether an object waits for a key)
    stack: list[list[Any]] = []

    def here() -> Loc:
        if not stack:
            return ()
        path, slot, _ = stack[-1]
        return (*path, slot)

    for token in _TOKEN.finditer(text):
        piece = token.group()
        top = stack[-1] if stack else None
        if top is not None and top[2] and piece[0] == '"':
            top[1] = _key_text(piece)
            top[2] = False
            lines[here()] = bisect.bisect_left(breaks, token.start()) + 1
            continue
        if piece == ",":
            if top is not None:
                if isinstance(top[1], int):
                    top[1] += 1
                else:
                    top[2] = True
            continue
        if piece == ":":
            continue
        if piece in ("}", "]"):
            if stack:
                stack.pop()
            continue
        # a value starts here
        if top is None or isinstance(top[1], int):
            lines.setdefault(here(), bisect.bisect_left(breaks, token.start()) + 1)
        if piece == "{":
            stack.append([here(), None, True])
        elif piece == "[":
            stack.append([here(), 0, False])
    return lines


def _key_text(token: str) -> str:
    if "\\" not in token:
        return token[1:-1]
    try:
        return str(json.loads(token))
    except ValueError:
        return token


def _fields(lines: dict[Loc, int]) -> dict[str, int]:
    """The lines by field name as the checks spell it: `States.Pay.Catch[0].Next`, names cut
    and escaped as the checks cut and escape them."""
    fields: dict[str, int] = {}
    names: dict[Loc, str] = {(): ""}
    for loc in sorted(lines, key=len):  # a parent is named before its children
        parent = names.get(loc[:-1])
        if parent is None:
            parent = _field_name(loc[:-1])
        part = loc[-1] if loc else None
        if part is None:
            name = ""
        elif isinstance(part, int):
            name = f"{parent}[{part}]"
        else:
            word = shorten(part, MAX_NAME + 1)
            name = f"{parent}.{word}" if parent else word
        names[loc] = name
        fields.setdefault(name, lines[loc])
    return fields


def _field_name(loc: Loc) -> str:
    name = ""
    for part in loc:
        if isinstance(part, int):
            name += f"[{part}]"
        else:
            word = shorten(part, MAX_NAME + 1)
            name += f".{word}" if name else word
    return name


def describe(name: str) -> str:
    """A file name as it can be printed on one line."""
    return "stdin" if name == "-" else printable(name)
