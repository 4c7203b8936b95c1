"""A trace followed on the real emulator: an event on a bus through a rule to an SNS topic (one
queue receives, one filters it out) and to a state machine that sends it on to a queue; what the
trace cannot follow; a quiet trace that names what it waited on; bad entries and payloads."""

from __future__ import annotations

import json
import threading

import pytest
from hypothesis import given
from hypothesis import strategies as st

from playground.aws.events.service import EventsService
from playground.aws.kinesis.service import KinesisService
from playground.aws.sqs.service import SqsService
from playground.flows.hops import TraceError, parse_payload
from playground.flows.reader import read_flows
from playground.flows.trace import Trace
from playground.flows.trace_text import hop_detail, payload_diff, summary_lines
from playground.targets.endpoint import EndpointTarget
from tests.flows.trace_world import build_trace_world

TID = "trace-test0001"


def steps(trace: Trace) -> list[tuple[str, str, str]]:
    return [(h.title, h.what, h.status) for h in trace.hops]


def index(trace: Trace, title: str, what: str) -> int:
    return next(i for i, h in enumerate(trace.hops) if h.title == title and h.what.startswith(what))


def test_an_order_event_traced_end_to_end(target) -> None:  # type: ignore[no-untyped-def]
    build_trace_world(target)
    trace = Trace(target, "rule orders-rule", {"order": 7}, trace_id=TID, quiet_s=20)
    summary = trace.run()
    assert summary.outcome == "complete", summary_lines(summary)
    flow = "state machine order-flow (STANDARD)"
    order = [("event bus shop", "event put"), ("rule orders-rule (bus shop)", "rule matched"),
             ("topic orders", "published"), ("queue audit", "received")]
    assert [index(trace, *o) for o in order] == sorted(index(trace, *o) for o in order)
    states = [(flow, "execution "), (flow, "state Check entered"), (flow, "state Check exited"),
              (flow, "state Bill entered"), (flow, "state Bill exited"),
              ("queue billing", "received")]
    assert [index(trace, *s) for s in states] == sorted(index(trace, *s) for s in states)
    assert (flow, f"execution {trace.hops[index(trace, flow, 'execution ')].what.split()[1]} "
            "succeeded", "reached") in steps(trace)
    assert index(trace, "rule orders-rule (bus shop)", "rule matched") < index(trace, flow, "execution ")
    # the filtered subscriber, with the policy's reason
    refunds = trace.hops[index(trace, "queue refunds", "filtered out")]
    assert refunds.status == "stopped"
    assert "✗ kind: one of \"refund\" — got missing, no match" in refunds.explanation
    # payloads as they changed: the rule's pattern explained, raw delivery, the state's output
    matched = trace.hops[index(trace, "rule orders-rule (bus shop)", "rule matched")]
    assert "✓ source: one of \"shop\"" in matched.explanation
    audit = trace.hops[index(trace, "queue audit", "received")]
    assert json.loads(audit.payload or "")["detail"] == {"order": 7, "traceId": TID}
    assert "raw delivery" in audit.explanation
    check = trace.hops[index(trace, flow, "state Check exited")]
    assert payload_diff(check.before, check.payload) == ["+ checked.ok: true"]
    billing = trace.hops[index(trace, "queue billing", "received")]
    assert json.loads(billing.payload or "") == {"order": 7, "traceId": TID}
    assert "    the part at detail of it (the rest left behind)" in hop_detail(billing)
    # times since the start, in the order they happened along each path
    assert all(h.at >= 0 for h in trace.hops)
    assert trace.hops[index(trace, flow, "state Check entered")].at <= billing.at
    # the summary names where it went and where it stopped
    assert summary.reached[:3] == ["event bus shop", "rule orders-rule (bus shop)", "topic orders"]
    assert {"queue audit", flow, "queue billing"} <= set(summary.reached)
    assert summary.stopped == ["queue refunds: filtered out (Filtered out: 1 of 1 condition "
                               "failed (kind).)"]
    assert summary.waiting == []
    # nothing was taken from the queues
    sqs = SqsService(target)
    assert [m.state for m in sqs.peek_messages(sqs.queue_url("audit"))] == ["visible"]


def test_a_trace_waiting_on_a_task_token_says_so(target) -> None:  # type: ignore[no-untyped-def]
    build_trace_world(target, wait_for_token=True)
    summary = Trace(target, "event bus shop", {"order": 8}, quiet_s=5).run()
    assert summary.outcome == "quiet"
    assert "nothing new for 5 s: waiting on execution" in summary.reason
    assert "now in state Approve, waiting for a task token" in summary.reason
    assert summary.waiting and "Approve" in summary.waiting[0]
    assert any(line.startswith("waiting on execution") for line in summary_lines(summary))


