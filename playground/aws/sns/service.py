"""SNS: topics, subscriptions (SQS), filter policies, publishing."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from playground.aws.common import error_code, is_probe_resource, managed_tags, tag_list
from playground.patterns.json_input import parse_json
from playground.targets.base import Target


@dataclass(frozen=True)
class Subscription:
    arn: str
    topic_arn: str
    protocol: str
    endpoint: str
    attributes: dict[str, str]

    @property
    def filter_policy(self) -> dict[str, Any] | None:
        """The policy, or None when there is none (SNS removes a policy set to `{}`) or when
        it cannot be read (then `filter_policy_problem` says why)."""
        raw = self.attributes.get("FilterPolicy")
        try:
            parsed = parse_json(raw) if raw else None
        except ValueError:
            return None
        return parsed if isinstance(parsed, dict) and parsed else None

    @property
    def filter_policy_problem(self) -> str | None:
        """Why the policy the target holds cannot be read (not JSON, nested too deep), if so:
        another client may have set what the playground would refuse."""
        raw = self.attributes.get("FilterPolicy")
        try:
            parse_json(raw) if raw else None
        except ValueError as exc:
            return f"the filter policy cannot be read: {exc}"
        return None

    @property
    def queue_name(self) -> str:
        """The subscribed queue's name (the last part of an SQS endpoint ARN)."""
        return self.endpoint.rsplit(":", 1)[-1]

    @property
    def filter_scope(self) -> str:
        return self.attributes.get("FilterPolicyScope", "MessageAttributes")

    @property
    def raw_delivery(self) -> bool:
        return self.attributes.get("RawMessageDelivery") == "true"


def topic_name(arn: str) -> str:
    return arn.rsplit(":", 1)[-1]


class SnsService:
    def __init__(self, target: Target) -> None:
        self.target = target

    @property
    def client(self) -> Any:
        return self.target.client("sns")

    def list_topics(self) -> list[str]:
        arns: list[str] = []
        for page in self.client.get_paginator("list_topics").paginate():
            arns.extend(t["TopicArn"] for t in page.get("Topics", [])
                        if not is_probe_resource(t["TopicArn"]))
        return sorted(arns)

    def create_topic(self, name: str, *, fifo: bool = False, content_dedup: bool = False,
                     tags: dict[str, str] | None = None) -> str:
        attrs: dict[str, str] = {}
        if fifo:
            if not name.endswith(".fifo"):
                name += ".fifo"
            attrs["FifoTopic"] = "true"
            if content_dedup:
                attrs["ContentBasedDeduplication"] = "true"
        resp = self.client.create_topic(Name=name, Attributes=attrs,
                                        Tags=tag_list(managed_tags(tags)))
        return str(resp["TopicArn"])

    def delete_topic(self, arn: str) -> None:
        self.client.delete_topic(TopicArn=arn)

    def topic_attributes(self, arn: str) -> dict[str, str]:
        return dict(self.client.get_topic_attributes(TopicArn=arn).get("Attributes", {}))

    def subscribe_queue(self, topic_arn: str, queue_arn: str, *, raw: bool = False,
                        filter_policy: dict[str, Any] | None = None,
                        filter_scope: str = "MessageAttributes") -> str:
        attrs: dict[str, str] = {}
        if raw:
            attrs["RawMessageDelivery"] = "true"
        if filter_policy is not None:
            attrs["FilterPolicy"] = json.dumps(filter_policy)
            attrs["FilterPolicyScope"] = filter_scope
        resp = self.client.subscribe(TopicArn=topic_arn, Protocol="sqs", Endpoint=queue_arn,
                                     Attributes=attrs, ReturnSubscriptionArn=True)
        return str(resp["SubscriptionArn"])

    def unsubscribe(self, subscription_arn: str) -> None:
        self.client.unsubscribe(SubscriptionArn=subscription_arn)

    def subscriptions(self, topic_arn: str) -> list[Subscription]:
        subs: list[Subscription] = []
        paginator = self.client.get_paginator("list_subscriptions_by_topic")
        for page in paginator.paginate(TopicArn=topic_arn):
            for s in page.get("Subscriptions", []):
                arn = s["SubscriptionArn"]
                attrs: dict[str, str] = {}
                if arn.startswith("arn:"):
                    attrs = dict(self.client.get_subscription_attributes(
                        SubscriptionArn=arn).get("Attributes", {}))
                subs.append(Subscription(arn, s["TopicArn"], s["Protocol"], s["Endpoint"], attrs))
        return subs

    def set_filter_policy(self, subscription_arn: str, policy: dict[str, Any] | None,
                          scope: str = "MessageAttributes") -> None:
        """Set the policy and its scope; None removes the policy (SNS documents `{}` for that).

        SNS checks the stored policy against the scope on every change, so a nested body
        policy may need the scope first: that order is tried when the other one is refused.
        """
        def put(name: str, value: str) -> None:
            self.client.set_subscription_attributes(
                SubscriptionArn=subscription_arn, AttributeName=name, AttributeValue=value)

        if policy is None:
            put("FilterPolicy", "{}")
            return
        text = json.dumps(policy)
        try:
            put("FilterPolicy", text)
        except Exception as exc:
            if scope != "MessageBody" or error_code(exc) != "InvalidParameter":
                raise
            put("FilterPolicyScope", scope)
            put("FilterPolicy", text)
            return
        put("FilterPolicyScope", scope)

    def publish(self, topic_arn: str, message: str, *, subject: str | None = None,
                attributes: dict[str, Any] | None = None, group_id: str | None = None,
                dedup_id: str | None = None) -> str:
        kwargs: dict[str, Any] = {"TopicArn": topic_arn, "Message": message}
        if subject:
            kwargs["Subject"] = subject
        if attributes:
            kwargs["MessageAttributes"] = attributes
        if group_id:
            kwargs["MessageGroupId"] = group_id
        if dedup_id:
            kwargs["MessageDeduplicationId"] = dedup_id
        return str(self.client.publish(**kwargs)["MessageId"])

    def tags(self, arn: str) -> dict[str, str]:
        """A topic's tags as a dict (how teardown recognises what the playground made)."""
        resp = self.client.list_tags_for_resource(ResourceArn=arn)
        return {t["Key"]: t["Value"] for t in resp.get("Tags", [])}

    def set_raw_delivery(self, subscription_arn: str, raw: bool) -> None:
        self.client.set_subscription_attributes(
            SubscriptionArn=subscription_arn, AttributeName="RawMessageDelivery",
            AttributeValue="true" if raw else "false")

    def publish_batch(self, topic_arn: str,
                      entries: list[dict[str, Any]]) -> tuple[list[str], list[tuple[str, str]]]:
        """One PublishBatch call (at most 10 entries, each with an Id): ids accepted, failures."""
        resp = self.client.publish_batch(TopicArn=topic_arn, PublishBatchRequestEntries=entries)
        ok = [str(r.get("MessageId", "")) for r in resp.get("Successful", [])]
        failed = [(str(f.get("Id")), f"{f.get('Code', '')}: {f.get('Message', '')}".strip(": "))
                  for f in resp.get("Failed", [])]
        return ok, failed


def is_fifo_topic(arn: str) -> bool:
    return topic_name(arn).endswith(".fifo")
