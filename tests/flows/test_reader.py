"""The flow map read from the real emulator: a small wired setup, what cannot be placed, and
`playground flows [--json]`."""

from __future__ import annotations

import json

from playground.aws.events.service import EventsService
from playground.aws.kinesis.service import KinesisService
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
    events.put_rule("to-logs", {"source": ["x"]})
    logs = "arn:aws:logs:us-east-1:000000000000:log-group:app-logs"
    events.put_target("to-logs", "t1", logs)
    sfn.client.create_state_machine(name="broken", definition='{"StartAt": "A", "States": ',
                                    roleArn="arn:aws:iam::000000000000:role/r")
    dynamo = {"StartAt": "Put", "States": {"Put": {
        "Type": "Task", "Resource": "arn:aws:states:::dynamodb:putItem",
        "Parameters": {"TableName": "t"}, "Next": "Send"}, "Send": {
        "Type": "Task", "Resource": "arn:aws:states:::sqs:sendMessage",
        "Parameters": {"QueueUrl.$": "$.queue", "MessageBody": "hi"}, "End": True}}}
    machine = sfn.create_state_machine("dynamic", dynamo)
    jsonata = {"QueryLanguage": "JSONata", "StartAt": "Tell", "States": {"Tell": {
        "Type": "Task", "Resource": "arn:aws:states:::sns:publish",
        "Arguments": {"TopicArn": "{% $states.input.topic %}", "Message": "hi"}, "End": True}}}
    computed = sfn.create_state_machine("computed", jsonata)
    flows = read_flows(target)
    nodes = {n.arn: n for n in flows.nodes.values()}
    assert nodes[logs].service == "unknown"
    assert nodes[logs].label == "unknown target (logs)"
    broken = next(n for n in nodes.values() if n.name == "broken")
    assert broken.note.startswith("the definition cannot be read:")
    assert flows.outgoing(broken.arn) == []
    calls = {(flows.node(e.target).label, flows.node(e.target).name, e.label)
             for e in flows.outgoing(machine)}
    assert calls == {("unknown target", "dynamodb:putItem", "dynamodb:putItem"),
                     ("chosen at run time", "$.queue", "sqs:sendMessage")}
    [(label, to)] = [(e.label, flows.node(e.target)) for e in flows.outgoing(computed)]
    assert (label, to.label, to.name) == ("sns:publish", "chosen at run time",
                                          "{% $states.input.topic %}")
    text = "\n".join(map_lines(flows))
    assert "state machine broken (STANDARD)  [the definition cannot be read:" in text
    assert "-> unknown target (logs) log-group:app-logs  target" in text


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


def _function(target, name: str) -> str:  # type: ignore[no-untyped-def]
    from playground.targets.probes import _role, _zip_handler

    lam = target.client("lambda")
    return str(lam.create_function(FunctionName=name, Runtime="python3.12", Handler="index.handler",
                                   Role=_role(target), Code={"ZipFile": _zip_handler()})["FunctionArn"])