def test_a_trace_stops_when_asked(target) -> None:  # type: ignore[no-untyped-def]
    build_trace_world(target, wait_for_token=True)
    trace = Trace(target, "state machine order-flow", {"detail": {"n": 1}})
    seen: list[str] = []

    def on_hop(hop):  # type: ignore[no-untyped-def]
        seen.append(hop.what)
        if hop.what == "state Approve entered":
            threading.Timer(0.2, trace.cancel).start()

    summary = trace.run(on_hop)
    assert summary.outcome == "stopped"
    assert seen[0] == f"execution {trace.trace_id} started"
    assert "state Approve entered" in seen


def test_what_the_trace_cannot_follow_shows_as_such(target) -> None:  # type: ignore[no-untyped-def]
    events, sqs = EventsService(target), SqsService(target)
    queue = sqs.queue_arn(sqs.create_queue("shaped"))
    events.put_rule("any", {"source": ["x"]})
    events.put_target("any", "t1", "arn:aws:batch:us-east-1:000000000000:job-queue/logs")
    events.put_target("any", "t2", queue, input_transformer={
        "InputPathsMap": {"n": "$.detail.n"}, "InputTemplate": '{"count": <n>}'})
    events.put_rule("other", {"source": ["y"]})
    summary = Trace(target, "rule any", {"n": 3}, quiet_s=20).run()
    assert summary.outcome == "complete", summary_lines(summary)
    assert any(n.startswith("unknown target (batch) job-queue/logs: not followed")
               for n in summary.notes)
    assert any(s.startswith("rule other (bus default): rule did not match (No match: 1 of 1")
               for s in summary.stopped)
    assert "queue shaped" in summary.reached


def test_an_input_transformer_shows_what_the_target_gets(target) -> None:  # type: ignore[no-untyped-def]
    events, sqs = EventsService(target), SqsService(target)
    queue = sqs.queue_arn(sqs.create_queue("shaped"))
    events.put_rule("any", {"source": ["x"]})
    events.put_target("any", "t2", queue, input_transformer={
        "InputPathsMap": {"n": "$.detail.n"}, "InputTemplate": '{"count": <n>}'})
    trace = Trace(target, "rule any", {"n": 3}, quiet_s=20)
    trace.run()
    shaped = next(h for h in trace.hops if h.what == "input for queue shaped")
    assert shaped.payload == '{"count":3}'
    assert shaped.explanation.startswith('input transformer: InputPathsMap {"n": "$.detail.n"}')
    received = next(h for h in trace.hops if h.title == "queue shaped")
    assert json.loads(received.payload or "") == {"count": 3}
    assert "the trace id is not in it" in received.explanation


def test_a_stream_record_is_read_from_its_shard(target) -> None:  # type: ignore[no-untyped-def]
    kinesis = KinesisService(target)
    kinesis.create_stream("clicks", shards=2)
    kinesis.wait_active("clicks")
    kinesis.put_record("clicks", b'{"old": 1}', "before")  # before the trace: not read
    trace = Trace(target, "stream clicks", {"page": "/"}, trace_id=TID, quiet_s=20)
    summary = trace.run()
    assert summary.outcome == "complete", summary_lines(summary)
    written = [h for h in trace.hops if h.what.startswith("record written (shardId-")]
    assert len(written) == 1
    assert json.loads(written[0].payload or "") == {"page": "/", "traceId": TID}
    assert f"partition key {TID}" in written[0].explanation


def test_a_dead_lettered_message_is_seen_while_the_trace_lingers(target) -> None:  # type: ignore[no-untyped-def]
    sqs = SqsService(target)
    dlq = sqs.queue_arn(sqs.create_queue("jobs-dlq"))
    url = sqs.create_queue("jobs")
    sqs.set_redrive(url, dlq, 1)
    trace = Trace(target, "queue jobs", {"job": 1}, quiet_s=20, linger_s=15)

    def fail_twice(hop):  # type: ignore[no-untyped-def]
        if hop.what == "received":  # a consumer that fails: receives, never deletes
            for _ in range(2):
                sqs.receive(url, wait_seconds=1, visibility_timeout=0)

    summary = trace.run(fail_twice)
    dead = [h for h in trace.hops if h.what == "dead-lettered"]
    assert [h.title for h in dead] == ["queue jobs-dlq"], summary_lines(summary)
    assert dead[0].status == "stopped" and "after 1 receives" in dead[0].explanation
    assert "queue jobs-dlq: dead-lettered" in " ".join(summary.stopped)


