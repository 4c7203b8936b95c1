"""Retry attempts of a state listed with their errors: on the emulator (a Task whose Lambda does
not exist, retried twice), on AWS-shaped histories, and in the workbench's detail pane."""

from __future__ import annotations

import time
from datetime import UTC, datetime, timedelta
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from playground.aws.stepfunctions.history import timeline
from playground.aws.stepfunctions.remote import role_arn
from playground.aws.stepfunctions.retries import attempts, matches, planned_wait
from playground.aws.stepfunctions.service import StepFunctionsService
from playground.ui.stepfunctions.steps import attempt_lines
from tests.stepfunctions.strategies import TEXT, VALUE
from tests.ui.helpers import make_app, wait_for

RETRIED = {"StartAt": "Call", "States": {
    "Call": {"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke",
             "Parameters": {"FunctionName": "no-such-function"},
             "Retry": [{"ErrorEquals": ["States.Timeout"], "MaxAttempts": 5},
                       {"ErrorEquals": ["States.TaskFailed"], "IntervalSeconds": 1,
                        "MaxAttempts": 2, "BackoffRate": 2}],
             "End": True}}}
ERROR = "Lambda.ResourceNotFoundException"
ERRORS = st.sampled_from(["States.ALL", "States.Timeout", "States.Runtime", "Boom"])
NUMBERS = st.one_of(st.integers(-5, 10**6), st.floats(allow_nan=True), st.booleans(), TEXT)
RETRIERS = st.lists(st.fixed_dictionaries({"ErrorEquals": st.lists(ERRORS, max_size=3)}, optional={
    "IntervalSeconds": NUMBERS, "BackoffRate": NUMBERS, "MaxAttempts": NUMBERS,
    "MaxDelaySeconds": NUMBERS, "JitterStrategy": st.sampled_from(["FULL", "NONE", 3])}),
    max_size=3)


def _run(target: Any, name: str, definition: dict[str, Any]) -> str:
    svc = StepFunctionsService(target)
    arn = svc.create_state_machine(name, definition, role_arn=role_arn(target))
    execution = svc.start_execution(arn, {}, "run")
    deadline = time.monotonic() + 30
    while svc.describe_execution(execution)["status"] == "RUNNING" \
            and time.monotonic() < deadline:
        time.sleep(0.1)
    return execution


def test_each_attempt_with_its_error_and_the_wait_retry_chose(target: Any) -> None:
    execution = _run(target, "retried", RETRIED)
    line = timeline(StepFunctionsService(target).history(execution), RETRIED)
    call = line.steps[0]
    tries = attempts(call, RETRIED["States"]["Call"])
    assert [(t.number, t.error) for t in tries] == [(1, ERROR), (2, ERROR), (3, ERROR)]
    assert all("no-such-function" in (t.cause or "") for t in tries)
    assert tries[0].then == ("retrier 2 (States.TaskFailed) waited 1 s (IntervalSeconds 1), "
                             "then attempt 2")
    assert tries[1].then == "retrier 2 (States.TaskFailed) waited 2 s (1 × 2^1), then attempt 3"
    assert tries[2].then.startswith("retrier 2 (States.TaskFailed) is used up (MaxAttempts 2)")
    # The history's own timestamps: the target waited (at least most of) what Retry asked.
    assert tries[0].waited_s is not None and tries[0].waited_s >= 0.9
    assert tries[1].waited_s is not None and tries[1].waited_s >= 1.9
    assert tries[2].waited_s is None


def _event(i: int, kind: str, at: float, **details: Any) -> dict[str, Any]:
    key = {"TaskStateEntered": "stateEnteredEventDetails",
           "TaskStateExited": "stateExitedEventDetails"}.get(
        kind, kind[0].lower() + kind[1:] + "EventDetails")
    start = datetime(2026, 1, 1, tzinfo=UTC)
    return {"id": i, "type": kind, "timestamp": start + timedelta(seconds=at), key: details}


def test_aws_shaped_history_two_retriers_then_success() -> None:
    """AWS writes TaskStarted between TaskScheduled and the outcome; each retrier counts its
    own retries (a timeout then a failure both get their first wait)."""
    state = {"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke", "End": True,
             "Retry": [{"ErrorEquals": ["States.Timeout"], "IntervalSeconds": 3},
                       {"ErrorEquals": ["States.ALL"], "IntervalSeconds": 2,
                        "BackoffRate": 3, "MaxDelaySeconds": 5, "JitterStrategy": "FULL"}]}
    events = [
        _event(1, "ExecutionStarted", 0, input="{}"),
        _event(2, "TaskStateEntered", 0, name="Call", input="{}"),
        _event(3, "TaskScheduled", 0), _event(4, "TaskStarted", 0),
        _event(5, "TaskTimedOut", 10, error="States.Timeout", cause="slow"),
        _event(6, "TaskScheduled", 13), _event(7, "TaskStarted", 13),
        _event(8, "TaskFailed", 14, error="Boom", cause="bad"),
        _event(9, "TaskScheduled", 15.5), _event(10, "TaskStarted", 15.5),
        _event(11, "TaskFailed", 16, error="Boom", cause="bad again"),
        _event(12, "TaskScheduled", 20), _event(13, "TaskStarted", 20),
        _event(14, "TaskSucceeded", 21, output="{}"),
        _event(15, "TaskStateExited", 21, name="Call", output="{}"),
        _event(16, "ExecutionSucceeded", 21, output="{}"),
    ]
    step = timeline(events).steps[0]
    tries = attempts(step, state)
    assert [(t.error, t.cause, t.waited_s) for t in tries] == [
        ("States.Timeout", "slow", 3.0), ("Boom", "bad", 1.5), ("Boom", "bad again", 4.0),
        (None, None, None)]
    assert tries[0].then == "retrier 1 (States.Timeout) waited 3 s (IntervalSeconds 3), then " \
                            "attempt 2"
    assert tries[1].then == ("retrier 2 (States.ALL) waited a random time up to 2 s (jitter "
                             "FULL; IntervalSeconds 2), then attempt 3")
    assert tries[2].then == ("retrier 2 (States.ALL) waited a random time up to 5 s (jitter "
                             "FULL; 2 × 3^1 = 6, MaxDelaySeconds 5), then attempt 4")
    assert tries[3].then == "succeeded"


