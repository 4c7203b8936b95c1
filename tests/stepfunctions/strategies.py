"""Hypothesis strategies for state machine definitions: anything JSON holds (keys often the
States Language's own words), one mutation of a shipped sample, and valid machines of every
state type with nested branches."""

from __future__ import annotations

import copy
import itertools
import json
from typing import Any

from hypothesis import strategies as st

from playground.aws.stepfunctions.samples import load_samples

WORDS = ["StartAt", "States", "Type", "Next", "End", "Choices", "Default", "Branches",
         "Iterator", "ItemProcessor", "Catch", "Retry", "ErrorEquals", "Resource", "Seconds",
         "Condition", "Variable", "And", "Or", "Not", "QueryLanguage", "NumericEquals",
         "StringEquals", "BooleanEquals", "Parameters", "Arguments", "Output", "Comment"]
TYPES = ["Pass", "Task", "Choice", "Wait", "Succeed", "Fail", "Parallel", "Map"]

# Anything a text field can hold, lone surrogates and line breaks included.
CHAR = st.one_of(st.characters(), st.integers(0xD800, 0xDFFF).map(chr),
                 st.sampled_from(["\n", "\x00", "[", "/", "]", "{", "%", "$", "é", "✓"]))
TEXT = st.text(CHAR, max_size=12)
KEY = st.one_of(st.sampled_from(WORDS), TEXT)
SCALAR = st.one_of(st.none(), st.booleans(), st.integers(), st.floats(allow_nan=False,
                   allow_infinity=False), TEXT, st.sampled_from(TYPES + WORDS),
                   st.integers(0, 3000).map(lambda n: "a" * n))
VALUE = st.recursive(SCALAR, lambda inner: st.lists(inner, max_size=4)
                     | st.dictionaries(KEY, inner, max_size=5), max_leaves=20)
"""Any JSON value (as Python objects), a few levels deep."""


def nested(depth: int, leaf: Any) -> Any:
    """`depth` States blocks and lists inside each other, built without recursion."""
    value = leaf
    for level in range(depth):
        value = {"StartAt": "P", "States": {"P": {"Type": "Parallel", "End": True,
                                                  "Branches": [value]}}} if level % 2 else [value]
    return value


DEEP = st.builds(nested, st.integers(20, 1_500), VALUE)

STATE = st.one_of(
    st.fixed_dictionaries({"Type": st.sampled_from(TYPES)},
                          optional={k: st.one_of(VALUE, TEXT) for k in WORDS if k != "Type"}),
    VALUE)
MACHINE = st.fixed_dictionaries(
    {"StartAt": st.one_of(TEXT, VALUE),
     "States": st.one_of(st.dictionaries(TEXT, STATE, max_size=5), VALUE)},
    optional={k: VALUE for k in WORDS if k not in ("StartAt", "States")})
DEFINITION = st.one_of(MACHINE, VALUE, DEEP)
"""Definitions that look like state machines often enough to get past the first check."""


def _deep_text(depth: int, opener: str) -> str:
    closer = "]" if opener == "[" else "}"
    return opener * depth + ("1" if opener == "[" else "") + closer * depth


TEXTS = st.one_of(
    st.text(CHAR, max_size=200),
    VALUE.map(json.dumps),
    MACHINE.map(json.dumps),
    st.tuples(MACHINE.map(json.dumps), st.integers(0, 400)).map(lambda pair: pair[0][:pair[1]]),
    st.builds(_deep_text, st.integers(90, 20_000), st.just("[")),
    st.integers(90, 20_000).map(lambda n: '{"a":' * n + "1" + "}" * n),
    st.sampled_from(["NaN", "[Infinity]", "1e999", "9" * 5000, '"\\ud800"', "{}", "[]", "  "]),
)
"""What a target's definition or a learner's input may hold: JSON, cut JSON, not JSON, deep."""

SAMPLES = [json.loads(s.definition) for s in load_samples()]


def _places(value: Any) -> list[tuple[Any, Any]]:
    """Every (container, key or index) in a value, without recursion."""
    out: list[tuple[Any, Any]] = []
    todo = [value]
    while todo:
        node = todo.pop()
        items = node.items() if isinstance(node, dict) else enumerate(node) \
            if isinstance(node, list) else []
        for key, child in items:
            out.append((node, key))
            todo.append(child)
    return out


