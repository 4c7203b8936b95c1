"""Lambda on the embedded emulator: a function from an in-memory zip, invoked with its logs and
errors, its invocations read back from CloudWatch Logs, SQS and Kinesis mappings, triggers."""

from __future__ import annotations

import io
import json
import time
import zipfile
from collections.abc import Callable
from typing import Any

from playground.aws.lambda_.batches import bisect_batch, kinesis_event_record
from playground.aws.lambda_.roles import execution_role
from playground.aws.lambda_.service import LambdaService, build_zip
from playground.aws.lambda_.templates import TEMPLATES
from playground.targets.embedded import EmbeddedTarget


def wait_for(what: Callable[[], Any], timeout: float = 30.0) -> Any:
    deadline = time.monotonic() + timeout
    while True:
        value = what()
        if value or time.monotonic() > deadline:
            return value
        time.sleep(0.5)


def make(target: EmbeddedTarget, name: str, template: str) -> LambdaService:
    lam = LambdaService(target)
    t = TEMPLATES[template]
    fn = lam.create_function(name, t.source, role=execution_role(target), runtime=t.runtime)
    assert fn.state == "Active"
    return lam


def test_zip_is_built_in_memory_and_the_same_text_gives_the_same_bytes() -> None:
    data = build_zip("def handler(e, c):\n    return 1\n")
    assert data == build_zip("def handler(e, c):\n    return 1\n")
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        assert zf.namelist() == ["index.py"]
        assert zf.read("index.py").startswith(b"def handler")


def test_create_tags_and_invoke_returns_result_and_its_log_lines(target: EmbeddedTarget) -> None:
    lam = make(target, "echo", "echo")
    fn = lam.get_function("echo")
    assert lam.tags(fn.arn)["playground:managed"] == "true"
    assert [f.name for f in lam.list_functions()] == ["echo"]
    result = lam.invoke("echo", {"order": 42})
    assert not result.failed
    assert result.result == {"echo": {"order": 42}}
    assert 'event: {"order": 42}' in result.log_lines


def test_a_raising_function_shows_its_error_and_a_timeout_its_own(target: EmbeddedTarget) -> None:
    lam = make(target, "flaky", "flaky")
    result = lam.invoke("flaky", {"fail": True})
    assert result.failed and result.error is not None
    assert "flaky: try again" in result.error.message
    assert any("TransientError" in line for line in result.log_lines)
    slow = "import time\ndef handler(event, context):\n    time.sleep(5)\n"
    lam.create_function("slow", slow, role=execution_role(target), timeout=1)
    timed_out = lam.invoke("slow", {})
    assert timed_out.error is not None and "timed out" in str(timed_out.error).lower()


def test_a_syntax_error_deployed_shows_the_python_error_and_line(target: EmbeddedTarget) -> None:
    lam = LambdaService(target)
    lam.create_function("broken", "def handler(event, context)\n    return 1\n",
                        role=execution_role(target))
    result = lam.invoke("broken", {})
    assert result.error is not None
    assert "line 1" in str(result.error) and "expected ':'" in str(result.error)


def test_update_code_deploys_the_new_text(target: EmbeddedTarget) -> None:
    lam = make(target, "echo", "echo")
    lam.update_code("echo", "def handler(event, context):\n    return 'v2'\n")
    assert lam.invoke("echo", {}).result == "v2"


def test_recent_invocations_show_the_event_each_got(target: EmbeddedTarget) -> None:
    lam = make(target, "echo", "echo")
    assert lam.recent_invocations("echo") == []
    for n in (1, 2):
        lam.invoke("echo", {"n": n})
    tail = wait_for(lambda: [i for i in lam.recent_invocations("echo") if i.finished])
    assert [i.event for i in tail] == [{"n": 1}, {"n": 2}]
    assert all(i.request_id and i.duration_ms is not None for i in tail)


def test_sqs_mapping_partial_batch_failure_keeps_only_the_failed_message(
        target: EmbeddedTarget) -> None:
    lam = make(target, "consumer", "sqs-consumer")
    sqs = target.client("sqs")
    url = sqs.create_queue(QueueName="orders", Attributes={"VisibilityTimeout": "30"})["QueueUrl"]
    arn = sqs.get_queue_attributes(QueueUrl=url, AttributeNames=["QueueArn"])["Attributes"]["QueueArn"]
    mapping = lam.create_mapping("consumer", arn, batch_size=10, batching_window=0,
                                 report_failures=True)
    assert mapping.report_failures and mapping.batch_size == 10 and mapping.source_kind == "sqs"
    for n in range(3):
        sqs.send_message(QueueUrl=url, MessageBody=json.dumps({"n": n, "fail": n == 1}))

    def counts() -> tuple[str, str]:
        a = sqs.get_queue_attributes(QueueUrl=url, AttributeNames=["All"])["Attributes"]
        return a["ApproximateNumberOfMessages"], a["ApproximateNumberOfMessagesNotVisible"]

    # Two were deleted by the mapping; the failed one waits out its visibility timeout.
    assert wait_for(lambda: counts() == ("0", "1"))
    events = wait_for(lambda: [i.event for i in lam.recent_invocations("consumer") if i.event])
    bodies = [json.loads(r["body"]) for e in events for r in e["Records"]]
    assert sorted(b["n"] for b in bodies) == [0, 1, 2]
    assert not lam.set_mapping_enabled(mapping.uuid, False).enabled
    assert [m.uuid for m in lam.mappings("consumer")] == [mapping.uuid]
    lam.delete_mapping(mapping.uuid)
    assert wait_for(lambda: not lam.mappings("consumer"))


