"""The text layout of a state machine and the history read state by state."""

from __future__ import annotations

import json

from playground.aws.stepfunctions.graph import layout, order
from playground.aws.stepfunctions.history import timeline
from playground.aws.stepfunctions.samples import load_samples


def sample(key: str) -> dict[str, object]:
    return dict(json.loads(next(s for s in load_samples() if s.key == key).definition))


def test_order_reads_top_down_main_path_first_fail_last() -> None:
    assert order(sample("order-flow")) == ["Validate", "CheckTotal", "NeedsReview", "Accept",
                                           "Done", "Reject"]
    assert order(sample("retry-catch")) == ["Pause", "Charge", "Paid", "Refund"]


def test_unreachable_states_come_last() -> None:
    definition = {"StartAt": "A", "States": {"Z": {"Type": "Pass", "End": True},
                                             "A": {"Type": "Pass", "End": True}}}
    assert order(definition) == ["A", "Z"]


def test_order_flow_drawing() -> None:
    text = "\n".join(line.text for line in layout(sample("order-flow")))
    assert text.splitlines()[:12] == [
        "╭───────────────────╮",
        "│ Validate     Pass │",
        "╰───────────────────╯",
        "          │",
        "          ▼",
        "╭───────────────────╮",
        "│ CheckTotal Choice │",
        "╰───────────────────╯",
        "  ├─ $.total <= 0 → Reject",
        "  ├─ $.total >= 100 → NeedsReview",
        "  └─ Default → Accept",
        "",
    ]
    assert "┃ Reject       Fail ┃" in text


def test_parallel_branch_is_nested_and_catch_drawn() -> None:
    lines = layout(sample("retry-catch"))
    texts = [line.text for line in lines]
    assert "  ┆ Branches[0]" in texts
    inner = next(line for line in lines if "┃ Decline" in line.text)
    assert inner.text.startswith("    ┃ Decline") and inner.state == "Decline"
    assert "  └─ Catch States.ALL → Refund" in texts
    assert "│ retry PaymentDeclined ×1 1s ×2.0 │" in texts  # Charge's Retry, in its box
    assert {line.state for line in lines if line.kind == "box"} == {
        "Pause", "Charge", "Decline", "Paid", "Refund"}


def test_timeline_from_history_events() -> None:
    events = [
        {"id": 1, "type": "ExecutionStarted", "executionStartedEventDetails": {"input": "{}"}},
        {"id": 2, "type": "TaskStateEntered",
         "stateEnteredEventDetails": {"name": "Ask", "input": '{"a": 1}'}},
        {"id": 3, "type": "TaskScheduled", "taskScheduledEventDetails": {}},
        {"id": 4, "type": "TaskFailed", "taskFailedEventDetails": {"error": "Boom",
                                                                    "cause": "why"}},
        {"id": 5, "type": "TaskScheduled", "taskScheduledEventDetails": {}},
        {"id": 6, "type": "TaskFailed", "taskFailedEventDetails": {"error": "Boom"}},
        {"id": 7, "type": "TaskStateExited",
         "stateExitedEventDetails": {"name": "Ask", "output": '{"error": "Boom"}'}},
        {"id": 8, "type": "PassStateEntered",
         "stateEnteredEventDetails": {"name": "Oops", "input": '{"error": "Boom"}'}},
        {"id": 9, "type": "ExecutionFailed", "executionFailedEventDetails": {
            "error": "States.Runtime", "cause": "bad path"}},
    ]
    line = timeline(events)
    assert line.status == "FAILED" and line.input == "{}"
    ask, oops = line.steps
    assert (ask.name, ask.kind, ask.status, ask.attempts, ask.error) == (
        "Ask", "Task", "caught", 2, "Boom")
    assert (oops.status, oops.error, oops.cause) == ("failed", "States.Runtime", "bad path")
    assert line.statuses() == {"Ask": "caught", "Oops": "failed"}