def test_a_target_that_cannot_peek_counts_unless_allowed_to_receive(target) -> None:  # type: ignore[no-untyped-def]
    build_trace_world(target)
    other = EndpointTarget(target.endpoint_url or "", region=target.region)
    other.start()
    try:
        counted = Trace(other, "topic orders", {"n": 1}, quiet_s=20)
        assert counted.observability()[0].startswith("queues: only counted")
        counted.run()
        audit = next(h for h in counted.hops if h.title == "queue audit")
        assert audit.what == "1 message(s) now (counted, not read)"
        assert audit.payload is None and "allow receiving" in audit.explanation
        received = Trace(other, "topic orders", {"n": 2}, quiet_s=20, allow_receive=True)
        received.run()
        audit = next(h for h in received.hops if h.title == "queue audit")
        assert audit.what == "received" and json.loads(audit.payload or "")["n"] == 2
        assert "each look counts as a receive" in audit.explanation
    finally:
        other.stop()
    sqs = SqsService(target)
    assert len(sqs.peek_messages(sqs.queue_url("audit"))) == 2  # both still there


def test_bad_entries_say_which_there_are(target) -> None:  # type: ignore[no-untyped-def]
    build_trace_world(target)
    flows = read_flows(target)
    with pytest.raises(TraceError, match="no event bus, rule, topic, queue, state machine or "
                       "stream named 'nope' \\(entries: "):
        Trace(target, "nope", flows=flows).entry()
    assert Trace(target, "queue audit", flows=flows).entry().name == "audit"
    assert Trace(target, "orders-rule", flows=flows).entry().label == "rule"


@given(st.text(max_size=200))
def test_any_typed_payload_is_an_object_or_one_line(text: str) -> None:
    try:
        value = parse_payload(text)
    except TraceError as exc:
        assert "\n" not in str(exc) and str(exc)
    else:
        assert isinstance(value, dict)


@pytest.mark.parametrize("text", ["[1]", "1e999999999", '{"a": "\ud800"}', "[" * 5000,
                                  '{"a": ' * 200 + "1" + "}" * 200, "{oops"])
def test_hostile_payloads(text: str) -> None:
    try:
        parse_payload(text)
    except TraceError as exc:
        assert "\n" not in str(exc)


def test_what_a_state_publishes_is_followed_to_the_subscribers(target) -> None:  # type: ignore[no-untyped-def]
    """The emulator's history does not say what a Task sent: the subscriber that shows it tells,
    and the filtered one is checked against it then. A deleted queue and a function: notes."""
    from playground.aws.sns.service import SnsService
    from playground.aws.stepfunctions.service import StepFunctionsService

    sqs, sns, events = SqsService(target), SnsService(target), EventsService(target)
    audit = sqs.queue_arn(sqs.create_queue("audit"))
    refunds = sqs.queue_arn(sqs.create_queue("refunds"))
    topic = sns.create_topic("orders")
    sns.subscribe_queue(topic, audit)
    sns.subscribe_queue(topic, refunds, filter_policy={"kind": ["refund"]})
    events.create_bus("shop")
    events.put_rule("from-flow", {"source": ["flow"]}, bus="shop")
    gone_url = sqs.create_queue("gone")
    events.put_target("from-flow", "g", sqs.queue_arn(gone_url), bus="shop")
    events.put_target("from-flow", "f", "arn:aws:lambda:us-east-1:000000000000:function:nope",
                      bus="shop")
    sqs.delete_queue(gone_url)
    StepFunctionsService(target).create_state_machine("tell", {"StartAt": "P", "States": {
        "P": {"Type": "Task", "Resource": "arn:aws:states:::sns:publish",
              "Parameters": {"TopicArn": topic, "Message.$": "States.JsonToString($)"},
              "Next": "E"},
        "E": {"Type": "Task", "Resource": "arn:aws:states:::events:putEvents",
              "Parameters": {"Entries": [{"Source": "flow", "DetailType": "told",
                                          "Detail.$": "$", "EventBusName": "shop"}]},
              "End": True}}})
    trace = Trace(target, "state machine tell", {"n": 1}, quiet_s=20)
    summary = trace.run()
    assert summary.outcome == "complete", summary_lines(summary)
    got = {(h.title, h.what, h.status) for h in trace.hops}
    assert ("topic orders", "published (message not known here)", "reached") in got
    assert ("queue audit", "received", "reached") in got
    assert ("queue refunds", "filtered out", "stopped") in got
    assert ("function nope", "invoked (not followed)", "note") in got
    assert ("queue gone", "not there", "note") in got
    audit_hop = next(h for h in trace.hops if h.title == "queue audit")
    assert "wrapped in the SNS envelope" in audit_hop.explanation


