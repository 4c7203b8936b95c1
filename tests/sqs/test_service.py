"""The SQS service layer against the real embedded emulator (no mocks)."""

from __future__ import annotations

import json
import time

import pytest

from playground.aws.sqs.create import NEW_DLQ, QueueSpec, create_from_spec
from playground.aws.sqs.lanes import LaneState, build_lanes
from playground.aws.sqs.redrive import move_task_support, redrive, resend
from playground.aws.sqs.service import PeekedMessage, SqsService, dlq_links
from playground.aws.sqs.visibility import (
    Delivery,
    DeliveryState,
    MessageIndex,
    countdown_bar,
    format_seconds,
)
from tests.sqs.helpers import visible_again


def _source_with_dlq(svc: SqsService, max_receive: int = 2) -> tuple[str, str]:
    url, dlq = create_from_spec(svc, QueueSpec("orders", attributes={"VisibilityTimeout": "1"},
                                               dlq=NEW_DLQ, max_receive_count=str(max_receive)))
    assert dlq is not None
    return url, dlq


def test_send_receive_and_visibility_timeout(svc: SqsService) -> None:
    url = svc.create_queue("orders", attributes={"VisibilityTimeout": "1"})
    attrs = {"kind": {"DataType": "String", "StringValue": "book"},
             "qty": {"DataType": "Number", "StringValue": "2"}}
    sent = svc.send(url, '{"order": 1}', attributes=attrs)
    [first] = svc.receive(url, wait_seconds=1)
    assert (first.message_id, first.receive_count) == (sent, 1)
    assert first.message_attributes["qty"]["StringValue"] == "2"
    assert svc.receive(url) == []  # in flight: invisible to everyone else
    assert svc.summary(url).in_flight == 1
    visible_again(svc, url)  # the visibility timeout runs out without a delete
    [again] = svc.receive(url)
    assert again.message_id == sent and again.receive_count == 2
    assert again.receipt_handle != first.receipt_handle
    svc.change_visibility(url, again.receipt_handle, 0)  # release now
    [third] = svc.receive(url, visibility_timeout=30)
    svc.delete_message(url, third.receipt_handle)
    assert svc.summary(url).visible + svc.summary(url).in_flight == 0


def test_long_poll_waits_for_a_message(svc: SqsService) -> None:
    url = svc.create_queue("orders", attributes={"ReceiveMessageWaitTimeSeconds": "1"})
    t0 = time.monotonic()
    assert svc.receive(url, wait_seconds=None) == []  # queue default: waits about 1 s
    assert time.monotonic() - t0 >= 0.9
    t0 = time.monotonic()
    assert svc.receive(url, wait_seconds=0) == []  # short poll answers at once
    assert time.monotonic() - t0 < 0.5


def test_batch_entries_and_delay(svc: SqsService) -> None:
    url = svc.create_queue("orders")
    result = svc.send_entries(url, [{"Id": f"m{i}", "MessageBody": f"b{i}"} for i in range(3)])
    assert len(result.sent) == 3 and result.failed == []
    svc.send(url, "later", delay_seconds=60)
    summary = svc.summary(url)
    assert (summary.visible, summary.delayed) == (3, 1)


def test_message_moves_to_the_dlq_after_max_receive_count(svc: SqsService) -> None:
    url, dlq = _source_with_dlq(svc, max_receive=2)
    [link] = dlq_links(svc.list_queues())
    assert (link.source.url, link.dlq.url, link.max_receive_count) == (url, dlq, 2)
    sent = svc.send(url, "poison")
    for expected in (1, 2):
        [m] = svc.receive(url)
        assert m.receive_count == expected
        visible_again(svc, url)
    assert svc.receive(url) == []  # the third receive finds it over the limit and moves it
    [dead] = svc.peek_messages(dlq)
    assert dead.message_id == sent and dead.dlq_source_arn == link.source.attributes["QueueArn"]
    assert svc.summary(dlq).visible == 1


def test_redrive_falls_back_to_receive_and_resend(svc: SqsService) -> None:
    url, dlq = _source_with_dlq(svc, max_receive=1)
    attrs = {"kind": {"DataType": "String", "StringValue": "book"}}
    sent = svc.send(url, "poison", attributes=attrs)
    svc.receive(url)
    visible_again(svc, url)
    svc.receive(url)  # moves it
    result = redrive(svc, dlq)  # ministack answers StartMessageMoveTask with InvalidAction
    assert result.method == "receive-and-resend" and result.moved == 1
    assert "StartMessageMoveTask is not available here (InvalidAction)" in result.note
    ops = [r.operation for r in svc.target.recorder.records]
    assert ops.count("StartMessageMoveTask") == 1
    assert sent in result.new_ids and result.new_ids[sent] != sent
    assert svc.summary(dlq).visible == 0
    [back] = svc.receive(url)
    assert back.body == "poison" and back.message_attributes["kind"]["StringValue"] == "book"


