"""Amazon States Language checks done locally, before anything is sent: clear messages, with
where the problem is (a JSON line/column, or the path of the state)."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

from playground.aws.validation import Issue

STATE_TYPES = ("Pass", "Task", "Choice", "Wait", "Succeed", "Fail", "Parallel", "Map")
TERMINAL_TYPES = ("Succeed", "Fail")
"""States that end an execution (or a branch) by themselves: no Next, no End."""
WAIT_FIELDS = ("Seconds", "Timestamp", "SecondsPath", "TimestampPath")
RETRY_CATCH_TYPES = ("Task", "Parallel", "Map")
MAX_INPUT_BYTES = 256 * 1024
"""StartExecution input: at most 256 KiB of UTF-8 (the service quota for payloads)."""


def parse_json(text: str, what: str = "definition") -> tuple[Any, list[Issue]]:
    """The parsed value, or the decoder's complaint with its line and column."""
    if not text.strip():
        return None, [Issue(what, "empty; JSON expected")]
    try:
        return json.loads(text), []
    except json.JSONDecodeError as exc:
        return None, [Issue(f"line {exc.lineno}, column {exc.colno}", f"{what}: {exc.msg}")]


def check_input(text: str) -> tuple[Any, list[Issue]]:
    """Execution input: any JSON value (`{}` when left empty), at most 256 KiB."""
    if not text.strip():
        return {}, []
    if len(text.encode()) > MAX_INPUT_BYTES:
        return None, [Issue("input", "more than 256 KiB (the StartExecution limit)")]
    return parse_json(text, "input")


def validate_text(text: str) -> tuple[dict[str, Any] | None, list[Issue]]:
    """Parse and check a definition; the dict is returned only when there is no issue."""
    value, issues = parse_json(text)
    if issues:
        return None, issues
    issues = validate(value)
    return (value if not issues else None), issues


def validate(definition: Any) -> list[Issue]:
    if not isinstance(definition, dict):
        return [Issue("", "the definition must be a JSON object with StartAt and States")]
    issues: list[Issue] = []
    seen: dict[str, str] = {}
    _check_scope(definition, "", issues, seen)
    return issues


def _check_scope(scope: dict[str, Any], path: str, issues: list[Issue],
                 seen: dict[str, str]) -> None:
    """One level of StartAt + States: the machine itself, a Parallel branch or a Map's processor.
    Transitions cannot leave their scope."""
    here = path or "definition"
    states = scope.get("States")
    start = scope.get("StartAt")
    if not isinstance(states, dict) or not states:
        issues.append(Issue(here, "States must be an object with at least one state"))
        return
    if not isinstance(start, str):
        issues.append(Issue(here, "StartAt is required: the name of the first state"))
    elif start not in states:
        issues.append(Issue(f"{path}StartAt" if path else "StartAt",
                            f"'{start}' is not a state in States"))
    for name, state in states.items():
        where = f"{path}States.{name}"
        if name in seen:
            issues.append(Issue(where, f"the name is used twice ({seen[name]}); state names "
                                       "must be unique in the whole state machine"))
        seen[name] = where
        if len(name) > 80:
            issues.append(Issue(where, "state names are at most 80 characters"))
        if not isinstance(state, dict):
            issues.append(Issue(where, "a state must be a JSON object"))
            continue
        _check_state(name, state, where, states, issues, seen)
    if isinstance(start, str) and start in states:
        reached = reachable(scope)
        for name in states:
            if name not in reached:
                issues.append(Issue(f"{path}States.{name}",
                                    f"not reachable from StartAt '{start}' (AWS refuses "
                                    "unreachable states)"))


def _check_state(name: str, state: dict[str, Any], where: str, states: dict[str, Any],
                 issues: list[Issue], seen: dict[str, str]) -> None:
    kind = state.get("Type")
    if kind not in STATE_TYPES:
        issues.append(Issue(f"{where}.Type", f"must be one of {', '.join(STATE_TYPES)}"
                            f" (got {json.dumps(kind)})"))
        return

    nested = where.count(".States.") > 0

    def target(field: str, value: Any) -> None:
        if not isinstance(value, str) or value not in states:
            why = " here (a transition cannot leave its branch)" if nested else ""
            issues.append(Issue(f"{where}.{field}", f"{json.dumps(value)} is not a state{why}"))

    if kind in TERMINAL_TYPES or kind == "Choice":
        for field in ("Next", "End"):
            if field in state:
                issues.append(Issue(f"{where}.{field}", f"a {kind} state cannot have {field}"))
    else:
        has_next, ends = "Next" in state, state.get("End") is True
        if has_next == ends:
            issues.append(Issue(where, "needs exactly one of Next (the following state) or "
                                       "\"End\": true"))
        if has_next:
            target("Next", state["Next"])
    if kind == "Choice":
        choices = state.get("Choices")
        if not isinstance(choices, list) or not choices:
            issues.append(Issue(f"{where}.Choices", "a Choice state needs a non-empty "
                                                    "Choices list"))
        else:
            for i, rule in enumerate(choices):
                if not isinstance(rule, dict) or "Next" not in rule:
                    issues.append(Issue(f"{where}.Choices[{i}]", "each choice rule needs Next"))
                else:
                    target(f"Choices[{i}].Next", rule["Next"])
        if "Default" in state:
            target("Default", state["Default"])
    if kind == "Wait" and sum(f in state for f in WAIT_FIELDS) != 1:
        issues.append(Issue(where, "a Wait state needs exactly one of " + ", ".join(WAIT_FIELDS)))
    if kind == "Task" and not isinstance(state.get("Resource"), str):
        issues.append(Issue(f"{where}.Resource", "a Task state needs a Resource (an ARN)"))
    for field in ("Retry", "Catch"):
        if field in state and kind not in RETRY_CATCH_TYPES:
            issues.append(Issue(f"{where}.{field}", f"only Task, Parallel and Map states "
                                                    f"have {field}"))
    for i, catcher in enumerate(state.get("Catch") or []):
        if not isinstance(catcher, dict) or not catcher.get("ErrorEquals"):
            issues.append(Issue(f"{where}.Catch[{i}]", "each catcher needs ErrorEquals"))
        if isinstance(catcher, dict):
            target(f"Catch[{i}].Next", catcher.get("Next"))
    for i, retrier in enumerate(state.get("Retry") or []):
        if not isinstance(retrier, dict) or not retrier.get("ErrorEquals"):
            issues.append(Issue(f"{where}.Retry[{i}]", "each retrier needs ErrorEquals"))
    for label, sub in nested_scopes(state):
        _check_scope(sub, f"{where}.{label}.", issues, seen)
    if kind == "Parallel" and not state.get("Branches"):
        issues.append(Issue(f"{where}.Branches", "a Parallel state needs at least one branch"))
    if kind == "Map" and not any(k in state for k in ("ItemProcessor", "Iterator")):
        issues.append(Issue(where, "a Map state needs an ItemProcessor"))