def test_a_rule_gone_since_the_map_was_read_is_a_note(target) -> None:  # type: ignore[no-untyped-def]
    events, sqs = EventsService(target), SqsService(target)
    events.create_bus("shop")
    events.put_rule("kept", {"source": ["shop"]}, bus="shop")
    events.put_target("kept", "q", sqs.queue_arn(sqs.create_queue("kept-q")), bus="shop")
    events.put_rule("gone", {"source": ["shop"]}, bus="shop")
    flows = read_flows(target)
    events.delete_rule("gone", bus="shop")
    trace = Trace(target, "event bus shop", {"source": "shop", "detail": {}}, flows=flows,
                  quiet_s=20)
    summary = trace.run()
    assert summary.outcome == "complete", summary_lines(summary)
    gone = next(h for h in trace.hops if h.title == "rule gone (bus shop)")
    assert (gone.what, gone.status) == ("rule not read", "note")
    assert "queue kept-q" in summary.reached


def test_what_parallel_branches_send_is_seen(target) -> None:  # type: ignore[no-untyped-def]
    """The emulator writes no history inside a Parallel (AWS does): what its branches call is
    watched for anyway, and the note says why the states are missing."""
    from playground.aws.stepfunctions.service import StepFunctionsService

    sqs = SqsService(target)
    pay, stock = sqs.create_queue("payments"), sqs.create_queue("stock")
    branch = [{"StartAt": name, "States": {name: {
        "Type": "Task", "Resource": "arn:aws:states:::sqs:sendMessage",
        "Parameters": {"QueueUrl": url, "MessageBody.$": "$"}, "End": True}}}
        for name, url in (("Pay", pay), ("Stock", stock))]
    StepFunctionsService(target).create_state_machine("par", {"StartAt": "P", "States": {
        "P": {"Type": "Parallel", "Branches": branch, "End": True}}})
    trace = Trace(target, "state machine par", {"order": 3}, quiet_s=20)
    summary = trace.run()
    assert summary.outcome == "complete", summary_lines(summary)
    assert {"queue payments", "queue stock"} <= set(summary.reached)
    assert any(n.startswith("state machine par (STANDARD): inside state P: not in the history")
               for n in summary.notes)


def test_an_express_state_machine_is_a_note(target) -> None:  # type: ignore[no-untyped-def]
    from playground.aws.stepfunctions.service import StepFunctionsService

    events = EventsService(target)
    machine = StepFunctionsService(target).create_state_machine(
        "quick", {"StartAt": "A", "States": {"A": {"Type": "Pass", "End": True}}}, kind="EXPRESS")
    events.put_rule("to-quick", {"source": ["x"]})
    events.put_target("to-quick", "q", machine)
    summary = Trace(target, "rule to-quick", {}, quiet_s=20).run()
    assert summary.outcome == "complete", summary_lines(summary)
    assert any(n.startswith("state machine quick (EXPRESS): started (not followed) (an Express "
                            "state machine: GetExecutionHistory does not support it")
               for n in summary.notes)
    direct = Trace(target, "state machine quick", {}, quiet_s=20).run()
    assert direct.outcome == "complete", summary_lines(direct)


def test_a_queue_a_function_reads_is_looked_at_without_waiting(target) -> None:  # type: ignore[no-untyped-def]
    from tests.flows.test_reader import _function

    sqs = SqsService(target)
    sqs.create_queue("work")
    _function(target, "worker")
    target.client("lambda").create_event_source_mapping(
        EventSourceArn=sqs.queue_arn(sqs.queue_url("work")), FunctionName="worker", BatchSize=1)
    trace = Trace(target, "queue work", {"job": 1}, quiet_s=20)
    summary = trace.run()
    assert summary.outcome == "complete", summary_lines(summary)
    note = next(h for h in trace.hops if h.title == "function worker")
    assert (note.what, note.status) == ("reads the queue (not followed)", "note")
    assert "maybe before the trace sees it" in note.explanation
