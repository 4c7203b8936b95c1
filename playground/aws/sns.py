"""SNS: topics, subscriptions (SQS), filter policies, publishing."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from playground.aws.common import managed_tags, tag_list
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
        raw = self.attributes.get("FilterPolicy")
        return json.loads(raw) if raw else None

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
            arns.extend(t["TopicArn"] for t in page.get("Topics", []))
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
        self.client.set_subscription_attributes(
            SubscriptionArn=subscription_arn, AttributeName="FilterPolicy",
            AttributeValue=json.dumps(policy) if policy is not None else "")
        if policy is not None:
            self.client.set_subscription_attributes(
                SubscriptionArn=subscription_arn, AttributeName="FilterPolicyScope",
                AttributeValue=scope)

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