def nested_scopes(state: dict[str, Any]) -> Iterator[tuple[str, dict[str, Any]]]:
    """The StartAt + States blocks inside a Parallel (its branches) or a Map."""
    if state.get("Type") == "Parallel":
        for i, branch in enumerate(state.get("Branches") or []):
            if isinstance(branch, dict):
                yield f"Branches[{i}]", branch
    elif state.get("Type") == "Map":
        for key in ("ItemProcessor", "Iterator"):
            if isinstance(state.get(key), dict):
                yield key, state[key]


def transitions(state: dict[str, Any]) -> list[tuple[str, str]]:
    """(label, target) for every way out of a state, in reading order."""
    out: list[tuple[str, str]] = []
    for i, rule in enumerate(state.get("Choices") or []):
        if isinstance(rule, dict) and isinstance(rule.get("Next"), str):
            out.append((describe_rule(rule) or f"choice {i + 1}", rule["Next"]))
    if isinstance(state.get("Default"), str):
        out.append(("Default", state["Default"]))
    if isinstance(state.get("Next"), str):
        out.append(("", state["Next"]))
    for catcher in state.get("Catch") or []:
        if isinstance(catcher, dict) and isinstance(catcher.get("Next"), str):
            errors = catcher.get("ErrorEquals") or []
            out.append((f"Catch {', '.join(map(str, errors))}", catcher["Next"]))
    return out


COMPARATORS = {"Equals": "==", "LessThan": "<", "GreaterThan": ">", "LessThanEquals": "<=",
               "GreaterThanEquals": ">="}


def describe_rule(rule: dict[str, Any]) -> str:
    """A choice rule in a few words: `$.total >= 100`, `{% $x > 1 %}`, `And(…)`."""
    if "Condition" in rule:
        return str(rule["Condition"])
    for combinator in ("And", "Or", "Not"):
        if combinator in rule:
            inner = rule[combinator]
            parts = inner if isinstance(inner, list) else [inner]
            return f"{combinator}(" + ", ".join(describe_rule(p) for p in parts
                                                if isinstance(p, dict)) + ")"
    variable = rule.get("Variable", "?")
    for key, value in rule.items():
        if key in ("Variable", "Next"):
            continue
        for suffix, symbol in COMPARATORS.items():
            for kind in ("String", "Numeric", "Boolean", "Timestamp"):
                if key == f"{kind}{suffix}":
                    return f"{variable} {symbol} {json.dumps(value)}"
                if key == f"{kind}{suffix}Path":
                    return f"{variable} {symbol} {value}"
        return f"{variable} {key} {json.dumps(value)}"
    return str(variable)


def reachable(scope: dict[str, Any]) -> set[str]:
    states = scope.get("States") or {}
    todo = [scope.get("StartAt")]
    seen: set[str] = set()
    while todo:
        name = todo.pop()
        if not isinstance(name, str) or name in seen or name not in states:
            continue
        seen.add(name)
        if isinstance(states[name], dict):
            todo.extend(t for _, t in transitions(states[name]))
    return seen


NAME_FORBIDDEN = set(" \t\n<>{}[]?*\"#%\\^|~`$&,;:/")


def check_name(name: str, what: str = "name") -> list[Issue]:
    """State machine and execution names: 1–80 characters, no whitespace, brackets, wildcards
    or special characters (the API's rule; names with other non-ASCII characters cannot be
    logged to CloudWatch, so keep to letters, digits, - and _)."""
    if not name:
        return [Issue(what, "required")]
    if len(name) > 80:
        return [Issue(what, "at most 80 characters")]
    bad = sorted({c for c in name if c in NAME_FORBIDDEN or ord(c) < 32})
    if bad:
        shown = " ".join(repr(c) for c in bad)
        return [Issue(what, "no whitespace, brackets, wildcards or special characters "
                            f"(found {shown})")]
    return []
