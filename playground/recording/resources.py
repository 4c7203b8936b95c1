"""Does a recording only use what it makes? A replay starts on an empty emulator, so a call on a
queue, topic, stream, state machine or bus the recording never created would fail there."""

from __future__ import annotations

from dataclasses import dataclass

from playground.recording.model import CallEvent


@dataclass(frozen=True)
class Kind:
    """One kind of resource: which call makes one (and its name parameter), and which
    parameters of other calls name one (and how to get the name out of them)."""

    word: str
    service: str
    create: str
    name_param: str
    uses: tuple[str, ...]


KINDS = (
    Kind("queue", "sqs", "CreateQueue", "QueueName", ("QueueUrl",)),
    Kind("topic", "sns", "CreateTopic", "Name", ("TopicArn",)),
    Kind("stream", "kinesis", "CreateStream", "StreamName", ("StreamName", "StreamARN")),
    Kind("state machine", "stepfunctions", "CreateStateMachine", "name", ("stateMachineArn",)),
    Kind("event bus", "events", "CreateEventBus", "Name", ("EventBusName",)),
)
BUILT_IN = {("event bus", "default")}
"""What an empty emulator has already."""


def resource_name(param: str, value: str) -> str:
    """The name in a URL or ARN parameter: `.../000000000000/orders` and `arn:...:orders`."""
    if param == "QueueUrl":
        return value.rstrip("/").rsplit("/", 1)[-1]
    if param == "stateMachineArn":
        parts = value.split(":")
        return parts[6] if len(parts) > 6 else value
    if value.startswith("arn:"):
        return value.rsplit(":", 1)[-1].rsplit("/", 1)[-1]
    return value


def first_missing(calls: list[CallEvent]) -> tuple[CallEvent, str] | None:
    """The first call (that worked when recorded) on a resource no earlier call created, and
    what to say about it; None when the recording makes everything it uses."""
    made: set[tuple[str, str]] = set(BUILT_IN)
    for call in calls:
        if call.error is not None:
            continue
        for kind in KINDS:
            if call.service != kind.service:
                continue
            if call.operation == kind.create:
                name = call.params.get(kind.name_param)
                if isinstance(name, str):
                    made.add((kind.word, name))
                continue
            for param in kind.uses:
                value = call.params.get(param)
                if not isinstance(value, str):
                    continue
                name = resource_name(param, value)
                if (kind.word, name) not in made:
                    return call, (f"{call.operation} uses {kind.word} {name!r}, which the "
                                  "recording does not create: a replay starts on an empty "
                                  "emulator (record from an empty one)")
    return None
