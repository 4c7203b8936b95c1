"""The service layer does the same on real LocalStack as on the embedded emulator."""

from __future__ import annotations

import json
import time

from playground.aws.events.service import EventsService
from playground.aws.kinesis.service import KinesisService
from playground.aws.sns.service import SnsService
from playground.aws.sqs.service import SqsService
from playground.aws.stepfunctions.service import StepFunctionsService


def _wait(predicate, timeout: float = 10.0) -> bool:  # type: ignore[no-untyped-def]
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.2)
    return False


def test_sqs_round_trip_and_tags(localstack) -> None:
    sqs = SqsService(localstack)
    url = sqs.create_queue("pg-parity-orders")
    sqs.send(url, "hello")
    assert sqs.tags(url)["playground:managed"] == "true"
    got = sqs.receive(url, wait_seconds=1)
    assert [m.body for m in got] == ["hello"]
    sqs.delete_message(url, got[0].receipt_handle)
    assert sqs.summary(url).visible == 0


def test_sns_fans_out_to_sqs(localstack) -> None:
    sqs, sns = SqsService(localstack), SnsService(localstack)
    topic = sns.create_topic("pg-parity-topic")
    url = sqs.create_queue("pg-parity-sub")
    sns.subscribe_queue(topic, sqs.queue_arn(url), raw=True)
    sns.publish(topic, "fan-out")
    assert _wait(lambda: sqs.summary(url).visible == 1)


def test_eventbridge_rule_delivers_to_sqs(localstack) -> None:
    sqs, events = SqsService(localstack), EventsService(localstack)
    url = sqs.create_queue("pg-parity-events")
    events.put_rule("pg-parity-rule", {"source": ["pg.parity"]})
    events.put_target("pg-parity-rule", "q", sqs.queue_arn(url))
    events.put_event("pg.parity", "Test", {"n": 1})
    assert _wait(lambda: sqs.summary(url).visible == 1)
    assert events.test_event_pattern({"source": ["pg.parity"]}, {
        "id": "1", "account": "000000000000", "source": "pg.parity", "time": "2026-01-01T00:00:00Z",
        "region": "us-east-1", "resources": [], "detail-type": "Test", "detail": {}})


def test_step_functions_execution_succeeds(localstack) -> None:
    sfn = StepFunctionsService(localstack)
    arn = sfn.create_state_machine("pg-parity-sm", {
        "StartAt": "Hello", "States": {"Hello": {"Type": "Pass", "Result": {"ok": True},
                                                 "End": True}}})
    execution = sfn.start_execution(arn, {"x": 1})
    assert _wait(lambda: sfn.describe_execution(execution)["status"] == "SUCCEEDED")
    assert json.loads(sfn.describe_execution(execution)["output"]) == {"ok": True}


def test_kinesis_put_and_read(localstack) -> None:
    kinesis = KinesisService(localstack)
    kinesis.create_stream("pg-parity-stream", shards=2)
    kinesis.wait_active("pg-parity-stream")
    shard, _ = kinesis.put_record("pg-parity-stream", b"hello", "key-1")
    records, _ = kinesis.get_records(kinesis.iterator("pg-parity-stream", shard))
    assert [r["Data"] for r in records] == [b"hello"]
    assert sum(s.open for s in kinesis.shards("pg-parity-stream")) == 2


def test_localstack_capabilities_are_probed(localstack) -> None:
    from playground.targets.probes import probe_capabilities

    caps = {c.name: c for c in probe_capabilities(localstack, only=["peek", "message-move-task",
                                                                     "activities"])}
    assert not caps["peek"].available
    assert caps["message-move-task"].available
    assert caps["activities"].available
