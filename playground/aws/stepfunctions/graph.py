"""A state machine laid out as text: boxes from StartAt down, each followed by its ways out
(Next, Choice rules, Default, Catch); Parallel branches and Map processors nested inside."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Literal

from playground.aws.stepfunctions.validate import nested_scopes, transitions

LineKind = Literal["box", "edge", "arrow", "label"]
MIN_INNER = 18
INDENT = "    "


@dataclass(frozen=True)
class GraphLine:
    text: str
    state: str | None = None
    """The state this line draws (its box, or one of its ways out), for coloring."""
    kind: LineKind = "box"


def order(scope: dict[str, Any]) -> list[str]:
    """States in reading order: every state below the states that lead to it (loops aside),
    the main path (Next, Default) straight after its state, Fail states last; unreachable
    states at the end, as written."""
    states = scope.get("States") or {}
    done: list[str] = []
    visiting: set[str] = set()

    def rank(target: str) -> int:
        return 0 if _kind(states.get(target)) == "Fail" else 1

    def visit(name: Any) -> None:
        if not isinstance(name, str) or name not in states or name in visiting:
            return
        visiting.add(name)
        state = states[name]
        outs = transitions(state) if isinstance(state, dict) else []
        # Visited first ends up lowest: catchers, then choice rules, then Default, then Next.
        prio = {"": 3, "Default": 2}
        targets = sorted(outs, key=lambda o: (rank(o[1]), prio.get(o[0], 0 if o[0].startswith(
            "Catch ") else 1)))
        for _, target in targets:
            visit(target)
        done.append(name)

    visit(scope.get("StartAt"))
    seen = list(reversed(done))
    return seen + [n for n in states if n not in seen]


def layout(definition: dict[str, Any], indent: str = "") -> list[GraphLine]:
    states = definition.get("States") or {}
    names = order(definition)
    if not names:
        return [GraphLine(f"{indent}(no states)", None, "label")]
    inner = max(MIN_INNER, *(len(n) + len(str(_kind(states[n]))) + 3 for n in names))
    lines: list[GraphLine] = []
    for i, name in enumerate(names):
        state = states[name] if isinstance(states[name], dict) else {}
        kind = str(_kind(state))
        following = names[i + 1] if i + 1 < len(names) else None
        lines.extend(_box(name, kind, inner, indent))
        for label, sub in nested_scopes(state):
            lines.append(GraphLine(f"{indent}  ┆ {label}", name, "label"))
            lines.extend(layout(sub, indent + INDENT))
        lines.extend(_ways_out(name, state, following, inner, indent))
    return lines


def _kind(state: Any) -> Any:
    return state.get("Type", "?") if isinstance(state, dict) else "?"


def _box(name: str, kind: str, inner: int, indent: str) -> list[GraphLine]:
    gap = inner - len(name) - len(kind) - 2
    top, bottom = ("╭", "╮"), ("╰", "╯")
    if kind in ("Succeed", "Fail"):
        top, bottom = ("┏", "┓"), ("┗", "┛")
        bar, side = "━", "┃"
    else:
        bar, side = "─", "│"
    return [GraphLine(f"{indent}{top[0]}{bar * inner}{top[1]}", name),
            GraphLine(f"{indent}{side} {name}{' ' * max(gap, 1)}{kind} {side}", name),
            GraphLine(f"{indent}{bottom[0]}{bar * inner}{bottom[1]}", name)]


def _ways_out(name: str, state: dict[str, Any], following: str | None, inner: int,
              indent: str) -> list[GraphLine]:
    outs = transitions(state)
    centre = indent + " " * (inner // 2 + 1)
    if len(outs) == 1 and outs[0][0] == "" and outs[0][1] == following:
        return [GraphLine(f"{centre}│", name, "arrow"), GraphLine(f"{centre}▼", name, "arrow")]
    lines: list[GraphLine] = []
    ends = state.get("End") is True
    items = [(f"{label} → {target}" if label else f"Next → {target}") for label, target in outs]
    if ends:
        items.append("End")
    for j, item in enumerate(items):
        branch = "└─" if j == len(items) - 1 else "├─"
        lines.append(GraphLine(f"{indent}  {branch} {item}", name, "edge"))
    if following is not None:
        lines.append(GraphLine("", None, "label"))
    return lines
