"""The flow the trace tests follow, on the emulator: an EventBridge rule on bus `shop` to an SNS
topic (fanning out to queue `audit` raw and to queue `refunds` filtered on kind=refund, which
the order is not) and to a state machine that passes the order on and sends it to `billing`."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from playground.aws.events.service import EventsService
from playground.aws.sns.service import SnsService
from playground.aws.sqs.service import SqsService
from playground.aws.stepfunctions.service import StepFunctionsService
from playground.targets.base import Target

PATTERN = {"source": ["shop"], "detail-type": ["OrderPlaced"]}
FILTER = {"kind": ["refund"]}


@dataclass
class TraceWorld:
    bus: str
    rule: str
    topic: str
    audit: str
    refunds: str
    billing: str
    billing_url: str
    machine: str


def build_trace_world(target: Target, *, wait_for_token: bool = False,
                      prefix: str = "") -> TraceWorld:
    """`prefix` names everything apart on a target that is not reset (LocalStack)."""
    sqs, sns = SqsService(target), SnsService(target)
    events, sfn = EventsService(target), StepFunctionsService(target)
    audit = sqs.queue_arn(sqs.create_queue(f"{prefix}audit"))
    refunds = sqs.queue_arn(sqs.create_queue(f"{prefix}refunds"))
    billing_url = sqs.create_queue(f"{prefix}billing")
    billing = sqs.queue_arn(billing_url)
    topic = sns.create_topic(f"{prefix}orders")
    sns.subscribe_queue(topic, audit, raw=True)
    sns.subscribe_queue(topic, refunds, filter_policy=FILTER)
    bus = events.create_bus(f"{prefix}shop")
    rule = events.put_rule(f"{prefix}orders-rule", PATTERN, bus=f"{prefix}shop")
    events.put_target(f"{prefix}orders-rule", "to-topic", topic, bus=f"{prefix}shop")
    states: dict[str, Any] = {
        "Check": {"Type": "Pass", "Result": {"ok": True}, "ResultPath": "$.checked",
                  "Next": "Bill"},
        "Bill": {"Type": "Task", "Resource": "arn:aws:states:::sqs:sendMessage",
                 "Parameters": {"QueueUrl": billing_url, "MessageBody.$": "$.detail"},
                 "ResultPath": None, "End": True},
    }
    if wait_for_token:
        states["Bill"].pop("End")
        states["Bill"]["Next"] = "Approve"
        states["Approve"] = {
            "Type": "Task", "Resource": "arn:aws:states:::sqs:sendMessage.waitForTaskToken",
            "Parameters": {"QueueUrl": billing_url,
                           "MessageBody": {"token.$": "$$.Task.Token", "order.$": "$.detail"}},
            "End": True}
    machine = sfn.create_state_machine(f"{prefix}order-flow", {"StartAt": "Check", "States": states})
    events.put_target(f"{prefix}orders-rule", "to-flow", machine, bus=f"{prefix}shop")
    return TraceWorld(bus, rule, topic, audit, refunds, billing, billing_url, machine)
