"""The flow map read from the real emulator: a small wired setup, what cannot be placed, and
`playground flows [--json]`."""

from __future__ import annotations

import json

from playground.aws.events.service import EventsService
from playground.aws.stepfunctions.service import StepFunctionsService
from playground.cli.main import main
from playground.flows.reader import read_flows
from playground.flows.text import map_lines
from tests.flows.world import FILTER, build_world, edges


def test_the_map_has_every_resource_and_wire_of_the_setup(target) -> None:  # type: ignore[no-untyped-def]
    w = build_world(target)
    flows = read_flows(target)
    found = flows.to_json()
    assert {(n["label"], n["name"]) for n in found["nodes"]} >= {
        ("event bus", "shop"), ("rule", "orders-rule"), ("topic", "orders"),
        ("queue", "billing"), ("queue", "billing-dlq"), ("queue", "audit"), ("queue", "refunds"),
        ("state machine", "order-flow")}
    assert all(n["note"] == "" for n in found["nodes"])  # everything was listed, and read
    assert edges(found) == {
        (w.bus, w.rule, "rule", "rule"),
        (w.rule, w.billing, "target", "target"),
        (w.rule, w.topic, "target", "target"),
        (w.topic, w.audit, "subscription", "sqs subscription, raw"),
        (w.topic, w.refunds, "subscription", "sqs subscription, filtered"),
        (w.billing, w.dlq, "dead-letter", "dead-letter queue"),
        (w.machine, w.billing, "calls", "sqs:sendMessage"),
        (w.machine, w.billing, "calls", "sqs:sendMessage.waitForTaskToken"),
        (w.machine, w.topic, "calls", "sns:publish"),
    }
    detail = {(e["source"], e["target"], e["label"]): e["detail"] for e in found["edges"]}
    assert detail[(w.rule, w.billing, "target")] == (
        'pattern {"detail-type": ["OrderPlaced"], "source": ["shop"]}')
    assert detail[(w.topic, w.refunds, "sqs subscription, filtered")] == (
        f"filter policy (MessageAttributes) {json.dumps(FILTER)}")
    assert detail[(w.topic, w.audit, "sqs subscription, raw")] == "raw delivery"
    assert detail[(w.billing, w.dlq, "dead-letter queue")] == "after 3 receives"
    assert detail[(w.machine, w.billing, "sqs:sendMessage.waitForTaskToken")] == "state Approve"
    assert found["unseen"] == []
    assert ("      rule orders-rule (bus shop) -> queue billing  target  pattern "
            '{"detail-type": ["OrderPlaced"], "source": ["shop"]}') in map_lines(flows)


def test_what_the_map_cannot_place_shows_as_such(target) -> None:  # type: ignore[no-untyped-def]
    events, sfn = EventsService(target), StepFunctionsService(target)
    events.put_rule("to-firehose", {"source": ["x"]})
    firehose = "arn:aws:firehose:us-east-1:000000000000:deliverystream/logs"
    events.put_target("to-firehose", "t1", firehose)
    sfn.client.create_state_machine(name="broken", definition='{"StartAt": "A", "States": ',
                                    roleArn="arn:aws:iam::000000000000:role/r")
    dynamo = {"StartAt": "Put", "States": {"Put": {
        "Type": "Task", "Resource": "arn:aws:states:::dynamodb:putItem",
        "Parameters": {"TableName": "t"}, "Next": "Send"}, "Send": {
        "Type": "Task", "Resource": "arn:aws:states:::sqs:sendMessage",
        "Parameters": {"QueueUrl.$": "$.queue", "MessageBody": "hi"}, "End": True}}}
    machine = sfn.create_state_machine("dynamic", dynamo)
    flows = read_flows(target)
    nodes = {n.arn: n for n in flows.nodes.values()}
    assert nodes[firehose].service == "unknown"
    assert nodes[firehose].label == "unknown target (firehose)"
    broken = next(n for n in nodes.values() if n.name == "broken")
    assert broken.note.startswith("the definition cannot be read:")
    assert flows.outgoing(broken.arn) == []
    calls = {(flows.node(e.target).label, flows.node(e.target).name, e.label)
             for e in flows.outgoing(machine)}
    assert calls == {("unknown target", "dynamodb:putItem", "dynamodb:putItem"),
                     ("chosen at run time", "$.queue", "sqs:sendMessage")}
    text = "\n".join(map_lines(flows))
    assert "state machine broken (STANDARD)  [the definition cannot be read:" in text
    assert "-> unknown target (firehose) deliverystream/logs  target" in text


def test_flows_command_prints_text_and_stable_json(target, capsys) -> None:  # type: ignore[no-untyped-def]
    w = build_world(target)
    assert main(["--endpoint-url", target.endpoint_url, "flows"]) == 0
    out = capsys.readouterr().out
    assert "SQS (4)" in out
    assert ("  queue billing\n"
            "      queue billing -> queue billing-dlq  dead-letter queue  after 3 receives") in out
    assert main(["--endpoint-url", target.endpoint_url, "flows", "--json"]) == 0
    first = capsys.readouterr().out
    assert main(["--endpoint-url", target.endpoint_url, "flows", "--json"]) == 0
    assert capsys.readouterr().out == first  # stable: the same wiring prints the same JSON
    found = json.loads(first)
    assert sorted(found) == ["edges", "nodes", "region", "unseen"]
    assert (w.rule, w.topic, "target", "target") in edges(found)
    assert found["nodes"] == sorted(found["nodes"], key=lambda n: (
        ["events", "sns", "sqs", "stepfunctions"].index(n["service"]), n["label"], n["context"],
        n["name"], n["arn"]))
