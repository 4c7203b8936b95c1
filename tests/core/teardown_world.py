"""What the teardown tests make on the emulator: in each region, one of every kind the
playground tags (and what belongs to them), next to untagged look-alikes with the same names
and prefix and resources another tool tagged its own way. Shared by the headless, CLI and
palette tests."""

from __future__ import annotations

from typing import Any

from playground.aws.events.service import EventsService
from playground.aws.kinesis.service import KinesisService
from playground.aws.sns.service import SnsService
from playground.aws.sqs.service import SqsService
from playground.aws.stepfunctions.approval import ensure_queue
from playground.aws.stepfunctions.service import StepFunctionsService
from playground.targets.base import Target

P = "pg-td-"
PASS = {"StartAt": "P", "States": {"P": {"Type": "Pass", "End": True}}}
LAB_TAGS = {"playground:lab": "sqs-101"}
OTHER_TOOL = {"managed-by": "terraform", "playground:managed": "false"}
"""Another tool's tags (a managed tag with another value is not ours either)."""

OURS = {
    ("queue", f"{P}orders"),
    ("queue", f"{P}orders.fifo"),  # a lab's tag only
    ("queue", f"{P}flow-approvals"),  # a state machine's approval queue
    ("topic", f"{P}news"),
    ("subscription", f"{P}news → sqs {P}orders"),
    ("event bus", f"{P}bus"),
    ("rule", f"{P}rule"),  # on the tagged bus, with a target
    ("rule", f"{P}default-rule"),  # on the default bus
    ("rule", f"{P}rule-on-their-bus"),  # ours, on another tool's bus
    ("archive", f"{P}archive"),  # of the tagged bus: found through it
    ("state machine", f"{P}flow"),
    ("state machine", f"{P}express"),
    ("activity", f"{P}activity"),
    ("stream", f"{P}stream"),
    ("stream", f"{P}on-demand"),
}
"""(kind, name) of what teardown must find and delete, in each region."""


def make_world(target: Target) -> None:
    """OURS plus the survivors in `target`'s region."""
    sqs, sns = SqsService(target), SnsService(target)
    events, sfn, kinesis = EventsService(target), StepFunctionsService(target), KinesisService(target)
    orders = sqs.create_queue(f"{P}orders")
    sqs.client.create_queue(QueueName=f"{P}orders.fifo", tags=LAB_TAGS,
                            Attributes={"FifoQueue": "true"})
    ensure_queue(sqs, f"{P}flow")
    topic = sns.create_topic(f"{P}news")
    sns.subscribe_queue(topic, sqs.queue_arn(orders))
    bus = events.create_bus(f"{P}bus")
    events.put_rule(f"{P}rule", {"source": ["shop"]}, bus=f"{P}bus")
    events.put_target(f"{P}rule", "orders", sqs.queue_arn(orders), bus=f"{P}bus")
    events.put_rule(f"{P}default-rule", {"source": ["shop"]})
    events.create_archive(f"{P}archive", bus)
    sfn.create_state_machine(f"{P}flow", PASS)
    sfn.create_state_machine(f"{P}express", PASS, kind="EXPRESS")
    sfn.client.create_activity(name=f"{P}activity", tags=[{"key": "playground:managed",
                                                             "value": "true"}])
    kinesis.create_stream(f"{P}stream", shards=2)
    kinesis.ensure_tags(f"{P}stream")  # the emulator drops CreateStream's tags
    kinesis.client.create_stream(StreamName=f"{P}on-demand",
                                 StreamModeDetails={"StreamMode": "ON_DEMAND"})
    kinesis.ensure_tags(f"{P}on-demand", LAB_TAGS)

    # Look-alikes: same names plus -copy, same prefix, no tag at all.
    copy = sqs.client.create_queue(QueueName=f"{P}orders-copy")["QueueUrl"]
    copy_topic = sns.client.create_topic(Name=f"{P}news-copy")["TopicArn"]
    sns.subscribe_queue(copy_topic, sqs.queue_arn(copy))
    their_bus = events.client.create_event_bus(Name=f"{P}bus-copy")["EventBusArn"]
    events.client.put_rule(Name=f"{P}rule", EventBusName=f"{P}bus-copy",
                           EventPattern='{"source": ["shop"]}')  # our rule's name, their bus
    events.put_rule(f"{P}rule-on-their-bus", {"source": ["shop"]}, bus=f"{P}bus-copy")
    events.client.put_rule(Name=f"{P}default-rule-copy", EventPattern='{"source": ["shop"]}')
    events.create_archive(f"{P}archive-copy", their_bus)
    sfn.client.create_state_machine(name=f"{P}flow-copy", definition='{"StartAt": "P", '
                                    '"States": {"P": {"Type": "Pass", "End": true}}}',
                                    roleArn="arn:aws:iam::000000000000:role/x")
    sfn.client.create_activity(name=f"{P}activity-copy")
    kinesis.client.create_stream(StreamName=f"{P}stream-copy", ShardCount=1)
    # Another tool's, tagged its own way.
    sqs.client.create_queue(QueueName="billing-jobs", tags=OTHER_TOOL)
    sns.client.create_topic(Name="billing-alerts", Tags=[{"Key": "app", "Value": "billing"}])
    kinesis.client.create_stream(StreamName="clickstream", ShardCount=1)
    kinesis.client.add_tags_to_stream(StreamName="clickstream", Tags=OTHER_TOOL)


SURVIVORS = {
    ("queue", f"{P}orders-copy"), ("queue", "billing-jobs"), ("topic", f"{P}news-copy"),
    ("topic", "billing-alerts"), ("subscription", f"{P}news-copy → sqs {P}orders-copy"),
    ("event bus", f"{P}bus-copy"),
    ("rule", f"{P}rule"), ("rule", f"{P}default-rule-copy"), ("archive", f"{P}archive-copy"),
    ("state machine", f"{P}flow-copy"), ("activity", f"{P}activity-copy"),
    ("stream", f"{P}stream-copy"), ("stream", "clickstream"),
}
"""(kind, name) of what must still be there after a teardown, in each region (the surviving
rule named like ours is the one on their bus)."""


def everything(target: Target) -> set[tuple[str, str]]:
    """(kind, name) of everything in `target`'s region, tagged or not, asked without the
    playground's finders (a subscription named as teardown names it: topic → protocol endpoint)."""
    sqs, sns = SqsService(target), SnsService(target)
    events, sfn, kinesis = EventsService(target), StepFunctionsService(target), KinesisService(target)
    out: set[tuple[str, str]] = set()
    out |= {("queue", url.rsplit("/", 1)[-1]) for url in sqs.list_queue_urls()}
    for arn in sns.list_topics():
        out.add(("topic", arn.rsplit(":", 1)[-1]))
        out |= {("subscription", f"{arn.rsplit(':', 1)[-1]} → {sub.protocol} "
                 f"{sub.endpoint.rsplit(':', 1)[-1]}") for sub in sns.subscriptions(arn)}
    for bus in events.list_buses():
        if bus["Name"] != "default":
            out.add(("event bus", bus["Name"]))
        out |= {("rule", r["Name"]) for r in events.list_rules(bus["Name"]) if not r.get("ManagedBy")}
    out |= {("archive", a["ArchiveName"]) for a in events.list_archives()}
    out |= {("state machine", m["name"]) for m in sfn.list_state_machines()}
    out |= {("activity", a["name"]) for a in sfn.list_activities()}
    streams: list[Any] = kinesis.list_streams()
    out |= {("stream", s) for s in streams}
    return out