def test_archives_event_sources_and_the_other_calls_of_a_definition(target) -> None:  # type: ignore[no-untyped-def]
    w = build_world(target)
    events, sfn = EventsService(target), StepFunctionsService(target)
    archive = events.create_archive("shop-archive", w.bus, pattern={"source": ["shop"]})
    function = _function(target, "biller")
    target.client("lambda").create_event_source_mapping(EventSourceArn=w.billing, FunctionName="biller",
                                                        BatchSize=5)
    kinesis = KinesisService(target)
    kinesis.create_stream("clicks")
    stream = kinesis.stream_arns()["clicks"]
    target.client("lambda").create_event_source_mapping(EventSourceArn=stream, FunctionName="biller",
                                                        StartingPosition="LATEST", BatchSize=50)
    definition = {"StartAt": "P", "States": {"P": {"Type": "Parallel", "End": True, "Branches": [
        {"StartAt": "Put", "States": {"Put": {
            "Type": "Task", "Resource": "arn:aws:states:::events:putEvents",
            "Parameters": {"Entries": [{"EventBusName": "shop", "Source": "x", "DetailType": "y",
                                        "Detail": {}}]}, "Next": "Call"},
            "Call": {"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke",
                     "Parameters": {"FunctionName": "biller"}, "Next": "Child"},
            "Child": {"Type": "Task", "Resource": "arn:aws:states:::states:startExecution.sync:2",
                      "Parameters": {"StateMachineArn": w.machine}, "End": True}}}]}}}
    parent = sfn.create_state_machine("parent", definition)
    # A rule's target queue in another region: known only by its ARN
    elsewhere = "arn:aws:sqs:eu-west-1:000000000000:far-queue"
    events.put_target("orders-rule", "far", elsewhere, bus="shop")
    found = read_flows(target).to_json()
    assert {(e["source"], e["target"], e["kind"], e["label"], e["detail"]) for e in found["edges"]} >= {
        (w.bus, archive, "archive", "archive", 'pattern {"source": ["shop"]}; kept 1 days'),
        (w.billing, function, "event source", "event source mapping", "batch size 5"),
        (stream, function, "event source", "event source mapping", "batch size 50; from LATEST"),
        (parent, w.bus, "calls", "events:putEvents", "state P > Branches[0] > Put"),
        (parent, function, "calls", "lambda:invoke", "state P > Branches[0] > Call"),
        (parent, w.machine, "calls", "states:startExecution.sync:2", "state P > Branches[0] > Child"),
    }
    nodes = {n["arn"]: n for n in found["nodes"]}
    assert (nodes[function]["service"], nodes[function]["label"]) == ("lambda", "function")
    assert (nodes[stream]["label"], nodes[stream]["name"], nodes[stream]["note"]) == ("stream", "clicks", "")
    assert nodes[elsewhere]["note"].startswith("not listed here")


def test_a_list_call_that_fails_is_unseen_and_the_command_exits_1(target, capsys) -> None:  # type: ignore[no-untyped-def]
    events = EventsService(target)
    events.put_rule("odd", {"source": ["x"]})
    # The emulator cannot answer ListTargetsByRule for a target ARN holding a lone surrogate
    events.put_target("odd", "t1", "arn:aws:firehose:us-east-1:000000000000:deliverystream/\ud800")
    flows = read_flows(target)
    assert [(u.service, u.permission) for u in flows.unseen] == [("events", "events:ListTargetsByRule")]
    assert any(n.name == "odd" for n in flows.nodes.values())  # the rest of the map is there
    assert main(["--endpoint-url", target.endpoint_url, "flows"]) == 1
    captured = capsys.readouterr()
    assert "rule odd (bus default)" in captured.out
    assert "could not look at (1)" in captured.err
    assert "events:ListTargetsByRule" in captured.err


def test_firehose_delivery_streams_read_their_stream_and_write_their_bucket(target) -> None:  # type: ignore[no-untyped-def]
    from playground.aws.firehose.service import FirehoseService
    from playground.aws.s3.service import S3Service

    kinesis = KinesisService(target)
    kinesis.create_stream("clicks", 1)
    kinesis.wait_active("clicks")
    stream = kinesis.stream_arns()["clicks"]
    S3Service(target).create_bucket("lake")
    firehose = FirehoseService(target)
    firehose.create("clicks-to-lake", "lake", prefix="clicks/", source_stream_arn=stream)
    firehose.create("orders-to-lake", "lake", prefix="orders/", size_mb=1, interval_s=60)
    found = read_flows(target).to_json()
    arns = {n["name"]: n["arn"] for n in found["nodes"]}
    labels = {n["name"]: (n["service"], n["label"]) for n in found["nodes"]}
    assert labels["lake"] == ("s3", "bucket")
    assert labels["orders-to-lake"] == ("firehose", "delivery stream")
    assert {e for e in edges(found) if e[2].startswith("delivery")} == {
        (stream, arns["clicks-to-lake"], "delivery source", "read by Firehose"),
        (arns["clicks-to-lake"], "arn:aws:s3:::lake", "delivery", "into clicks/"),
        (arns["orders-to-lake"], "arn:aws:s3:::lake", "delivery", "into orders/"),
    }
    detail = {(e["source"], e["label"]): e["detail"] for e in found["edges"]}
    assert detail[(arns["orders-to-lake"], "into orders/")] == "buffer 1 MiB or 60 s"
    assert found["unseen"] == []
