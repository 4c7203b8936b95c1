"""The producer's payload template: JSON with placeholders, each record a fresh rendering.

Placeholders: {{n}} (the record's counter), {{uuid}}, {{now}} (ISO 8601 UTC, milliseconds),
{{rand:LO:HI}} (a whole number from LO to HI), {{choice:a,b,c}} (one of the options).

Every rendering is valid JSON when the template is, because a placeholder is filled by context:
inside a JSON string its value is escaped into the string; outside one it must stand alone as
a value (after `:`, `,` or `[`, before `,`, `]` or `}`) and becomes a JSON value (numbers for
{{n}} and {{rand}}, strings for {{uuid}} and {{now}}, and for {{choice}} an option that is a
JSON number, true, false or null as itself, any other as a string). So one check of the template
(with the placeholders as stand-ins) covers every record. Literal `{{` cannot be written.
"""

from __future__ import annotations

import json
import random
import re
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime

from playground.aws.validation import Issue

MAX_TEMPLATE_CHARS = 100_000
MAX_DEPTH = 100
"""Deeper nesting is refused: far beyond a learner's payload, and Python's JSON parser (used for
the check) gives up near 1,000 levels."""
MAX_CHOICES = 100
MAX_RAND = 10**15
_NAME = re.compile(r"\{\{(.*?)\}\}", re.S)
_SCALAR = re.compile(r"-?(0|[1-9]\d{0,14})(\.\d{1,15})?|true|false|null")

Part = str | tuple[str, tuple[object, ...], bool]
"""A literal piece of JSON, or (kind, arguments, inside a string)."""


@dataclass(frozen=True)
class Template:
    text: str
    parts: tuple[Part, ...]

    def render(self, n: int, rng: random.Random,
               now: Callable[[], float] | None = None) -> str:
        out: list[str] = []
        for part in self.parts:
            if isinstance(part, str):
                out.append(part)
                continue
            kind, args, in_string = part
            value: object
            if kind == "n":
                value = n
            elif kind == "uuid":
                value = str(uuid.UUID(int=rng.getrandbits(128), version=4))
            elif kind == "now":
                when = datetime.fromtimestamp(now() if now else datetime.now(UTC).timestamp(),
                                              UTC)
                value = when.isoformat(timespec="milliseconds").replace("+00:00", "Z")
            elif kind == "rand":
                value = rng.randint(int(str(args[0])), int(str(args[1])))
            else:
                value = rng.choice(args)
            if in_string:
                out.append(json.dumps(str(value))[1:-1])
            elif isinstance(value, int) or (kind == "choice" and _SCALAR.fullmatch(str(value))):
                out.append(str(value))
            else:
                out.append(json.dumps(str(value)))
        return "".join(out)


def _placeholder(body: str) -> tuple[tuple[str, tuple[object, ...]] | None, str]:
    """(kind, args) of one placeholder's inside, or why not."""
    name, _, rest = body.strip().partition(":")
    name = name.strip()
    if name in ("n", "uuid", "now"):
        return ((name, ()), "") if not rest else (None, f"{{{{{name}}}}} takes no arguments")
    if name == "rand":
        match = re.fullmatch(r"\s*(-?\d{1,16})\s*:\s*(-?\d{1,16})\s*", rest)
        if not match:
            return None, "{{rand:LO:HI}} needs two whole numbers, e.g. {{rand:1:100}}"
        low, high = int(match.group(1)), int(match.group(2))
        if low > high:
            return None, f"{{{{rand:{low}:{high}}}}}: LO is above HI"
        if max(abs(low), abs(high)) > MAX_RAND:
            return None, "{{rand}}: at most 10^15 either way"
        return ("rand", (low, high)), ""
    if name == "choice":
        options = tuple(o.strip() for o in rest.split(","))
        if not rest.strip() or any(not o for o in options):
            return None, "{{choice:a,b,c}} needs options, none of them empty"
        if len(options) > MAX_CHOICES:
            return None, f"{{{{choice}}}}: at most {MAX_CHOICES} options"
        return ("choice", options), ""
    return None, "known placeholders: {{n}}, {{uuid}}, {{now}}, {{rand:LO:HI}}, {{choice:a,b}}"


def _where(text: str, index: int) -> str:
    line = text.count("\n", 0, index) + 1
    column = index - (text.rfind("\n", 0, index) + 1) + 1
    return f"line {line}, column {column}" if "\n" in text else f"column {column}"


def parse_template(text: str) -> tuple[Template | None, list[Issue]]:
    """The template, or one issue that says where and why it cannot be used."""
    if not text.strip():
        return None, [Issue("template", "empty: type JSON, e.g. {\"n\": {{n}}}")]
    if len(text) > MAX_TEMPLATE_CHARS:
        return None, [Issue("template", f"at most {MAX_TEMPLATE_CHARS:,} characters "
                                        f"(got {len(text):,})")]
    if re.search("[\ud800-\udfff]", text):
        return None, [Issue("template", "has a character that is not valid Unicode")]
    parts: list[Part] = []
    stand_ins: list[str] = []
    in_string = escaped = False
    depth = 0
    literal: list[str] = []
    i = 0
    while i < len(text):
        if text.startswith("{{", i):
            end = text.find("}}", i + 2)
            if end < 0:
                return None, [Issue("template", f"{{{{ at {_where(text, i)} is never closed "
                                                "with }}")]
            parsed, why = _placeholder(text[i + 2:end])
            if parsed is None:
                return None, [Issue("template", f"at {_where(text, i)}: {why}")]
            if not in_string:
                before = "".join(literal).rstrip() or "".join(stand_ins).rstrip()
                after = text[end + 2:].lstrip()
                if (before and before[-1] not in ":,[") or (after and after[0] not in ",]}"):
                    return None, [Issue("template", f"the placeholder at {_where(text, i)} must "
                                        "stand alone as a value, or sit inside quotes")]
            if literal:
                parts.append("".join(literal))
                stand_ins.append("".join(literal))
                literal = []
            parts.append((parsed[0], parsed[1], in_string))
            stand_ins.append("x" if in_string else "0")
            i = end + 2
            escaped = False
            continue
        ch = text[i]
        literal.append(ch)
        if in_string:
            if escaped:
                escaped = False
            elif ch == "\\":
                escaped = True
            elif ch == '"':
                in_string = False
        elif ch == '"':
            in_string = True
        elif ch in "[{":
            depth += 1
            if depth > MAX_DEPTH:
                return None, [Issue("template", f"nested deeper than {MAX_DEPTH} levels "
                                                f"(at {_where(text, i)})")]
        elif ch in "]}":
            depth -= 1
        i += 1
    if literal:
        parts.append("".join(literal))
        stand_ins.append("".join(literal))
    sample = "".join(stand_ins)
    try:  # numbers stay text: a 5,000-digit one is valid JSON (Python's int() would refuse it)
        json.loads(sample, parse_int=str, parse_float=str, parse_constant=_not_json)
    except ValueError as exc:  # JSONDecodeError too
        pos = getattr(exc, "pos", None)
        msg = getattr(exc, "msg", str(exc))
        near = f" near {sample[max(0, pos - 12):pos + 12]!r}" if pos is not None else ""
        return None, [Issue("template", f"not valid JSON: {msg}{near}")]
    except RecursionError:
        return None, [Issue("template", "nested too deep to check")]
    return Template(text, tuple(parts)), []


def _not_json(name: str) -> object:
    raise ValueError(f"{name} is not a JSON value")
