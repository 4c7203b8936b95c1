"""Amazon States Language checks done locally, before anything is sent: clear messages, with
where the problem is (a JSON line/column, or the path of the state).

Definitions also come from targets (made elsewhere, with anything in them), so every function
here takes any value and answers with issues, never an exception: nesting is measured without
recursion before anything recurses, sizes are bounded by the service's own limits, and values
quoted in a message are cut short and printable.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

from playground.aws.validation import Issue
from playground.patterns.json_input import (
    MAX_DEPTH,
    MAX_INT_DIGITS,
    JsonLimitError,
    check_json,
    printable,
)

STATE_TYPES = ("Pass", "Task", "Choice", "Wait", "Succeed", "Fail", "Parallel", "Map")
TERMINAL_TYPES = ("Succeed", "Fail")
"""States that end an execution (or a branch) by themselves: no Next, no End."""
WAIT_FIELDS = ("Seconds", "Timestamp", "SecondsPath", "TimestampPath")
RETRY_CATCH_TYPES = ("Task", "Parallel", "Map")
QUERY_LANGUAGES = ("JSONPath", "JSONata")
MAX_INPUT_BYTES = 256 * 1024
"""StartExecution input: at most 256 KiB of UTF-8 (the service quota for payloads)."""
MAX_DEFINITION_BYTES = 1024 * 1024
"""CreateStateMachine definition: at most 1,048,576 (the API model's `Definition` max)."""
MAX_NAME = 80
"""State, state machine and execution names: at most 80 characters."""
MAX_SHOWN = 40
"""Characters of a value quoted in a message (a 1 MB value reads as its start)."""

LIMITS = {"definition": (MAX_DEFINITION_BYTES, "1 MiB", "CreateStateMachine"),
          "input": (MAX_INPUT_BYTES, "256 KiB", "StartExecution"),
          "output": (MAX_INPUT_BYTES, "256 KiB", "SendTaskSuccess")}


def shorten(text: str, limit: int = MAX_SHOWN) -> str:
    """`text` on one line, printable, at most `limit` characters (an ellipsis in the middle)."""
    text = printable(text)
    if len(text) <= limit:
        return text
    head = limit * 2 // 3
    return f"{text[:head]}…{text[-(limit - head - 1):]}"


def shown(value: Any, limit: int = MAX_SHOWN) -> str:
    """A value quoted in a message: as JSON, short."""
    try:
        text = json.dumps(value, ensure_ascii=False)
    except (TypeError, ValueError, RecursionError):
        text = f"a {type(value).__name__}"
    return shorten(text, limit)


def kind_of(value: Any) -> str:
    """What a value is, in JSON's words: `a list`, `a number`…"""
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
    if isinstance(value, dict):
        return "an object"
    return f"a {type(value).__name__}"


def _reject_constant(name: str) -> Any:
    raise ValueError(f"{name} is not a JSON value")


def _int(text: str) -> int:
    if len(text.lstrip("-")) > MAX_INT_DIGITS:
        raise ValueError(f"holds a {len(text):,}-digit integer; the playground reads at most "
                         f"{MAX_INT_DIGITS:,} digits")
    return int(text)


def parse_json(text: str, what: str = "definition") -> tuple[Any, list[Issue]]:
    """The parsed value, or the decoder's complaint with its line and column. Bounded: at most
    the service's size for `what` (a definition or an input), at most MAX_DEPTH objects and
    arrays inside each other (measured without recursion), no NaN or Infinity."""
    if not text.strip():
        return None, [Issue(what, "empty; JSON expected")]
    limit, limit_words, api = LIMITS.get(what, LIMITS["definition"])
    if len(text) > limit or len(text.encode("utf-8", "surrogatepass")) > limit:
        return None, [Issue(what, f"more than {limit_words} (the {api} limit)")]
    try:
        value = json.loads(text, parse_constant=_reject_constant, parse_int=_int)
    except RecursionError:
        return None, [Issue(what, f"nested more than {MAX_DEPTH} levels deep (objects and "
                                  f"arrays inside each other); the playground reads at most "
                                  f"{MAX_DEPTH}")]
    except json.JSONDecodeError as exc:
        return None, [Issue(f"line {exc.lineno}, column {exc.colno}", f"{what}: {exc.msg}")]
    except ValueError as exc:
        return None, [Issue(what, str(exc))]
    try:
        check_json(value)
    except JsonLimitError as exc:
        return None, [Issue(what, str(exc).removeprefix("is "))]
    return value, []


def check_input(text: str) -> tuple[Any, list[Issue]]:
    """Execution input: any JSON value, at most 256 KiB. Empty is refused, not replaced: AWS
    needs JSON too (`{}` for none), and the learner should see what is sent."""
    if not text.strip():
        return None, [Issue("input", "empty: type {} to start with an empty object (StartExecution "
                                     "needs JSON)")]
    return parse_json(text, "input")


def validate_text(text: str) -> tuple[dict[str, Any] | None, list[Issue]]:
    """Parse and check a definition; the dict is returned only when no issue blocks it."""
    value, issues = parse_json(text)
    if issues:
        return None, issues
    issues = validate(value)
    ok = isinstance(value, dict) and not any(i.blocking for i in issues)
    return (value if ok else None), issues


def validate(definition: Any) -> list[Issue]:
    """Every problem found, errors and warnings; an empty list for a definition AWS takes."""
    if not isinstance(definition, dict):
        return [Issue("", "the definition must be a JSON object with StartAt and States "
                          f"(got {kind_of(definition)})")]
    try:
        check_json(definition)
    except JsonLimitError as exc:
        return [Issue("", f"the definition {exc}")]
    issues: list[Issue] = []
    _check_language(definition, "QueryLanguage", issues)
    _check_scope(definition, "", issues, {}, _language(definition, "JSONPath"))
    return issues
# A state without QueryLanguage takes the machine's (its enclosing Parallel's or Map's does
# not count: AWS says "the top-level QueryLanguage").


JSONPATH_ONLY = ("InputPath", "Parameters", "ResultSelector", "ResultPath", "OutputPath",
                 "ItemsPath", "SecondsPath", "TimestampPath", "ErrorPath", "CausePath",
                 "TimeoutSecondsPath", "HeartbeatSecondsPath")
"""Fields a JSONata state cannot have (AWS: JSONata states have Arguments and Output instead
of the five JSONPath fields; the *Path fields of Map, Wait, Fail and Task are JSONPath only)."""
JSONATA_ONLY = ("Arguments", "Output", "Items")
"""Fields only a JSONata state has (Assign is in both)."""
INSTEAD = {"InputPath": "Arguments ($states.input)", "Parameters": "Arguments",
           "ResultSelector": "Output ($states.result)", "ResultPath": "Output or Assign",
           "OutputPath": "Output", "ItemsPath": "Items", "SecondsPath": "Seconds",
           "TimestampPath": "Timestamp", "ErrorPath": "Error", "CausePath": "Cause",
           "TimeoutSecondsPath": "TimeoutSeconds", "HeartbeatSecondsPath": "HeartbeatSeconds"}
NESTED_KEYS = ("Branches", "ItemProcessor", "Iterator")
"""A state's fields holding other states: their strings are checked with their own states."""
NOT_EXPRESSIONS = ("Next", "Default", "Comment", "Type", "QueryLanguage", "Resource",
                   "ErrorEquals")
"""Fields whose strings are names or text, never JSONata (a state may be called "{% x")."""
MAX_EXPRESSIONS = 20
"""Problems with {% %} strings named per state; a generated definition can hold thousands."""


def _language(holder: dict[str, Any], inherited: str) -> str:
    """The query language that applies: the holder's own if it names a valid one."""
    language = holder.get("QueryLanguage")
    return language if language in QUERY_LANGUAGES else inherited


def _strings(value: Any, where: str) -> Iterator[tuple[str, str]]:
    """(field, string) for every string in a state's fields, keys of nested states left out;
    walked with a stack (check_json bounds the depth and size)."""
    todo: list[tuple[Any, str]] = [(value, where)]
    while todo:
        item, at = todo.pop()
        if isinstance(item, str):
            yield at, item
        elif isinstance(item, dict):
            todo.extend((v, f"{at}.{shorten(str(k))}") for k, v in item.items()
                        if k not in NOT_EXPRESSIONS and not (at == where and k in NESTED_KEYS))
        elif isinstance(item, list):
            todo.extend((v, f"{at}[{i}]") for i, v in enumerate(item))


def _check_query_language(state: dict[str, Any], where: str, language: str,
                          issues: list[Issue]) -> None:
    """Fields of the other language, and {% %} expressions: whole in a JSONata state, plain
    text (so probably a mistake) in a JSONPath one."""
    if language == "JSONata":
        for field in JSONPATH_ONLY:
            if field in state:
                issues.append(Issue(f"{where}.{field}", f"is JSONPath only: in a JSONata state "
                                                        f"use {INSTEAD[field]}"))
    else:
        for field in JSONATA_ONLY:
            if field in state:
                issues.append(Issue(f"{where}.{field}", "is JSONata only: set \"QueryLanguage\""
                                                        ": \"JSONata\" on the state or the "
                                                        "machine, or use the JSONPath fields"))
    found = 0
    for field, text in _strings(state, where):
        if found >= MAX_EXPRESSIONS:
            break
        stripped = text.strip()
        opens, closes = stripped.startswith("{%"), stripped.endswith("%}")
        if not (opens or closes):
            continue
        message = None
        if language != "JSONata":
            if not (opens and closes):
                continue
            message = ("{% %} is JSONata: in a JSONPath state it is plain text, not an "
                       "expression")
        elif opens != closes or (opens and len(stripped) < 4):
            message = ("starts with {% but does not end with %}" if opens and not closes else
                       "ends with %} but does not start with {%" if closes and not opens else
                       "opens and closes nothing")
            message += ": it is read as plain text, not a JSONata expression"
        elif opens and not stripped[2:-2].strip():
            message = "an empty {% %} expression"
        elif opens and text != stripped:
            message = ("has spaces around {% %}: only a string that is exactly {% … %} is an "
                       "expression")
        if message is not None:
            found += 1
            issues.append(Issue(field, message, "warning"))
    if language == "JSONata":
        for field in ("Arguments", "Output"):
            keys = state[field] if isinstance(state.get(field), dict) else {}
            for key in list(keys)[:MAX_EXPRESSIONS]:
                if isinstance(key, str) and key.endswith(".$"):
                    issues.append(Issue(f"{where}.{field}.{shorten(key)}",
                                        "keys ending in .$ are JSONPath: in a JSONata state the "
                                        "key is kept as written and its value is not a path "
                                        "(use {% %})", "warning"))


def _check_language(holder: dict[str, Any], where: str, issues: list[Issue]) -> None:
    language = holder.get("QueryLanguage")
    if language is not None and language not in QUERY_LANGUAGES:
        issues.append(Issue(where, f"must be JSONPath or JSONata (got {shown(language)})"))


def _check_scope(scope: dict[str, Any], path: str, issues: list[Issue],
                 seen: dict[str, str], language: str = "JSONPath") -> None:
    """One level of StartAt + States: the machine itself, a Parallel branch or a Map's processor.
    Transitions cannot leave their scope."""
    here = path.removesuffix(".") or "definition"
    states = scope.get("States")
    start = scope.get("StartAt")
    if not isinstance(states, dict) or not states:
        got = f" (got {kind_of(states)})" if not isinstance(states, dict) else ""
        issues.append(Issue(here, f"States must be an object with at least one state{got}"))
        return
    if start is None:
        issues.append(Issue(here, "StartAt is required: the name of the first state"))
    elif not isinstance(start, str):
        issues.append(Issue(f"{path}StartAt", "must be the name of the first state "
                                              f"(got {shown(start)})"))
    elif start not in states:
        issues.append(Issue(f"{path}StartAt", f"'{shorten(start)}' is not a state in States"))
    for name, state in states.items():
        where = f"{path}States.{shorten(name, MAX_NAME + 1)}"
        if name in seen:
            issues.append(Issue(where, f"the name is used twice ({seen[name]}); state names "
                                       "must be unique in the whole state machine"))
        seen[name] = where
        if len(name) > MAX_NAME:
            issues.append(Issue(where, f"state names are at most {MAX_NAME} characters"))
        if not isinstance(state, dict):
            issues.append(Issue(where, f"a state must be a JSON object (got {kind_of(state)})"))
            continue
        _check_state(state, where, states, issues, seen, language)
    if isinstance(start, str) and start in states:
        _check_paths(scope, path, here, issues)


def _check_paths(scope: dict[str, Any], path: str, here: str, issues: list[Issue]) -> None:
    """Every state reachable from StartAt, some state ending the workflow, and (a warning) no
    loop that nothing leaves."""
    states: dict[str, Any] = scope["States"]
    reached = reachable(scope)
    for name in states:
        if name not in reached:
            issues.append(Issue(f"{path}States.{shorten(name, MAX_NAME + 1)}",
                                f"not reachable from StartAt '{shorten(scope['StartAt'])}' "
                                "(AWS refuses unreachable states)"))
    ends = {name for name, state in states.items() if _ends(state)}
    if not ends:
        issues.append(Issue(here, "no state ends the workflow: it needs a Succeed or Fail "
                                  "state, or one with \"End\": true (AWS: MISSING_END_STATE)"))
        return
    edges = {name: [t for _, t in transitions(state)] if isinstance(state, dict) else []
             for name, state in states.items()}
    if any(t not in states for name in reached for t in edges[name]):
        return  # a transition to nowhere is an error already; the loops it makes say nothing
    leads_in: dict[str, list[str]] = {}
    for name, targets in edges.items():
        for t in targets:
            leads_in.setdefault(t, []).append(name)
    can_end, todo = set(ends), list(ends)
    while todo:
        for before in leads_in.get(todo.pop(), []):
            if before not in can_end:
                can_end.add(before)
                todo.append(before)
    stuck = [name for name in states if name in reached and name not in can_end]
    if stuck:
        names = ", ".join(shorten(n) for n in stuck[:5]) + (" …" if len(stuck) > 5 else "")
        issues.append(Issue(here, f"no way out of the loop through {names}: an execution that "
                                  "gets there runs until it times out", "warning"))


def _ends(state: Any) -> bool:
    if not isinstance(state, dict):
        return False
    kind = state.get("Type")
    return kind in TERMINAL_TYPES or (kind != "Choice" and state.get("End") is True)


def _check_state(state: dict[str, Any], where: str, states: dict[str, Any],
                 issues: list[Issue], seen: dict[str, str], language: str = "JSONPath") -> None:
    kind = state.get("Type")
    if kind not in STATE_TYPES:
        issues.append(Issue(f"{where}.Type", f"must be one of {', '.join(STATE_TYPES)}"
                            f" (got {shown(kind)})"))
        return
    _check_language(state, f"{where}.QueryLanguage", issues)
    _check_query_language(state, where, _language(state, language), issues)

    nested = where.count(".States.") > 0

    def target(field: str, value: Any) -> None:
        if not isinstance(value, str) or value not in states:
            why = " here (a transition cannot leave its branch)" if nested else ""
            issues.append(Issue(f"{where}.{field}", f"{shown(value)} is not a state{why}"))

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
            got = f" (got {kind_of(choices)})" if not isinstance(choices, list) else ""
            issues.append(Issue(f"{where}.Choices", "a Choice state needs a non-empty "
                                                    f"Choices list{got}"))
        else:
            for i, rule in enumerate(choices):
                if not isinstance(rule, dict) or "Next" not in rule:
                    issues.append(Issue(f"{where}.Choices[{i}]", "each choice rule needs Next"))
                else:
                    target(f"Choices[{i}].Next", rule["Next"])
                if isinstance(rule, dict):
                    _check_rule_language(rule, f"{where}.Choices[{i}]",
                                         _language(state, language), issues)
        if "Default" in state:
            target("Default", state["Default"])
    if kind == "Wait" and sum(f in state for f in WAIT_FIELDS) != 1:
        issues.append(Issue(where, "a Wait state needs exactly one of " + ", ".join(WAIT_FIELDS)))
    if kind == "Task" and not isinstance(state.get("Resource"), str):
        issues.append(Issue(f"{where}.Resource", "a Task state needs a Resource (an ARN)"))
    for field in ("Retry", "Catch"):
        if field not in state:
            continue
        if kind not in RETRY_CATCH_TYPES:
            issues.append(Issue(f"{where}.{field}", f"only Task, Parallel and Map states "
                                                    f"have {field}"))
        elif not isinstance(state[field], list):
            issues.append(Issue(f"{where}.{field}", f"must be a list (got {kind_of(state[field])})"))
    for i, catcher in enumerate(_list(state.get("Catch"))):
        if not isinstance(catcher, dict) or not _errors(catcher):
            issues.append(Issue(f"{where}.Catch[{i}]", "each catcher needs ErrorEquals, a "
                                                       "non-empty list of error names"))
        if isinstance(catcher, dict):
            target(f"Catch[{i}].Next", catcher.get("Next"))
    for i, retrier in enumerate(_list(state.get("Retry"))):
        if not isinstance(retrier, dict) or not _errors(retrier):
            issues.append(Issue(f"{where}.Retry[{i}]", "each retrier needs ErrorEquals, a "
                                                       "non-empty list of error names"))
    if kind == "Parallel":
        branches = state.get("Branches")
        if not isinstance(branches, list) or not branches:
            got = f" (got {kind_of(branches)})" if branches is not None else ""
            issues.append(Issue(f"{where}.Branches", f"a Parallel state needs at least one "
                                                     f"branch{got}"))
        else:
            for i, branch in enumerate(branches):
                if not isinstance(branch, dict):
                    issues.append(Issue(f"{where}.Branches[{i}]", "a branch must be an object "
                                        f"with StartAt and States (got {kind_of(branch)})"))
    if kind == "Map":
        given = [k for k in ("ItemProcessor", "Iterator") if k in state]
        if not given:
            issues.append(Issue(where, "a Map state needs an ItemProcessor"))
        for key in given:
            if not isinstance(state[key], dict):
                issues.append(Issue(f"{where}.{key}", "must be an object with StartAt and "
                                                      f"States (got {kind_of(state[key])})"))
    for label, sub in nested_scopes(state):
        _check_scope(sub, f"{where}.{label}.", issues, seen, language)


def _check_rule_language(rule: dict[str, Any], where: str, language: str,
                         issues: list[Issue]) -> None:
    """A JSONata choice rule is a Condition; a JSONPath one names a Variable (or And/Or/Not)."""
    if language == "JSONata":
        if "Condition" not in rule:
            issues.append(Issue(where, "a JSONata choice rule needs Condition, a {% … %} "
                                       "expression that is true or false"))
        for field in ("Variable", "And", "Or", "Not"):
            if field in rule:
                issues.append(Issue(f"{where}.{field}", "is JSONPath only: a JSONata choice "
                                                        "rule has Condition instead"))
    elif "Condition" in rule:
        issues.append(Issue(f"{where}.Condition", "is JSONata only: set \"QueryLanguage\": "
                                                  "\"JSONata\", or use Variable and a "
                                                  "comparison"))


def _list(value: Any) -> list[Any]:
    return value if isinstance(value, list) else []


def _errors(rule: dict[str, Any]) -> list[Any]:
    errors = rule.get("ErrorEquals")
    return errors if isinstance(errors, list) else []


def nested_scopes(state: Any) -> Iterator[tuple[str, dict[str, Any]]]:
    """The StartAt + States blocks inside a Parallel (its branches) or a Map; parts of the
    wrong type are left out (the checks name them)."""
    if not isinstance(state, dict):
        return
    if state.get("Type") == "Parallel":
        for i, branch in enumerate(_list(state.get("Branches"))):
            if isinstance(branch, dict):
                yield f"Branches[{i}]", branch
    elif state.get("Type") == "Map":
        for key in ("ItemProcessor", "Iterator"):
            if isinstance(state.get(key), dict):
                yield key, state[key]


MAX_LABEL = 60
"""Characters of a way out's label in the drawing (a JSONata condition can be long)."""


def transitions(state: Any) -> list[tuple[str, str]]:
    """(label, target) for every way out of a state, in reading order; only string targets."""
    if not isinstance(state, dict):
        return []
    out: list[tuple[str, str]] = []
    for i, rule in enumerate(_list(state.get("Choices"))):
        if isinstance(rule, dict) and isinstance(rule.get("Next"), str):
            out.append((shorten(describe_rule(rule), MAX_LABEL) or f"choice {i + 1}",
                        rule["Next"]))
    if isinstance(state.get("Default"), str):
        out.append(("Default", state["Default"]))
    if isinstance(state.get("Next"), str):
        out.append(("", state["Next"]))
    for catcher in _list(state.get("Catch")):
        if isinstance(catcher, dict) and isinstance(catcher.get("Next"), str):
            errors = ", ".join(e if isinstance(e, str) else shown(e) for e in _errors(catcher)) or "?"
            out.append((shorten(f"Catch {errors}", MAX_LABEL), catcher["Next"]))
    return out


COMPARATORS = {"Equals": "==", "LessThan": "<", "GreaterThan": ">", "LessThanEquals": "<=",
               "GreaterThanEquals": ">="}
MAX_RULE_DEPTH = 4
"""And/Or/Not inside each other spelled out in a label; deeper ones read as …."""


def describe_rule(rule: dict[str, Any], depth: int = 0) -> str:
    """A choice rule in a few words: `$.total >= 100`, `{% $x > 1 %}`, `And(…)`."""
    if "Condition" in rule:
        condition = rule["Condition"]
        return condition if isinstance(condition, str) else shown(condition)
    for combinator in ("And", "Or", "Not"):
        if combinator in rule:
            if depth >= MAX_RULE_DEPTH:
                return f"{combinator}(…)"
            inner = rule[combinator]
            parts = inner if isinstance(inner, list) else [inner]
            words = [describe_rule(p, depth + 1) for p in parts[:MAX_RULE_DEPTH]
                     if isinstance(p, dict)]
            more = ", …" if len(parts) > MAX_RULE_DEPTH else ""
            return f"{combinator}(" + ", ".join(words) + more + ")"
    variable = rule.get("Variable", "?")
    variable = variable if isinstance(variable, str) else shown(variable)
    for key, value in rule.items():
        if key in ("Variable", "Next"):
            continue
        for suffix, symbol in COMPARATORS.items():
            for kind in ("String", "Numeric", "Boolean", "Timestamp"):
                if key == f"{kind}{suffix}":
                    return f"{variable} {symbol} {shown(value)}"
                if key == f"{kind}{suffix}Path":
                    return f"{variable} {symbol} {value if isinstance(value, str) else shown(value)}"
        return f"{variable} {key} {shown(value)}"
    return variable


def reachable(scope: dict[str, Any]) -> set[str]:
    states = scope.get("States")
    if not isinstance(states, dict):
        return set()
    todo = [scope.get("StartAt")]
    seen: set[str] = set()
    while todo:
        name = todo.pop()
        if not isinstance(name, str) or name in seen or name not in states:
            continue
        seen.add(name)
        todo.extend(t for _, t in transitions(states[name]))
    return seen


NAME_FORBIDDEN = set(" \t\n<>{}[]?*\"#%\\^|~`$&,;:/")


def check_name(name: str, what: str = "name") -> list[Issue]:
    """State machine and execution names: 1–80 characters, no whitespace, brackets, wildcards
    or special characters (the API's rule; names with other non-ASCII characters cannot be
    logged to CloudWatch, so keep to letters, digits, - and _)."""
    if not name:
        return [Issue(what, "required")]
    if len(name) > MAX_NAME:
        return [Issue(what, f"at most {MAX_NAME} characters")]
    bad = sorted({c for c in name if c in NAME_FORBIDDEN or ord(c) < 32})
    if bad:
        shown_chars = " ".join(repr(c) for c in bad)
        return [Issue(what, "no whitespace, brackets, wildcards or special characters "
                            f"(found {shown_chars})")]
    return []
