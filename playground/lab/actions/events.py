"""Built-in solution actions for EventBridge, Step Functions and Kinesis."""

from __future__ import annotations

import time
from typing import Any

from playground.lab.context import LabContext, LabError
from playground.lab.registry import action


@action("create_bus", service="events", creates="name")
def create_bus(ctx: LabContext, name: str) -> str:
    """Create a custom event bus (tagged for the lab)."""
    ctx.events.create_bus(name, tags=ctx.lab_tags())
    return f"created event bus {name}"


@action("put_rule", service="events", creates="name")
def put_rule(ctx: LabContext, name: str, pattern: dict[str, Any], bus: str = "default") -> str:
    """Create or update a rule with an event pattern (tagged for the lab)."""
    ctx.events.put_rule(name, pattern, bus=bus, tags=ctx.lab_tags())
    return f"put rule {name} on bus {bus}"


@action("put_target", service="events")
def put_target(ctx: LabContext, rule: str, bus: str = "default", target_queue: str | None = None,
               target_arn: str | None = None, target_id: str = "1") -> str:
    """Send a rule's matching events to a queue (by name) or any target ARN."""
    if target_queue is not None:
        arn = ctx.sqs.queue_arn(ctx.queue_url(target_queue))
    elif target_arn is not None:
        arn = target_arn
    else:
        raise LabError("put_target needs `target_queue` or `target_arn`")
    ctx.events.put_target(rule, target_id, arn, bus=bus)
    return f"rule {rule} now sends to {target_queue or arn}"


@action("put_event", service="events")
def put_event(ctx: LabContext, source: str, detail_type: str, detail: dict[str, Any],
              bus: str = "default") -> str:
    """Put one event on a bus."""
    ctx.events.put_event(source, detail_type, detail, bus=bus)
    return f"put a {detail_type} event from {source} on bus {bus}"


@action("create_state_machine", service="stepfunctions", creates="name")
def create_state_machine(ctx: LabContext, name: str, definition: dict[str, Any]) -> str:
    """Create a STANDARD state machine from an ASL definition (tagged for the lab)."""
    ctx.sfn.create_state_machine(name, definition, tags=ctx.lab_tags())
    return f"created state machine {name}"


@action("start_execution", service="stepfunctions")
def start_execution(ctx: LabContext, state_machine: str, input: dict[str, Any] | None = None,
                    wait_seconds: int = 10) -> str:
    """Start an execution and wait (up to `wait_seconds`) for it to end."""
    arn = ctx.sfn.start_execution(ctx.state_machine_arn(state_machine), input or {})
    status = "RUNNING"
    deadline = time.monotonic() + wait_seconds
    while status == "RUNNING" and time.monotonic() < deadline:
        status = str(ctx.sfn.describe_execution(arn).get("status"))
        if status == "RUNNING":
            time.sleep(0.2)
    return f"ran {state_machine}: {status}"


@action("create_stream", service="kinesis", creates="name")
def create_stream(ctx: LabContext, name: str, shards: int = 1) -> str:
    """Create a provisioned stream, wait until ACTIVE, and tag it for the lab."""
    ctx.kinesis.create_stream(name, shards, tags=ctx.lab_tags())
    ctx.kinesis.wait_active(name)
    # ministack and LocalStack drop CreateStream's Tags; AddTagsToStream (only where they are
    # missing) makes reset find the stream.
    ctx.kinesis.ensure_tags(name, ctx.lab_tags())
    return f"created stream {name} with {shards} shard(s)"


@action("put_record", service="kinesis")
def put_record(ctx: LabContext, stream: str, data: str, partition_key: str) -> str:
    """Put one record on a stream; the partition key's hash picks the shard."""
    shard, _ = ctx.kinesis.put_record(stream, data.encode(), partition_key)
    return f"put a record on {stream} ({shard})"
