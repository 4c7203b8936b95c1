"""The capstone solved on the emulator: `playground flows --json` shows all five services and
every wire of the pipeline, from the bus to the dead-letter queue and the stream."""

from __future__ import annotations

import json

from playground.cli.main import main
from playground.lab.engine import LabSession
from tests.lab.conftest import shipped_labs

LAB = "capstone-order-pipeline"


def test_the_solved_capstone_is_on_the_flow_map(target, capsys) -> None:  # type: ignore[no-untyped-def]
    lab = next(lab for lab in shipped_labs() if lab.id == LAB)
    session = LabSession(lab, target)
    session.solve_through()
    assert session.check_current().complete

    assert main(["--endpoint-url", target.endpoint_url, "flows", "--json"]) == 0
    flows = json.loads(capsys.readouterr().out)
    p = session.variables["prefix"]
    names = {n["arn"]: f"{n['label']} {n['name']}" for n in flows["nodes"]}
    assert {n["service"] for n in flows["nodes"]} >= {
        "events", "stepfunctions", "sns", "sqs", "kinesis"}
    edges = {(names[e["source"]], e["kind"], names[e["target"]]) for e in flows["edges"]}
    assert edges >= {
        (f"event bus {p}shop", "rule", f"rule {p}order-placed"),
        (f"rule {p}order-placed", "target", f"state machine {p}orders"),
        (f"state machine {p}orders", "calls", f"queue {p}approvals"),
        (f"state machine {p}orders", "calls", f"topic {p}order-events"),
        (f"state machine {p}orders", "calls", f"stream {p}order-log"),
        (f"topic {p}order-events", "subscription", f"queue {p}billing"),
        (f"topic {p}order-events", "subscription", f"queue {p}shipping"),
        (f"queue {p}billing", "dead-letter", f"queue {p}dlq"),
        (f"queue {p}shipping", "dead-letter", f"queue {p}dlq"),
    }
    # What decides what crosses each wire is on it: the pattern, the input path, the waiting
    # task, both states that log to the stream, the filter policies, the receive count.
    detail = {(names[e["source"]], names[e["target"]], e["label"], e["detail"])
              for e in flows["edges"]}
    labels = {(s, t, label) for s, t, label, _ in detail}
    assert (f"rule {p}order-placed", f"state machine {p}orders", "target (input path)") in labels
    assert (f"state machine {p}orders", f"queue {p}approvals",
            "sqs:sendMessage.waitForTaskToken") in labels
    stream_states = sorted(d for s, t, _, d in detail if t == f"stream {p}order-log")
    assert stream_states == ["state LogOutcome", "state LogPlaced"]
    shipping = next(d for s, t, _, d in detail if t == f"queue {p}shipping")
    assert 'filter policy (MessageBody) {"outcome": ["approved"]}' in shipping
    assert "raw delivery" in shipping
    assert any(d == "after 3 receives" for s, t, _, d in detail if t == f"queue {p}dlq")
    # Nothing of the lab is unknown or a placeholder: every wire ends at a listed resource.
    ours = [n for n in flows["nodes"] if p in n["name"] or p in n["arn"]]
    assert not [n for n in ours if n["note"] or n["service"] == "unknown"]
