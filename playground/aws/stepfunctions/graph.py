"""A state machine laid out as text: boxes from StartAt down, each followed by its ways out
(Next, Choice rules, Default, Catch); Parallel branches and Map processors nested inside.

Any definition gets a drawing, however it came to the target: a part that cannot be drawn
says why in its place ("cannot draw: States must be an object"), and at most MAX_DRAWN
states are drawn (a 1 MB definition holds thousands), the rest counted.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any, Literal

from rich.cells import cell_len, set_cell_size

from playground.aws.stepfunctions.validate import (
    MAX_NAME,
    kind_of,
    nested_scopes,
    parse_json,
    shorten,
    shown,
    transitions,
    validate,
)
from playground.aws.validation import Issue
from playground.patterns.json_input import JsonLimitError, check_json, printable

LineKind = Literal["box", "note", "edge", "arrow", "label", "problem", "source"]
MIN_INNER = 18
INDENT = "    "
MAX_DRAWN = 300
"""States drawn at most: a drawing is built whole and redrawn on every step of an execution."""
MAX_KIND = 16
MAX_NOTE_INNER = 36
"""A box widens for its notes (retriers, a Map's items) up to this; longer notes end in …."""
MIN_ERRORS = 12
"""Characters of a retrier's error names kept before its MaxDelaySeconds and jitter give way."""
MAX_RETRY_NOTES = 3
"""Retriers noted in a box; the rest are counted (all of them are in the state's details)."""
MAX_SHOWN_NOTE = 200
"""Characters of one note in full (a state's details): an ItemSelector can be any size."""
SOURCE_LINES, SOURCE_WIDTH = 20, 120
"""How much of a definition that is not JSON is shown as the target holds it."""


@dataclass(frozen=True)
class GraphLine:
    text: str
    state: str | None = None
    """The state this line draws (its box, or one of its ways out), for coloring."""
    kind: LineKind = "box"
    target: str | None = None
    """For a way out ("edge"), the state it leads to."""


def order(scope: Any) -> list[str]:
    """States in reading order: every state below the states that lead to it (loops aside),
    the main path (Next, Default) straight after its state, Fail states last; unreachable
    states at the end, as written. Walked with a stack: a chain of thousands of states is
    fine."""
    states = scope.get("States") if isinstance(scope, dict) else None
    if not isinstance(states, dict):
        return []
    done: list[str] = []
    seen: set[str] = set()
    # Visited first ends up lowest: catchers, then choice rules, then Default, then Next.
    prio = {"": 3, "Default": 2}

    def key(out: tuple[str, str]) -> tuple[int, int]:
        label, target = out
        rank = 0 if _kind(states.get(target)) == "Fail" else 1
        return rank, prio.get(label, 0 if label.startswith("Catch ") else 1)

    stack: list[tuple[str, list[tuple[str, str]]]] = []

    def enter(name: Any) -> None:
        if isinstance(name, str) and name in states and name not in seen:
            seen.add(name)
            stack.append((name, sorted(transitions(states[name]), key=key)[::-1]))

    enter(scope.get("StartAt"))
    while stack:
        name, outs = stack[-1]
        if outs:
            enter(outs.pop()[1])
        else:
            stack.pop()
            done.append(name)
    ordered = list(reversed(done))
    return ordered + [n for n in states if n not in seen]


def cannot_draw(scope: Any) -> str | None:
    """Why a definition (or a branch) has no states to draw, if it has none."""
    if not isinstance(scope, dict):
        return f"the definition must be a JSON object (got {kind_of(scope)})"
    states = scope.get("States")
    if not isinstance(states, dict) or not states:
        got = kind_of(states) if not isinstance(states, dict) else "an empty object"
        return f"States must be an object with at least one state (got {got})"
    return None


def count_states(definition: Any) -> int:
    """States in the definition, nested ones included (without recursion)."""
    count, todo = 0, [definition]
    while todo:
        scope = todo.pop()
        states = scope.get("States") if isinstance(scope, dict) else None
        if isinstance(states, dict):
            count += len(states)
            for state in states.values():
                todo.extend(sub for _, sub in nested_scopes(state))
    return count


class _Budget:
    def __init__(self, limit: int) -> None:
        self.limit, self.drawn = limit, 0


def layout(definition: Any, indent: str = "", limit: int | None = MAX_DRAWN) -> list[GraphLine]:
    """The drawing of any value: a state machine's boxes, or one line saying why not. At most
    `limit` states are drawn (None: all of them, as `playground asl graph` does)."""
    if isinstance(definition, dict):
        try:
            check_json(definition)
        except JsonLimitError as exc:
            return [GraphLine(f"{indent}cannot draw: the definition {exc}", None, "problem")]
    budget = _Budget(count_states(definition) if limit is None else limit)
    lines = _scope(definition, indent, budget)
    left = count_states(definition) - budget.drawn
    if left > 0:
        lines.append(GraphLine(f"{indent}… {left:,} more states not drawn", None, "problem"))
    return lines


def _scope(scope: Any, indent: str, budget: _Budget) -> list[GraphLine]:
    reason = cannot_draw(scope)
    if reason is not None:
        return [GraphLine(f"{indent}cannot draw: {reason}", None, "problem")]
    states: dict[str, Any] = scope["States"]
    names = order(scope)
    notes = {n: notes_of(states[n]) for n in names}
    inner = max(MIN_INNER, *(len(_name(n)) + len(_kind_label(states[n])) + 3 for n in names),
                *(min(cell_len(text) + 2, MAX_NOTE_INNER) for n in names for text in notes[n]))
    lines: list[GraphLine] = []
    for i, name in enumerate(names):
        if budget.drawn >= budget.limit:
            break
        budget.drawn += 1
        state = states[name] if isinstance(states[name], dict) else {}
        following = names[i + 1] if i + 1 < len(names) else None
        lines.extend(_box(name, _kind_label(states[name]), inner, indent,
                          notes_of(state, inner - 2)))
        for label, sub in nested_scopes(state):
            lines.append(GraphLine(f"{indent}  ┆ {label}{_processor(state, label)}", name,
                                   "label"))
            lines.extend(_scope(sub, indent + INDENT, budget))
        # After a nested processor or branches, "│ ▼" would read as leaving their last state.
        compact = not any(True for _ in nested_scopes(state))
        lines.extend(_ways_out(name, state, following, inner, indent, compact))
    return lines


def _kind(state: Any) -> Any:
    return state.get("Type", "?") if isinstance(state, dict) else "?"


def _kind_label(state: Any) -> str:
    kind = _kind(state)
    return shorten(kind, MAX_KIND) if isinstance(kind, str) else shown(kind, MAX_KIND)


def _name(name: str) -> str:
    return shorten(name, MAX_NAME)


def _text(value: Any, limit: int = MAX_SHOWN_NOTE) -> str:
    """A definition's value on one line: strings as they are, the rest as compact JSON."""
    if isinstance(value, str):
        text = value
    else:
        try:
            text = json.dumps(value, ensure_ascii=False, separators=(", ", ": "))
        except (TypeError, ValueError):
            text = kind_of(value)
    return printable(shorten(" ".join(text.split()), limit))


def _number(value: Any, unit: str = "") -> str:
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return _text(value, 12)
    return f"{value}{unit}"


def retry_note(retrier: Any, width: int | None = None) -> str:
    """One retrier on one line: "retry States.TaskFailed ×3 2s ×2.0" (errors, MaxAttempts,
    IntervalSeconds, BackoffRate, then MaxDelaySeconds and JitterStrategy when given), the
    values AWS uses when a field is left out. Cut to `width`, the error names give way first."""
    if not isinstance(retrier, dict):
        return shorten(f"retry (not an object: {kind_of(retrier)})", width or MAX_SHOWN_NOTE)
    errors = retrier.get("ErrorEquals")
    names = ", ".join(_text(e, MAX_NAME) for e in errors) if isinstance(errors, list) else \
        _text(errors)
    rate = retrier.get("BackoffRate", 2.0)
    rate_text = str(float(rate)) if isinstance(rate, (int, float)) and \
        not isinstance(rate, bool) else _text(rate, 12)
    tail = (f" ×{_number(retrier.get('MaxAttempts', 3))}"
            f" {_number(retrier.get('IntervalSeconds', 1), 's')} ×{rate_text}")
    extras = []
    if "MaxDelaySeconds" in retrier:
        extras.append(f" ≤{_number(retrier['MaxDelaySeconds'], 's')}")
    if "JitterStrategy" in retrier:
        extras.append(f" jitter {_text(retrier['JitterStrategy'], 12)}")
    head = "retry "
    full = head + names + tail + "".join(extras)
    if width is None or len(full) <= width:
        return full
    dropped = False
    while True:  # the error names give way first (to MIN_ERRORS), then the extras
        ending = tail + "".join(extras) + ("…" if dropped else "")
        room = width - len(head) - len(ending)
        if room >= min(len(names), MIN_ERRORS) or not extras:
            break
        extras.pop()
        dropped = True
    if len(names) > room:
        names = names[:max(room - 1, 0)] + "…"
    text = head + names + ending
    return text if len(text) <= width else text[:width - 1] + "…"


def notes_of(state: Any, width: int | None = None) -> list[str]:
    """What a box says under its name: the retriers (at most MAX_RETRY_NOTES when cut to
    `width`, then how many more), and a Map's items (ItemsPath, Items or ItemReader) and
    ItemSelector. Full length without `width` (the state's details show them so)."""
    if not isinstance(state, dict):
        return []
    out: list[str] = []
    retriers = state.get("Retry")
    if isinstance(retriers, list):
        shown_retriers = retriers if width is None else retriers[:MAX_RETRY_NOTES]
        out.extend(retry_note(r, width) for r in shown_retriers)
        if len(retriers) > len(shown_retriers):
            out.append(f"+{len(retriers) - len(shown_retriers)} more retriers")
    more: list[str] = []
    if state.get("Type") == "Map":
        if "ItemsPath" in state:
            more.append(f"items {_text(state['ItemsPath'])}")
        if "Items" in state:
            more.append(f"items {_text(state['Items'])}")
        reader = state.get("ItemReader")
        if isinstance(reader, dict):
            resource = _text(reader.get("Resource", "?")).removeprefix("arn:aws:states:::")
            more.append(f"items from {resource}")
        for key, label in (("ItemSelector", "selector"), ("Parameters", "parameters")):
            if key in state:
                more.append(f"{label} {_text(state[key])}")
    out.extend(more if width is None else (shorten(text, width) for text in more))
    return out


def find_state(definition: Any, name: str) -> Any:
    """The state called `name` anywhere in the definition (branches and processors too)."""
    todo = [definition]
    while todo:
        scope = todo.pop()
        states = scope.get("States") if isinstance(scope, dict) else None
        if not isinstance(states, dict):
            continue
        if name in states:
            return states[name]
        for state in states.values():
            todo.extend(sub for _, sub in nested_scopes(state))
    return None


def _processor(state: dict[str, Any], label: str) -> str:
    """After a Map's processor label: how it runs (Mode, ExecutionType, MaxConcurrency)."""
    if state.get("Type") != "Map":
        return ""
    config = state[label].get("ProcessorConfig") if isinstance(state.get(label), dict) else None
    parts = [_text(config[k], 12) for k in ("Mode", "ExecutionType")
             if isinstance(config, dict) and k in config]
    if "MaxConcurrency" in state:
        parts.append(f"≤{_number(state['MaxConcurrency'])} at once")
    return f" ({', '.join(parts)})" if parts else ""


def _fit(text: str, width: int) -> str:
    """`text` made exactly `width` terminal cells: cut with … or padded (wide characters
    count two)."""
    if cell_len(text) > width:
        text = set_cell_size(text, width - 1) + "…"
    return text + " " * (width - cell_len(text))


def _box(name: str, kind: str, inner: int, indent: str,
         notes: list[str] | None = None) -> list[GraphLine]:
    label = _name(name)
    gap = inner - len(label) - len(kind) - 2
    top, bottom = ("╭", "╮"), ("╰", "╯")
    if kind in ("Succeed", "Fail"):
        top, bottom = ("┏", "┓"), ("┗", "┛")
        bar, side = "━", "┃"
    else:
        bar, side = "─", "│"
    return [GraphLine(f"{indent}{top[0]}{bar * inner}{top[1]}", name),
            GraphLine(f"{indent}{side} {label}{' ' * max(gap, 1)}{kind} {side}", name),
            *(GraphLine(f"{indent}{side} {_fit(note, inner - 2)} {side}", name, "note")
              for note in notes or []),
            GraphLine(f"{indent}{bottom[0]}{bar * inner}{bottom[1]}", name)]


def _ways_out(name: str, state: dict[str, Any], following: str | None, inner: int,
              indent: str, compact: bool = True) -> list[GraphLine]:
    outs = transitions(state)
    centre = indent + " " * (inner // 2 + 1)
    if compact and len(outs) == 1 and outs[0][0] == "" and outs[0][1] == following:
        return [GraphLine(f"{centre}│", name, "arrow"), GraphLine(f"{centre}▼", name, "arrow")]
    lines: list[GraphLine] = []
    ends = state.get("End") is True
    items: list[tuple[str, str | None]] = [
        (f"{label} → {_name(target)}" if label else f"Next → {_name(target)}", target)
        for label, target in outs]
    if ends:
        items.append(("End", None))
    for j, (item, target) in enumerate(items):
        branch = "└─" if j == len(items) - 1 else "├─"
        lines.append(GraphLine(f"{indent}  {branch} {item}", name, "edge", target))
    if following is not None:
        lines.append(GraphLine("", None, "label"))
    return lines


@dataclass(frozen=True)
class Drawing:
    """What the graph pane shows for a definition as a target holds it."""

    lines: list[GraphLine]
    problems: list[Issue]
    """What the local checks find (errors and warnings); empty for a definition AWS takes."""
    definition: dict[str, Any] | None = None
    """The definition when it is a JSON object (its states may still be broken)."""

    @property
    def drawn(self) -> bool:
        """At least one state is drawn."""
        return any(line.kind == "box" for line in self.lines)

    @property
    def reason(self) -> str | None:
        """Why nothing could be drawn, if nothing could."""
        return next((line.text.strip().removeprefix("cannot draw: ") for line in self.lines
                     if line.kind == "problem"), None) if not self.drawn else None


def draw_definition(text: str) -> Drawing:
    """Parse, check and lay out a definition's text; text that is not JSON (YAML, say) is
    shown as it is, under the reason it cannot be drawn."""
    value, issues = parse_json(text if isinstance(text, str) else str(text))
    if issues:
        source = [GraphLine(printable(line if len(line) <= SOURCE_WIDTH
                                      else line[:SOURCE_WIDTH - 1] + "…"), None, "source")
                  for line in text.splitlines()[:SOURCE_LINES]]
        more = text.count("\n") + 1 - SOURCE_LINES
        if more > 0:
            source.append(GraphLine(f"… {more:,} more lines", None, "source"))
        first = issues[0]
        reason = first.message if first.field == "definition" else \
            f"the definition is not JSON ({first.field}: {first.message.removeprefix('definition: ')})"
        return Drawing([GraphLine(f"cannot draw: {reason}", None, "problem"),
                        GraphLine("", None, "label"),
                        GraphLine("as the target holds it:", None, "label"), *source], issues)
    return Drawing(layout(value), validate(value), value if isinstance(value, dict) else None)
