"""Fan-out on the real emulator: filter policies decide, raw vs envelope, FIFO to FIFO."""

from __future__ import annotations

import json
import time

from playground.aws.sns.fanout import FanOut, Published, Subscriber, explain
from playground.aws.sns.service import SnsService


def _collect(fan: FanOut, sub: Subscriber, want: int, timeout: float = 5.0) -> list:
    got: list = []
    deadline = time.monotonic() + timeout
    while len(got) < want and time.monotonic() < deadline:
        got += fan.poll(sub, wait_seconds=1)
    return got


def test_filter_policy_decides_who_gets_the_message_and_explains_why(target) -> None:
    fan = FanOut(target)
    topic = SnsService(target).create_topic("orders")
    everyone = fan.add_subscriber(topic, "audit")
    big = fan.add_subscriber(topic, "big-orders",
                             filter_policy={"price": [{"numeric": [">=", 100]}]})
    cheap = Published(1, '{"order": 7}', attributes={"price": {"DataType": "Number",
                                                               "StringValue": "42"}})
    assert fan.publish(topic, cheap) == 1

    assert [d.message for d in _collect(fan, everyone, 1)] == ['{"order": 7}']
    assert fan.poll(big, wait_seconds=1) == []
    why = explain(big.subscription, cheap)
    assert not why.matched
    assert why.reasons[0].text == "price: numeric >= 100 — got 42, no match"
    assert explain(everyone.subscription, cheap).matched


def test_body_scope_policy_filters_on_the_message_itself(target) -> None:
    fan = FanOut(target)
    topic = SnsService(target).create_topic("shipments")
    eu = fan.add_subscriber(topic, "eu", filter_policy={"region": ["eu-west-1"]},
                            scope="MessageBody")
    assert eu.subscription.filter_scope == "MessageBody"
    fan.publish(topic, Published(1, json.dumps({"region": "us-east-1"})))
    fan.publish(topic, Published(2, json.dumps({"region": "eu-west-1"})))
    got = _collect(fan, eu, 1)
    assert [json.loads(d.message)["region"] for d in got] == ["eu-west-1"]


def test_raw_delivery_drops_the_envelope_and_keeps_attributes(target) -> None:
    fan = FanOut(target)
    topic = SnsService(target).create_topic("news")
    raw = fan.add_subscriber(topic, "raw-reader", raw=True)
    wrapped = fan.add_subscriber(topic, "envelope-reader")
    attrs = {"kind": {"DataType": "String", "StringValue": "sport"}}
    fan.publish(topic, Published(1, "goal!", subject="score", attributes=attrs))

    (r,) = _collect(fan, raw, 1)
    assert (r.envelope, r.body, r.message) == (False, "goal!", "goal!")
    assert r.attributes["kind"]["StringValue"] == "sport"
    (e,) = _collect(fan, wrapped, 1)
    assert e.envelope and json.loads(e.body)["Type"] == "Notification"
    assert (e.message, e.subject) == ("goal!", "score")
    assert e.attributes["kind"] == {"DataType": "String", "StringValue": "sport"}


def test_fifo_topic_delivers_in_order_to_a_fifo_queue_and_deduplicates(target) -> None:
    fan = FanOut(target)
    topic = SnsService(target).create_topic("prices", fifo=True)
    assert topic.endswith(":prices.fifo")
    sub = fan.add_subscriber(topic, "prices-copy", raw=True)
    assert sub.fifo and sub.name == "prices-copy.fifo"
    for i, dedup in enumerate(["a", "b", "a"]):
        fan.publish(topic, Published(i, f"price {i}", group_id="sku-1", dedup_id=dedup))
    got = _collect(fan, sub, 2)
    assert [d.message for d in got] == ["price 0", "price 1"]
    assert {d.group_id for d in got} == {"sku-1"}


def test_publish_batch_of_n_reports_progress(target) -> None:
    fan = FanOut(target)
    topic = SnsService(target).create_topic("bulk.fifo", fifo=True)
    sub = fan.add_subscriber(topic, "bulk", raw=True)
    seen: list[tuple[int, int]] = []
    n = fan.publish(topic, Published(3, "same", group_id="g", count=23),
                    progress=lambda done, total: seen.append((done, total)))
    assert n == 23 and seen == [(10, 23), (20, 23), (23, 23)]
    assert len(_collect(fan, sub, 23, timeout=8)) == 23


def test_subscribers_lists_queue_subscriptions_and_refresh_sees_changes(target) -> None:
    fan = FanOut(target)
    sns = SnsService(target)
    topic = sns.create_topic("alerts")
    first = fan.add_subscriber(topic, "pager")
    assert [s.name for s in fan.subscribers(topic)] == ["pager"]
    sns.set_raw_delivery(first.subscription.arn, True)
    sns.set_filter_policy(first.subscription.arn, {"level": ["high"]})
    again = fan.refresh(first)
    assert again.subscription.raw_delivery
    assert again.subscription.filter_policy == {"level": ["high"]}
    sns.set_filter_policy(first.subscription.arn, None)
    assert fan.refresh(first).subscription.filter_policy is None
    fan.remove_subscriber(first)
    assert fan.subscribers(topic) == []
