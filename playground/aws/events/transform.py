"""EventBridge input transformers: InputPathsMap + InputTemplate applied to an event, as AWS does.

Sources: EventBridge User Guide "Amazon EventBridge input transformation"
(eb-transform-target-input) and the API reference for InputTransformer (botocore model
`events/2015-10-07`). The rules, each checked by `tests/events/test_transform.py`:

* InputPathsMap holds up to 100 variables; a name is 1-256 of ``A-Za-z0-9_-``; a path is
  JSONPath in dot notation (dashes, underscores, alphanumerics, forward slashes, array
  indices, ``*`` wildcards), at most 256 characters. Bracket notation is not supported.
* Five predefined variables need no path: ``aws.events.rule-arn``, ``aws.events.rule-name``,
  ``aws.events.event.ingestion-time``, ``aws.events.event`` (the event without ``detail``)
  and ``aws.events.event.json`` (the whole event); they cannot be redefined.
* A placeholder the template uses but nothing defines makes PutTargets fail
  ("InputTemplate for target ... contains invalid placeholder ...").
* A JSON template (one that is a JSON object or array): a placeholder in a value position
  becomes JSON (a string gets quotes, numbers and objects stay as they are); inside a string
  literal the value is spliced in as text, not escaped, so an object or array there makes
  the result invalid JSON (recorded AWS output: nothing is delivered). A placeholder cannot
  be an object key. The JSON passed to the target is minified.
* Any other template is text: placeholders are replaced as text and everything else,
  quotes included, is delivered as written; an object or array loses its inner quotes
  (``{acc_id:0a78,sf_id:baz}``, ``[HIGH]``), as the guide's common issues say and recorded
  AWS output shows (LocalStack's AWS-validated ``test_events_inputs`` snapshots).
* A path that is not in the event gives an empty value: ``""`` in a value position,
  nothing inside a string (the guide: the variable "isn't created"; recorded AWS output
  shows the ``""``).

The preview reads JSON as the pattern matchers do (playground.patterns.json_input): a
map, template or event nested more than ``MAX_DEPTH`` levels, or holding a number JSON
cannot express, is a TransformError with a sentence, never a RecursionError.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from playground.patterns.json_input import JsonLimitError, check_json, parse_json, printable

MAX_VARIABLES = 100
MAX_TEMPLATE = 8192
MAX_PATH = 256
MAX_NAME = 256
PREDEFINED = (
    "aws.events.rule-arn",
    "aws.events.rule-name",
    "aws.events.event.ingestion-time",
    "aws.events.event",
    "aws.events.event.json",
)

_NAME = re.compile(r"^[A-Za-z0-9_-]+$")
_KEY = r"[A-Za-z0-9_\-/]+|\*"
_SEGMENT = re.compile(rf"\.({_KEY})((?:\[(?:\d+|\*)\])*)")
_INDEX = re.compile(r"\[(\d+|\*)\]")
_PLACEHOLDER = re.compile(r"<([A-Za-z0-9_.\-]+)>")
_KEY_AFTER = re.compile(r"\s*:")
WILDCARD = "*"


class TransformError(ValueError):
    """An input transformer AWS would refuse; ``field`` says where, ``rule`` what."""

    def __init__(self, field: str, rule: str) -> None:
        self.field = printable(field)
        self.rule = printable(rule)
        super().__init__(f"{self.field}: {self.rule}")


@dataclass(frozen=True)
class Variable:
    name: str
    path: str | None
    """None for a predefined variable."""
    value: Any
    found: bool


@dataclass(frozen=True)
class Preview:
    """What the target would receive, and how each variable got its value."""

    output: str
    variables: tuple[Variable, ...]
    json_template: bool
    valid_json: bool
    notes: tuple[str, ...]


def parse_path(path: str) -> list[str | int]:
    """`$.detail.items[0].sku` as `["detail", "items", 0, "sku"]` (`"*"` for a wildcard)."""
    if not isinstance(path, str) or not path.startswith("$"):
        raise ValueError("a path starts with $, e.g. $.detail.price")
    rest = path[1:]
    segments: list[str | int] = []
    pos = 0
    while pos < len(rest):
        match = _SEGMENT.match(rest, pos)
        if match is None:
            raise ValueError("EventBridge reads dot notation only: $.detail.name, "
                             "$.detail.items[0], $.detail.items[*].sku")
        segments.append(match.group(1))
        for index in _INDEX.findall(match.group(2)):
            segments.append(WILDCARD if index == WILDCARD else int(index))
        pos = match.end()
    return segments


def resolve(document: Any, segments: list[str | int]) -> tuple[bool, Any]:
    """The value at a parsed path; with a wildcard, the list of every match."""
    values = [document]
    wildcard = False
    for segment in segments:
        following: list[Any] = []
        for value in values:
            if segment == WILDCARD:
                wildcard = True
                if isinstance(value, dict):
                    following.extend(value.values())
                elif isinstance(value, list):
                    following.extend(value)
            elif isinstance(segment, int):
                if isinstance(value, list) and segment < len(value):
                    following.append(value[segment])
            elif isinstance(value, dict) and segment in value:
                following.append(value[segment])
        values = following
    if wildcard:
        return bool(values), values
    return (True, values[0]) if values else (False, None)


def load_paths(paths: str | Mapping[str, Any]) -> dict[str, str]:
    """InputPathsMap from the editor (JSON text) or a mapping; TransformError when AWS refuses."""
    if isinstance(paths, str):
        if not paths.strip():
            return {}
        try:
            parsed = parse_json(paths)
        except JsonLimitError as exc:
            raise TransformError("InputPathsMap", f"it {exc}") from None
        except ValueError as exc:
            raise TransformError("InputPathsMap", f"not valid JSON: {exc}") from None
    else:
        parsed = dict(paths)
    if not isinstance(parsed, dict):
        raise TransformError("InputPathsMap", 'a JSON object of name: path, e.g. {"price": "$.detail.price"}')
    if len(parsed) > MAX_VARIABLES:
        raise TransformError("InputPathsMap",
                             f"{len(parsed)} variables; EventBridge allows at most {MAX_VARIABLES}")
    out: dict[str, str] = {}
    for name, path in parsed.items():
        if not isinstance(name, str):
            raise TransformError("InputPathsMap", f"variable names are text, not {name!r}")
        where = f"InputPathsMap.{name}"
        if name in PREDEFINED:
            raise TransformError(where, f"a predefined variable; use <{name}> without defining it")
        if not 1 <= len(name) <= MAX_NAME or not _NAME.fullmatch(name):
            raise TransformError(where, f"variable names are 1-{MAX_NAME} of A-Z a-z 0-9 _ -")
        if not isinstance(path, str):
            raise TransformError(where, "the path must be a string such as $.detail.price")
        if len(path) > MAX_PATH:
            raise TransformError(where, f"paths are at most {MAX_PATH} characters")
        try:
            parse_path(path)
        except ValueError as exc:
            raise TransformError(where, f"{path!r}: {exc}") from None
        out[name] = path
    return out


def is_json_template(template: str) -> bool:
    return template.strip().startswith(("{", "["))


def validate_transformer(paths: str | Mapping[str, Any], template: str) -> dict[str, str]:
    """The parsed InputPathsMap, or TransformError naming the field and the rule."""
    parsed = load_paths(paths)
    if not template:
        raise TransformError("InputTemplate", "the template cannot be empty")
    if len(template) > MAX_TEMPLATE:
        raise TransformError("InputTemplate", f"{len(template):,} characters; at most {MAX_TEMPLATE:,}")
    for name in _PLACEHOLDER.findall(template):
        if name not in parsed and name not in PREDEFINED:
            raise TransformError("InputTemplate", f"<{name}> is not defined in InputPathsMap "
                                                  "(AWS: contains invalid placeholder)")
    if is_json_template(template):
        values = dict.fromkeys([*parsed, *PREDEFINED], "x")
        text, key_placeholder = _render(template, values, as_json=True)
        if key_placeholder:
            raise TransformError("InputTemplate", f"<{key_placeholder}> is used as an object key; "
                                                  "placeholders can only be values")
        try:
            parse_json(text)
        except JsonLimitError as exc:
            raise TransformError("InputTemplate", f"filled in, it {exc}") from None
        except ValueError as exc:
            raise TransformError("InputTemplate", f"a template that starts with {{ or [ must be "
                                                  f"valid JSON once filled in: {exc}") from None
    return parsed


def predefined_values(event: Mapping[str, Any], *, rule_name: str, rule_arn: str,
                      ingestion_time: str) -> dict[str, Any]:
    """The five variables EventBridge fills in itself.

    `aws.events.event` is the event without `detail`; recorded AWS output names its
    detail-type key `detailType` and carries the ingestion time as `time`.
    """
    envelope = {("detailType" if k == "detail-type" else k): v for k, v in event.items()
                if k != "detail"}
    if "time" in envelope:
        envelope["time"] = ingestion_time
    return {
        "aws.events.rule-arn": rule_arn,
        "aws.events.rule-name": rule_name,
        "aws.events.event.ingestion-time": ingestion_time,
        "aws.events.event": envelope,
        "aws.events.event.json": dict(event),
    }


def apply_transformer(paths: str | Mapping[str, Any], template: str, event: Mapping[str, Any], *,
                      rule_name: str = "my-rule",
                      rule_arn: str = "arn:aws:events:us-east-1:123456789012:rule/my-rule",
                      ingestion_time: str | None = None) -> Preview:
    """Exactly what a target would receive for `event` (TransformError on a bad transformer,
    or on an event the preview cannot read: field ``event``)."""
    parsed = validate_transformer(paths, template)
    if not isinstance(event, Mapping):
        raise TransformError("event", "the event must be a JSON object")
    try:
        check_json(event)
    except JsonLimitError as exc:
        raise TransformError("event", f"the event {exc}") from None
    notes: list[str] = []
    if ingestion_time is None:
        ingestion_time = str(event.get("time", ""))
        if "aws.events.event.ingestion-time" in template:
            notes.append("<aws.events.event.ingestion-time> is when EventBridge receives the "
                         "event; the preview uses the event's time instead")
    values: dict[str, Any] = predefined_values(event, rule_name=rule_name, rule_arn=rule_arn,
                                               ingestion_time=ingestion_time)
    variables: list[Variable] = []
    for name, path in parsed.items():
        found, value = resolve(event, parse_path(path))
        if not found:
            value = ""
            notes.append(f"<{name}>: {path} is not in the event, so it is empty")
        values[name] = value
        variables.append(Variable(name, path, value, found))
    for name in PREDEFINED:
        if f"<{name}>" in template:
            variables.append(Variable(name, None, values[name], True))
    json_template = is_json_template(template)
    output, _ = _render(template, values, as_json=json_template)
    valid = True
    if json_template:
        try:
            json.loads(output)
        except (ValueError, RecursionError):
            valid = False
            notes.append("the result is not valid JSON: EventBridge does not escape values "
                         "spliced into a string (quotes or an object inside \"...\"), and "
                         "delivers nothing for an object or array there")
        else:
            output = minify(output)
    return Preview(output, tuple(variables), json_template, valid, tuple(notes))


def _text(value: Any) -> str:
    return value if isinstance(value, str) else json.dumps(value, ensure_ascii=False,
                                                            separators=(",", ":"))


def _bare(value: Any) -> str:
    """A value spliced into a text template: AWS drops the quotes inside an object or array."""
    text = _text(value)
    return text.replace('"', "") if isinstance(value, dict | list) else text


def _render(template: str, values: Mapping[str, Any], *, as_json: bool) -> tuple[str, str | None]:
    """Fill placeholders; returns the text and the first placeholder found in a key position."""
    out: list[str] = []
    in_string = False
    key_placeholder: str | None = None
    i = 0
    while i < len(template):
        ch = template[i]
        if as_json and in_string and ch == "\\":
            out.append(template[i:i + 2])
            i += 2
            continue
        if as_json and ch == '"':
            in_string = not in_string
        elif ch == "<":
            match = _PLACEHOLDER.match(template, i)
            if match and match.group(1) in values:
                value = values[match.group(1)]
                if not as_json:
                    out.append(_bare(value))
                elif in_string:
                    out.append(_text(value))
                else:
                    if key_placeholder is None and _is_key(template, match.end()):
                        key_placeholder = match.group(1)
                    out.append(json.dumps(value, ensure_ascii=False, separators=(",", ":")))
                i = match.end()
                continue
        out.append(ch)
        i += 1
    return "".join(out), key_placeholder


def _is_key(template: str, end: int) -> bool:
    return _KEY_AFTER.match(template, end) is not None


def minify(text: str) -> str:
    """Drop whitespace outside string literals, keeping every value exactly as written."""
    out: list[str] = []
    in_string = False
    escaped = False
    for ch in text:
        if in_string:
            out.append(ch)
            if escaped:
                escaped = False
            elif ch == "\\":
                escaped = True
            elif ch == '"':
                in_string = False
        elif ch == '"':
            in_string = True
            out.append(ch)
        elif not ch.isspace():
            out.append(ch)
    return "".join(out)