def test_redrive_skips_the_move_task_when_the_target_says_it_has_none(svc: SqsService,
                                                                      monkeypatch) -> None:
    from playground.targets.base import Capability

    _, dlq = _source_with_dlq(svc, max_receive=1)
    monkeypatch.setattr(svc.target, "capabilities",
                        lambda: [Capability("message-move-task", False)])
    assert move_task_support(svc.target) is False
    result = redrive(svc, dlq)
    assert result.method == "receive-and-resend" and result.moved == 0
    ops = [r.operation for r in svc.target.recorder.records]
    assert "StartMessageMoveTask" not in ops


def test_resend_needs_a_destination(svc: SqsService) -> None:
    lonely = svc.create_queue("lonely")
    with pytest.raises(ValueError, match="nobody's dead-letter queue"):
        resend(svc, lonely)


def test_fifo_group_is_blocked_while_its_head_is_in_flight(svc: SqsService) -> None:
    url = svc.create_queue("jobs", fifo=True, attributes={"ContentBasedDeduplication": "true"})
    for group, body in [("a", "a1"), ("a", "a2"), ("b", "b1")]:
        svc.send(url, body, group_id=group)
    assert svc.send(url, "a1", group_id="a") is not None  # same body: deduplicated
    assert svc.summary(url).visible == 3
    [head] = svc.receive(url, max_messages=1)
    assert head.body == "a1" and head.group_id == "a"
    lanes = {lane.group_id: lane for lane in build_lanes(svc.peek_messages(url))}
    assert [m.state for m in lanes["a"].messages] == [LaneState.IN_FLIGHT, LaneState.BLOCKED]
    assert [m.state for m in lanes["b"].messages] == [LaneState.NEXT]
    assert [m.body for m in svc.receive(url, max_messages=10)] == ["b1"]  # a2 must wait
    svc.delete_message(url, head.receipt_handle)
    assert [m.body for m in svc.receive(url, max_messages=10)] == ["a2"]


def test_peek_does_not_receive(svc: SqsService) -> None:
    url = svc.create_queue("orders")
    svc.send(url, json.dumps({"n": 1}))
    [m] = svc.peek_messages(url)
    assert isinstance(m, PeekedMessage) and m.state == "visible" and m.receive_count == 0
    assert svc.receive(url)[0].receive_count == 1


def test_lanes_from_plain_data() -> None:
    def msg(mid: str, group: str, seq: int, visible: bool = True, rc: int = 0) -> PeekedMessage:
        return PeekedMessage(mid, mid, rc, visible, 0, group, None, str(seq).zfill(20))

    lanes = build_lanes([msg("b1", "b", 3), msg("a2", "a", 2), msg("a1", "a", 1, False, 1),
                         msg("c1", "c", 4, False, 0)])
    assert [lane.group_id for lane in lanes] == ["a", "b", "c"]
    assert lanes[0].blocked and not lanes[1].blocked
    assert [m.state for m in lanes[0].messages] == [LaneState.IN_FLIGHT, LaneState.BLOCKED]
    assert lanes[2].messages[0].state is LaneState.WAITING  # still delayed


def test_countdown_model() -> None:
    index = MessageIndex()
    assert (index.of("x"), index.of("y"), index.of("x")) == (1, 2, 1)
    index.alias("x2", "x")
    assert index.of("x2") == 1 and index.of("z") == 3
    from playground.aws.sqs.service import ReceivedMessage

    m = ReceivedMessage("x", "h", "body", 1, {}, {})
    d = Delivery.start(1, m, now=100.0, visibility_timeout=30)
    assert d.remaining(112.0) == 18.0 and d.refresh(112.0) is DeliveryState.IN_FLIGHT
    assert d.refresh(130.0) is DeliveryState.RETURNED
    d.change_visibility(131.0, 60)
    assert d.state is DeliveryState.IN_FLIGHT and d.remaining(131.0) == 60
    assert format_seconds(18.0) == "18s" and format_seconds(0.2) == "1s"
    assert format_seconds(125) == "2m05s" and format_seconds(7200) == "2h00m"
    assert countdown_bar(15, 30, 10) == "█████░░░░░"
