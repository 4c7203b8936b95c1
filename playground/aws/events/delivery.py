"""EventBridge rules and their targets: SQS queues (created on request), SNS topics, state
machines; the resource policies real AWS needs; and reading what a target queue received."""

from __future__ import annotations

import contextlib
import json
from dataclasses import dataclass, field
from typing import Any

from playground.aws.common import error_code
from playground.aws.events.service import EventsService
from playground.aws.sqs.service import SqsService
from playground.patterns.json_input import parse_json
from playground.targets.base import Target

TARGET_KINDS = ("sqs", "sns", "states")
"""Target kinds the workbench offers, by the service part of their ARN."""


@dataclass(frozen=True)
class RuleTarget:
    target_id: str
    arn: str
    transformer: dict[str, Any] | None = None
    role_arn: str | None = None

    @property
    def kind(self) -> str:
        parts = self.arn.split(":")
        return parts[2] if len(parts) > 2 else "?"

    @property
    def name(self) -> str:
        return self.arn.rsplit(":", 1)[-1]


@dataclass(frozen=True)
class RuleSummary:
    name: str
    bus: str
    arn: str
    enabled: bool
    pattern: dict[str, Any] | None
    targets: tuple[RuleTarget, ...] = field(default=())


def _statement_policy(resource_arn: str, sid: str, service: str, action: str,
                      source_arn: str, existing: str | None) -> str:
    """Add one Allow statement for `service` (keyed by Sid) to an existing resource policy."""
    policy: dict[str, Any] = {"Version": "2012-10-17", "Statement": []}
    if existing:
        with contextlib.suppress(ValueError):
            found = parse_json(existing)
            if isinstance(found, dict) and isinstance(found.get("Statement", []), list):
                policy = found
    statements = [s for s in policy.get("Statement", [])
                  if not isinstance(s, dict) or s.get("Sid") != sid]
    statements.append({
        "Sid": sid,
        "Effect": "Allow",
        "Principal": {"Service": service},
        "Action": action,
        "Resource": resource_arn,
        "Condition": {"ArnEquals": {"aws:SourceArn": source_arn}},
    })
    policy["Statement"] = statements
    return json.dumps(policy)


def _pattern(text: str | None) -> dict[str, Any] | None:
    """A rule's pattern as the target holds it; None when there is none, or when it is not a
    JSON object the playground can read (nested too deep: another client set it)."""
    try:
        found = parse_json(text) if text else None
    except ValueError:
        return None
    return found if isinstance(found, dict) else None


class RuleTargets:
    """Rules with their targets, and the plumbing a target needs to actually receive."""

    def __init__(self, target: Target) -> None:
        self.target = target
        self.events = EventsService(target)
        self.sqs = SqsService(target)

    def rules(self, bus: str) -> list[RuleSummary]:
        out = []
        for rule in self.events.list_rules(bus):
            pattern = _pattern(rule.get("EventPattern"))
            targets = tuple(
                RuleTarget(t["Id"], t["Arn"], t.get("InputTransformer"), t.get("RoleArn"))
                for t in self.events.list_targets(rule["Name"], bus))
            out.append(RuleSummary(rule["Name"], bus, rule.get("Arn", ""),
                                   rule.get("State") == "ENABLED", pattern, targets))
        return sorted(out, key=lambda r: r.name)

    def allow_rule_to_send(self, queue_url: str, rule_arn: str) -> str:
        """Let EventBridge (for this rule only) send to the queue; returns the queue ARN."""
        attrs = self.sqs.client.get_queue_attributes(
            QueueUrl=queue_url, AttributeNames=["QueueArn", "Policy"])["Attributes"]
        arn = str(attrs["QueueArn"])
        policy = _statement_policy(arn, f"playground-events-{rule_arn.rsplit('/', 1)[-1]}"[:100],
                                   "events.amazonaws.com", "sqs:SendMessage", rule_arn,
                                   attrs.get("Policy"))
        self.sqs.set_attributes(queue_url, {"Policy": policy})
        return arn

    def allow_rule_to_publish(self, topic_arn: str, rule_arn: str) -> None:
        sns = self.target.client("sns")
        attrs = sns.get_topic_attributes(TopicArn=topic_arn).get("Attributes", {})
        policy = _statement_policy(topic_arn, f"playground-events-{rule_arn.rsplit('/', 1)[-1]}"[:100],
                                   "events.amazonaws.com", "sns:Publish", rule_arn,
                                   attrs.get("Policy"))
        sns.set_topic_attributes(TopicArn=topic_arn, AttributeName="Policy", AttributeValue=policy)

    def queue_url(self, name_or_arn: str, *, create: bool = True) -> str:
        name = name_or_arn.rsplit(":", 1)[-1]
        try:
            return self.sqs.queue_url(name)
        except Exception as exc:
            code = error_code(exc)
            if not create or ("NonExistentQueue" not in code and code != "QueueDoesNotExist"):
                raise
        return self.sqs.create_queue(name, fifo=name.endswith(".fifo"))

    def add_queue_target(self, rule: str, bus: str, queue: str, *, target_id: str | None = None,
                         transformer: dict[str, Any] | None = None) -> RuleTarget:
        """Send the rule's events to queue `queue` (created when missing), optionally transformed."""
        rule_arn = self.events.describe_rule(rule, bus)["Arn"]
        url = self.queue_url(queue)
        arn = self.allow_rule_to_send(url, rule_arn)
        spec: dict[str, Any] = {"Id": target_id or queue.rsplit(":", 1)[-1][:64], "Arn": arn}
        if arn.endswith(".fifo"):
            spec["SqsParameters"] = {"MessageGroupId": rule[:128]}
        if transformer:
            spec["InputTransformer"] = transformer
        self.events.put_target_spec(rule, spec, bus)
        return RuleTarget(spec["Id"], arn, transformer)

    def add_target(self, rule: str, bus: str, arn: str, *, target_id: str,
                   role_arn: str | None = None,
                   transformer: dict[str, Any] | None = None) -> RuleTarget:
        """Any target by ARN; SNS topics get a topic policy, state machines need a role on AWS."""
        if arn.split(":")[2:3] == ["sqs"]:
            return self.add_queue_target(rule, bus, arn, target_id=target_id, transformer=transformer)
        rule_arn = self.events.describe_rule(rule, bus)["Arn"]
        if arn.split(":")[2:3] == ["sns"]:
            self.allow_rule_to_publish(arn, rule_arn)
        spec: dict[str, Any] = {"Id": target_id, "Arn": arn}
        if role_arn:
            spec["RoleArn"] = role_arn
        if transformer:
            spec["InputTransformer"] = transformer
        self.events.put_target_spec(rule, spec, bus)
        return RuleTarget(target_id, arn, transformer, role_arn)

    def read_queue(self, queue_url: str, wait_seconds: int = 1) -> list[str]:
        """Receive and delete what a target queue holds; the bodies, oldest first."""
        bodies = []
        for message in self.sqs.receive(queue_url, max_messages=10, wait_seconds=wait_seconds):
            bodies.append(message.body)
            self.sqs.delete_message(queue_url, message.receipt_handle)
        return bodies
