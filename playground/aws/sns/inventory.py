"""The playground's topics in one region, and their subscriptions (which cannot be tagged)."""

from __future__ import annotations

from functools import partial
from typing import Any

from playground.aws.inventory import Resource, Survey
from playground.aws.sns.service import SnsService, topic_name


def find(survey: Survey) -> list[Resource]:
    sns = SnsService(survey.target)
    found: list[Resource] = []
    for arn, tags in survey.tagged("sns", "ListTopics", sns.list_topics,
                                   "ListTagsForResource", sns.tags):
        name = topic_name(arn)
        found.append(Resource("sns", "topic", name, survey.region, arn, None, tags,
                              {"fifo": name.endswith(".fifo")},
                              delete=partial(delete_topic, sns, arn)))
        subs = survey.ask("sns", "ListSubscriptionsByTopic", partial(_subscriptions, sns, arn))
        for sub in subs or []:
            endpoint = str(sub.get("Endpoint", ""))
            found.append(Resource(
                "sns", "subscription", f"{name} → {sub.get('Protocol', '?')} "
                f"{endpoint.rsplit(':', 1)[-1]}", survey.region, sub["SubscriptionArn"],
                details={"protocol": sub.get("Protocol", ""), "endpoint": endpoint},
                belongs_to=arn, delete=partial(sns.unsubscribe, sub["SubscriptionArn"])))
    return found


def _subscriptions(sns: SnsService, topic_arn: str) -> list[dict[str, Any]]:
    """Confirmed subscriptions only: a pending one has no ARN to unsubscribe, and goes with its
    topic."""
    subs: list[dict[str, Any]] = []
    for page in sns.client.get_paginator("list_subscriptions_by_topic").paginate(TopicArn=topic_arn):
        subs.extend(s for s in page.get("Subscriptions", [])
                    if str(s.get("SubscriptionArn", "")).startswith("arn:"))
    return subs


def delete_topic(sns: SnsService, arn: str) -> None:
    """Unsubscribe first: AWS deletes a topic's subscriptions with it, not every emulator does."""
    for sub in sns.subscriptions(arn):
        if sub.arn.startswith("arn:"):
            sns.unsubscribe(sub.arn)
    sns.delete_topic(arn)