def test_a_visit_that_never_failed_lists_no_attempts() -> None:
    events = [_event(1, "TaskStateEntered", 0, name="Call", input="{}"),
              _event(2, "TaskScheduled", 0), _event(3, "TaskSucceeded", 1, output="{}"),
              _event(4, "TaskStateExited", 1, name="Call", output="{}")]
    assert attempts(timeline(events).steps[0], RETRIED["States"]["Call"]) == []


def test_errors_no_retrier_takes() -> None:
    assert matches("Boom", ["States.ALL"]) and not matches("States.Runtime", ["States.ALL"])
    assert matches("Lambda.Unknown", ["States.TaskFailed"])
    assert not matches("States.Timeout", ["States.TaskFailed"])
    assert not matches("Boom", "States.ALL") and not matches("Boom", ["Other"])
    events = [_event(1, "TaskStateEntered", 0, name="Call", input="{}"),
              _event(2, "TaskScheduled", 0),
              _event(3, "TaskFailed", 1, error="States.Runtime", cause="bad path")]
    tries = attempts(timeline(events).steps[0], {"Retry": [{"ErrorEquals": ["States.ALL"]}]})
    assert tries[0].then.startswith("States.Runtime is never retried")
    events[-1]["taskFailedEventDetails"]["error"] = "Boom"
    tries = attempts(timeline(events).steps[0], {"Retry": "not a list"})
    assert tries[0].then.startswith("no retrier names this error")


def test_planned_wait_defaults_cap_and_huge_rates() -> None:
    assert planned_wait({}, 0) == "1 s (IntervalSeconds 1)"
    assert planned_wait({}, 2) == "4 s (1 × 2^2)"
    assert planned_wait({"IntervalSeconds": 2, "BackoffRate": 1.5, "MaxDelaySeconds": 3}, 1) \
        == "3 s (2 × 1.5^1)"
    assert planned_wait({"IntervalSeconds": 2, "MaxDelaySeconds": 3}, 1) \
        == "3 s (2 × 2^1 = 4, MaxDelaySeconds 3)"
    assert "s (1 × 1e+300^5)" in planned_wait({"BackoffRate": 1e300}, 5)
    assert planned_wait({"IntervalSeconds": "x", "BackoffRate": True}, 1) == "2 s (1 × 2^1)"


@settings(max_examples=200, deadline=None)
@given(retry=st.one_of(VALUE, RETRIERS), error=st.one_of(TEXT, ERRORS), cause=TEXT,
       failures=st.integers(0, 6))
def test_any_retry_field_and_error_text_is_read_not_raised(retry: Any, error: str, cause: str,
                                                          failures: int) -> None:
    """Retry is whatever the definition holds; error and cause whatever the target wrote:
    listed as plain text (markup, escapes, surrogates), never a traceback."""
    events = [_event(1, "TaskStateEntered", 0, name="Call", input="{}")]
    for n in range(failures):
        events += [_event(2 + 2 * n, "TaskScheduled", n),
                   _event(3 + 2 * n, "TaskFailed", n + 0.5, error=error, cause=cause)]
    tries = attempts(timeline(events).steps[0], {"Retry": retry})
    assert len(tries) == failures
    shown = attempt_lines(tries).plain
    assert shown.startswith("attempts")


# --- the workbench ----------------------------------------------------------------------------
async def test_the_detail_pane_lists_the_attempts(target: Any) -> None:
    from playground.ui.stepfunctions.steps import StepList
    from tests.stepfunctions.test_workbench import _open_execution, _text

    _run(target, "retried", RETRIED)
    app = make_app(target)
    async with app.run_test(size=(140, 44)) as pilot:
        screen = await _open_execution(pilot)
        await wait_for(pilot, lambda: screen.query_one(StepList).option_count == 1,
                       what="history")
        await wait_for(pilot, lambda: "attempts" in _text(screen.query_one("#sfn-detail")),
                       what="attempts")
        shown = " ".join(_text(screen.query_one("#sfn-detail")).split())
        assert shown.count(f"✗ {ERROR}") == 3
        assert "→ retrier 2 (States.TaskFailed) waited 2 s (1 × 2^1), then attempt 3" in shown
        assert "is used up (MaxAttempts 2)" in shown
        assert "Function not found" in shown or "no-such-function" in shown
