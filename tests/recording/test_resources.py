"""A recording that uses a resource it never made is refused before a replay starts."""

from __future__ import annotations

from typing import Any

import pytest

from playground.recording import CallEvent
from playground.recording.resources import first_missing

URL = "http://127.0.0.1:4566/000000000000/"
ARN = "arn:aws:{}:us-east-1:000000000000:{}"


def call(line: int, service: str, operation: str, error: str | None = None,
         **params: Any) -> CallEvent:
    return CallEvent(float(line), line, service, operation, params, error)


def test_what_the_recording_makes_it_may_use() -> None:
    calls = [
        call(2, "sqs", "CreateQueue", QueueName="orders"),
        call(3, "sqs", "SendMessage", QueueUrl=URL + "orders", MessageBody="x"),
        call(4, "sns", "CreateTopic", Name="news"),
        call(5, "sns", "Subscribe", TopicArn=ARN.format("sns", "news"), Protocol="sqs"),
        call(6, "kinesis", "CreateStream", StreamName="clicks", ShardCount=1),
        call(7, "kinesis", "PutRecord", StreamARN=ARN.format("kinesis", "stream/clicks")),
        call(8, "stepfunctions", "CreateStateMachine", name="flow"),
        call(9, "stepfunctions", "StartExecution",
             stateMachineArn=ARN.format("states", "stateMachine:flow")),
        call(10, "events", "PutEvents", EventBusName="default"),
        call(11, "events", "CreateEventBus", Name="orders-bus"),
        call(12, "events", "PutRule", Name="r", EventBusName=ARN.format("events",
                                                                          "event-bus/orders-bus")),
        call(13, "sqs", "GetQueueUrl", QueueName="anything"),  # a name alone is not a use
        call(14, "sqs", "SendMessage", error="AWS.SimpleQueueService.NonExistentQueue",
             QueueUrl=URL + "gone"),  # it failed in the rehearsal too: the same in the replay
    ]
    assert first_missing(calls) is None


@pytest.mark.parametrize(("calls", "line", "says"), [
    ([call(2, "sqs", "SendMessage", QueueUrl=URL + "orders")], 2,
     "SendMessage uses queue 'orders', which the recording does not create"),
    ([call(2, "sqs", "CreateQueue", QueueName="orders"),
      call(3, "sns", "Publish", TopicArn=ARN.format("sns", "news"))], 3, "topic 'news'"),
    ([call(2, "stepfunctions", "StartExecution",
           stateMachineArn=ARN.format("states", "stateMachine:flow:3"))], 2,
     "state machine 'flow'"),
    ([call(2, "kinesis", "CreateStream", error="LimitExceededException", StreamName="s"),
      call(3, "kinesis", "PutRecord", StreamName="s")], 3, "stream 's'"),
    ([call(2, "events", "PutRule", Name="r", EventBusName="orders-bus")], 2, "event bus"),
])
def test_the_first_use_of_something_never_made_is_named(calls: list[CallEvent], line: int,
                                                         says: str) -> None:
    found = first_missing(calls)
    assert found is not None
    assert found[0].line == line and says in found[1]
    assert "a replay starts on an empty emulator" in found[1]
