"""A small wired setup on the emulator for the flow map's tests (deterministic names)."""

from __future__ import annotations

import json
from dataclasses import dataclass

from playground.aws.events.service import EventsService
from playground.aws.sns.service import SnsService
from playground.aws.sqs.service import SqsService
from playground.aws.stepfunctions.service import StepFunctionsService
from playground.targets.base import Target

FILTER = {"kind": ["refund"]}
PATTERN = {"source": ["shop"], "detail-type": ["OrderPlaced"]}


@dataclass
class World:
    bus: str
    rule: str
    billing: str
    audit: str
    refunds: str
    dlq: str
    topic: str
    machine: str


def build_world(target: Target) -> World:
    sqs, sns = SqsService(target), SnsService(target)
    events, sfn = EventsService(target), StepFunctionsService(target)
    dlq_url = sqs.create_queue("billing-dlq")
    dlq = sqs.queue_arn(dlq_url)
    billing_url = sqs.create_queue("billing")
    billing = sqs.queue_arn(billing_url)
    sqs.set_redrive(billing_url, dlq, 3)
    audit = sqs.queue_arn(sqs.create_queue("audit"))
    refunds = sqs.queue_arn(sqs.create_queue("refunds"))
    topic = sns.create_topic("orders")
    sns.subscribe_queue(topic, audit, raw=True)
    sns.subscribe_queue(topic, refunds, filter_policy=FILTER)
    bus = events.create_bus("shop")
    rule = events.put_rule("orders-rule", PATTERN, bus="shop")
    events.put_target("orders-rule", "to-billing", billing, bus="shop")
    events.put_target("orders-rule", "to-topic", topic, bus="shop")
    definition = {
        "StartAt": "Bill",
        "States": {
            "Bill": {"Type": "Task", "Resource": "arn:aws:states:::sqs:sendMessage",
                     "Parameters": {"QueueUrl": billing_url, "MessageBody.$": "$"},
                     "Next": "Tell"},
            "Tell": {"Type": "Task", "Resource": "arn:aws:states:::sns:publish",
                     "Parameters": {"TopicArn": topic, "Message.$": "$"}, "Next": "Approve"},
            "Approve": {"Type": "Task",
                        "Resource": "arn:aws:states:::sqs:sendMessage.waitForTaskToken",
                        "Parameters": {"QueueUrl": billing_url,
                                       "MessageBody": {"token.$": "$$.Task.Token"}},
                        "End": True},
        },
    }
    machine = sfn.create_state_machine("order-flow", definition)
    return World(bus, rule, billing, audit, refunds, dlq, topic, machine)


def edges(flows_json: dict) -> set[tuple[str, str, str, str]]:
    return {(e["source"], e["target"], e["kind"], e["label"]) for e in flows_json["edges"]}


__all__ = ["FILTER", "PATTERN", "World", "build_world", "edges", "json"]