def _names(definition: Any) -> list[str]:
    names, todo = [], [definition]
    while todo:
        node = todo.pop()
        if isinstance(node, dict):
            if isinstance(node.get("States"), dict):
                names.extend(node["States"])
            todo.extend(node.values())
        elif isinstance(node, list):
            todo.extend(node)
    return names


@st.composite
def mutated_samples(draw: Any) -> Any:
    """A shipped sample with one thing changed: a value replaced (by anything, a deep value,
    another state's name or nowhere), a key dropped or renamed, a value wrapped in a list."""
    definition = copy.deepcopy(draw(st.sampled_from(SAMPLES)))
    container, key = draw(st.sampled_from(_places(definition)))
    how = draw(st.sampled_from(["replace", "deep", "retarget", "drop", "rename", "wrap"]))
    if how == "replace":
        container[key] = draw(VALUE)
    elif how == "deep":
        container[key] = nested(draw(st.integers(20, 1_500)), 1)
    elif how == "retarget":
        container[key] = draw(st.sampled_from([*_names(definition), "Nowhere", ""]))
    elif how == "drop":
        del container[key]
    elif how == "rename" and isinstance(container, dict):
        container[draw(KEY)] = container.pop(key)
    else:
        container[key] = [container[key]]
    return definition


RESOURCE = "arn:aws:states:::lambda:invoke"


@st.composite
def valid_definitions(draw: Any) -> dict[str, Any]:
    """A machine AWS takes: every state reachable (each leads on to the next, a Choice by its
    Default), the last one ending, Choice rules and Catch going anywhere in their scope (loops
    with a way out), Parallel branches and Map processors nested two levels at most; JSONPath
    or JSONata. State names hold any characters and are unique in the whole machine."""
    counter = itertools.count()
    jsonata = draw(st.booleans())

    def scope(depth: int) -> dict[str, Any]:
        names = [f"{draw(TEXT)}·{next(counter)}" for _ in range(draw(st.integers(1, 4)))]
        anywhere = st.sampled_from(names)
        states: dict[str, Any] = {}
        for i, name in enumerate(names):
            last = i == len(names) - 1
            kinds = ["Pass", "Task", "Wait", "Parallel", "Map"] + (
                ["Succeed", "Fail"] if last else ["Choice"])
            if depth >= 2:
                kinds = [k for k in kinds if k not in ("Parallel", "Map")]
            kind = draw(st.sampled_from(kinds))
            state: dict[str, Any] = {"Type": kind}
            if kind == "Choice":
                state["Choices"] = [
                    {"Condition": f"{{% $states.input.n = {j} %}}", "Next": draw(anywhere)}
                    if jsonata else
                    {"Variable": "$.n", "NumericEquals": j, "Next": draw(anywhere)}
                    for j in range(draw(st.integers(1, 3)))]
                state["Default"] = names[i + 1]
            elif kind not in ("Succeed", "Fail"):
                state.update({"End": True} if last else {"Next": names[i + 1]})
            if kind == "Task":
                state["Resource"] = RESOURCE
                if draw(st.booleans()):
                    state["Retry"] = [{"ErrorEquals": ["States.ALL"], "MaxAttempts": 1}]
            if kind == "Wait":
                state["Seconds"] = draw(st.integers(0, 5))
            if kind == "Parallel":
                state["Branches"] = [scope(depth + 1) for _ in range(draw(st.integers(1, 2)))]
            if kind == "Map":
                state[draw(st.sampled_from(["ItemProcessor", "Iterator"]))] = scope(depth + 1)
            if kind in ("Task", "Parallel", "Map") and draw(st.booleans()):
                state["Catch"] = [{"ErrorEquals": ["States.ALL"], "Next": draw(anywhere)}]
            if kind == "Fail" and draw(st.booleans()):
                state.update({"Error": draw(TEXT), "Cause": draw(TEXT)})
            states[name] = state
        return {"StartAt": names[0], "States": states}

    definition = scope(0)
    if jsonata:
        definition = {"QueryLanguage": "JSONata", **definition}
    return definition