def test_triggers_name_the_sns_subscription_and_the_rule(target: EmbeddedTarget) -> None:
    lam = make(target, "echo", "echo")
    arn = lam.get_function("echo").arn
    sns, events = target.client("sns"), target.client("events")
    topic = sns.create_topic(Name="orders")["TopicArn"]
    sns.subscribe(TopicArn=topic, Protocol="lambda", Endpoint=arn)
    events.put_rule(Name="to-fn", EventPattern=json.dumps({"source": ["shop"]}))
    events.put_targets(Rule="to-fn", Targets=[{"Id": "fn", "Arn": arn}])
    found = {(t.kind, t.source) for t in lam.triggers(arn)}
    assert found == {("sns subscription", topic), ("eventbridge rule", "default/to-fn")}


def test_bisect_isolates_the_poison_record(target: EmbeddedTarget) -> None:
    """Eight records, one poison: halving the failing batches leaves the poison alone and the
    seven others processed (what BisectBatchOnFunctionError does on AWS)."""
    lam = make(target, "kc", "kinesis-consumer")
    kinesis = target.client("kinesis")
    kinesis.create_stream(StreamName="clicks", ShardCount=1)
    kinesis.get_waiter("stream_exists").wait(StreamName="clicks",
                                              WaiterConfig={"Delay": 0.5, "MaxAttempts": 40})
    for n in range(8):
        kinesis.put_record(StreamName="clicks", PartitionKey="k",
                           Data=b"poison" if n == 5 else f"r{n}".encode())
    summary = kinesis.describe_stream_summary(StreamName="clicks")["StreamDescriptionSummary"]
    shard = kinesis.list_shards(StreamName="clicks")["Shards"][0]["ShardId"]
    it = kinesis.get_shard_iterator(StreamName="clicks", ShardId=shard,
                                    ShardIteratorType="TRIM_HORIZON")["ShardIterator"]
    raw = kinesis.get_records(ShardIterator=it)["Records"]
    records = [kinesis_event_record(r, summary["StreamARN"], shard, target.region) for r in raw]
    run = bisect_batch(lam, "kc", records)
    assert run.isolated == [raw[5]["SequenceNumber"]]
    assert sorted(run.processed) == sorted(r["SequenceNumber"] for i, r in enumerate(raw) if i != 5)
    # 8 -> 4+4 -> (2+2) -> (1+1): the whole batch, then halves down to the poison alone.
    assert [len(a.sequence_numbers) for a in run.attempts if not a.ok] == [8, 4, 2, 1]


def test_the_tail_shows_a_raised_error_and_a_timeout(target: EmbeddedTarget) -> None:
    lam = make(target, "flaky", "flaky")
    lam.invoke("flaky", {"fail": True})
    failed = wait_for(lambda: [i for i in lam.recent_invocations("flaky") if i.finished])
    assert failed[-1].event == {"fail": True}
    assert "TransientError: flaky: try again" in failed[-1].error
    lam.create_function("slow", "import time\ndef handler(event, context):\n    time.sleep(5)\n",
                        role=execution_role(target), timeout=1)
    lam.invoke("slow", {})
    slow = wait_for(lambda: [i for i in lam.recent_invocations("slow") if i.error])
    assert "timed out" in slow[-1].error


def test_deploy_refuses_a_syntax_error_with_its_line_then_creates_then_updates(
        target: EmbeddedTarget) -> None:
    lam = LambdaService(target)
    refused = lam.deploy("fn", "def handler(event, context)\n    return 1\n",
                         role=execution_role(target))
    assert refused.function is None and refused.issues[0].field == "index.py line 1, column 28"
    assert lam.list_functions() == []
    first = lam.deploy("fn", "def handler(event, context):\n    return 1\n",
                       role=execution_role(target))
    assert first.created and first.function is not None and first.function.state == "Active"
    second = lam.deploy("fn", "def handler(event, context):\n    return 2\n",
                        role=execution_role(target))
    assert not second.created and lam.invoke("fn", {}).result == 2


def test_bisect_replay_reads_the_stream_itself(target: EmbeddedTarget) -> None:
    from playground.aws.lambda_.batches import bisect_from_stream

    lam = make(target, "kc", "kinesis-consumer")
    kinesis = target.client("kinesis")
    kinesis.create_stream(StreamName="s", ShardCount=1)
    kinesis.get_waiter("stream_exists").wait(StreamName="s",
                                              WaiterConfig={"Delay": 0.5, "MaxAttempts": 40})
    for data in (b"a", b"b", b"poison"):
        kinesis.put_record(StreamName="s", PartitionKey="k", Data=data)
    run = bisect_from_stream(lam, "kc", "s")
    assert len(run.isolated) == 1 and len(run.processed) == 2
