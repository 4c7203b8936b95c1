"""TestState: one state run with an input, without a state machine, as the console's "Test
state" does.

From the botocore model's TestState docs: it runs one state (Pass, Wait, Choice, Succeed, Fail
and Task types other than Activity); `inspectionLevel` INFO gives the output, DEBUG also the
data at each step of input and output processing (InputPath, Parameters, ResultSelector,
ResultPath, or Arguments for JSONata), TRACE also the raw HTTP request and response of an HTTP
Task; the answer's status is SUCCEEDED, FAILED, RETRIABLE or CAUGHT_ERROR, with nextState.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

from playground.aws.stepfunctions.remote import role_arn
from playground.aws.stepfunctions.validate import check_input, kind_of, parse_json
from playground.aws.validation import Issue
from playground.targets.base import Target

LEVELS = ("INFO", "DEBUG", "TRACE")
INSPECTION_ORDER = ("input", "afterInputPath", "afterArguments", "afterParameters",
                    "afterItemsPath", "afterItemSelector", "afterItemBatcher", "result",
                    "afterResultSelector", "afterResultPath", "variables", "errorDetails",
                    "request", "response")
"""The order data flows through a state, which is the order the inspection is shown in."""
READ_TIMEOUT_S = 310
"""TestState may run for five minutes before it fails with States.Timeout."""


@dataclass(frozen=True)
class StateTry:
    status: str
    output: str | None = None
    error: str | None = None
    cause: str | None = None
    next_state: str | None = None
    inspection: list[tuple[str, str]] = field(default_factory=list)
    """(field, value) in the order the data flows; values are JSON text, or a structure's
    JSON (the HTTP request and response, errorDetails)."""


def check_try(state_text: str, input_text: str,
              level: str) -> tuple[dict[str, Any] | None, Any, list[Issue]]:
    """The state and input parsed, or what is wrong with them (nothing is sent then)."""
    state, issues = parse_json(state_text, "definition")
    if not issues and not (isinstance(state, dict) and isinstance(state.get("Type"), str)):
        issues = [Issue("definition", "one state is a JSON object with a Type (e.g. {\"Type\": "
                                      f"\"Pass\", \"End\": true}}); got {kind_of(state)}")]
    payload, input_issues = check_input(input_text)
    if level not in LEVELS:
        input_issues = [*input_issues, Issue("inspectionLevel", f"one of {', '.join(LEVELS)}")]
    return (state if not issues else None), payload, issues + input_issues


def try_state(target: Target, state: dict[str, Any], payload: Any,
              level: str = "DEBUG") -> StateTry:
    """TestState of one state with `payload`; raises what the target raises (a refused
    definition: InvalidDefinition; a target without the operation: its error)."""
    client = target.client("stepfunctions", read_timeout=READ_TIMEOUT_S)
    resp = client.test_state(definition=json.dumps(state), roleArn=role_arn(target),
                             input=json.dumps(payload), inspectionLevel=level)
    data = resp.get("inspectionData") if isinstance(resp.get("inspectionData"), dict) else {}
    shown = [(k, _text(data[k])) for k in INSPECTION_ORDER if k in data]
    shown += [(k, _text(v)) for k, v in data.items() if k not in INSPECTION_ORDER]
    return StateTry(str(resp.get("status", "?")), _str(resp.get("output")),
                    _str(resp.get("error")), _str(resp.get("cause")),
                    _str(resp.get("nextState")), shown)


def _str(value: Any) -> str | None:
    return value if isinstance(value, str) else None


def _text(value: Any) -> str:
    if isinstance(value, str):
        return value
    try:
        return json.dumps(value, default=str)
    except (TypeError, ValueError):
        return str(value)
