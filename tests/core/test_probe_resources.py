"""The capability probes' own `pg-probe-…` resources never show in a list or get selected."""

from __future__ import annotations

from typing import Any

from playground.aws.common import is_probe_resource
from playground.aws.events.service import EventsService
from playground.aws.kinesis.service import KinesisService
from playground.aws.sns.service import SnsService
from playground.aws.sqs.service import SqsService, queue_name
from playground.aws.stepfunctions.service import StepFunctionsService
from playground.targets.probes import probe_capabilities
from playground.ui.sqs.queue_list import QueueTable
from tests.sqs.test_workbench import counts, open_workbench
from tests.ui.helpers import make_app, wait_for

PROBE = "pg-probe-message-move-task-1a2b3c"
PASS = {"StartAt": "P", "States": {"P": {"Type": "Pass", "End": True}}}


def test_the_predicate_reads_names_urls_and_arns() -> None:
    assert is_probe_resource(PROBE)
    assert is_probe_resource(f"http://127.0.0.1:4566/000000000000/{PROBE}")
    assert is_probe_resource(f"arn:aws:sns:us-east-1:000000000000:{PROBE}")
    assert is_probe_resource(f"arn:aws:events:us-east-1:000000000000:rule/{PROBE}/{PROBE}")
    assert not is_probe_resource("orders")
    assert not is_probe_resource("arn:aws:sqs:us-east-1:000000000000:my-pg-probe-x")


def test_no_service_list_shows_a_probe_resource(target: Any) -> None:
    """What a probe has made while it runs, every service's list leaves out."""
    sqs, sns, kinesis = SqsService(target), SnsService(target), KinesisService(target)
    sfn, events = StepFunctionsService(target), EventsService(target)
    for name in (PROBE, "orders"):
        sqs.create_queue(name)
        sns.create_topic(name)
        kinesis.create_stream(name, 1)
        sfn.create_state_machine(name, PASS)
        arn = events.create_bus(name)
        events.put_rule(name, {"source": ["x"]}, bus=name)
        events.put_rule(name, {"source": ["x"]})
        events.create_archive(name, arn)
    assert [queue_name(u) for u in sqs.list_queue_urls()] == ["orders"]
    assert [q.name for q in sqs.list_queues()] == ["orders"]
    assert [a.rsplit(":", 1)[-1] for a in sns.list_topics()] == ["orders"]
    assert kinesis.list_streams() == ["orders"]
    assert [m["name"] for m in sfn.list_state_machines()] == ["orders"]
    assert sorted(b["Name"] for b in events.list_buses()) == ["default", "orders"]
    assert [r["Name"] for r in events.list_rules()] == ["orders"]
    assert [r["Name"] for r in events.list_rules("orders")] == ["orders"]
    assert [a["ArchiveName"] for a in events.list_archives()] == ["orders"]


def test_listing_right_after_the_probes_shows_only_the_learners_queue(target: Any) -> None:
    sqs = SqsService(target)
    sqs.create_queue("orders")
    probe_capabilities(target, only=["peek", "message-move-task"])
    assert [q.name for q in sqs.list_queues()] == ["orders"]


async def test_the_sqs_workbench_never_lists_or_selects_a_probe_queue(target: Any) -> None:
    """The first queue a fresh emulator showed was the probe's, selected as current."""
    sqs = SqsService(target)
    target.client("sqs").create_queue(QueueName=PROBE)  # a probe is half way through
    url = sqs.create_queue("orders")
    app = make_app(target)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_workbench(app, pilot)
        table = screen.query_one(QueueTable)
        assert [q.name for q in table.queues.values()] == ["orders"]
        assert screen.current_url == url
        target.client("sqs").create_queue(QueueName=PROBE + "x")  # another probe, while open
        sqs.send(url, "one")
        await wait_for(pilot, lambda: counts(screen, "orders") == (1, 0, 0), what="a refresh")
        assert [q.name for q in screen.queues.values()] == ["orders"]
        assert screen.current_url == url
