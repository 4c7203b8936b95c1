"""Capabilities the labs depend on, probed against the target rather than assumed.

Each probe makes a few real calls with resources named `pg-probe-…`, removes them, and turns
the outcome into a Capability. Probes that create resources are skipped on real AWS unless
asked for, so `playground doctor` never writes to an account by surprise.
"""

from __future__ import annotations

import contextlib
import io
import json
import threading
import time
import uuid
import zipfile
from collections.abc import Callable
from typing import Any

from playground.aws.common import PROBE_PREFIX, error_code, error_message
from playground.targets.base import Capability, Target

Probe = Callable[[Target, str], Capability]
_NOT_THERE = {"InvalidAction", "UnknownOperationException", "NotImplemented",
              "NotImplementedError", "InternalFailure", "UnsupportedOperation", "404", "501"}
ROLE = "arn:aws:iam::{account}:role/pg-probe-role"


def _role(target: Target) -> str:
    return ROLE.format(account=target.account_id or "000000000000")


def _missing(exc: BaseException) -> bool:
    return error_code(exc) in _NOT_THERE or "not valid for this endpoint" in str(exc) or (
        "not yet implemented" in str(exc).lower())


def probe_peek(target: Target, name: str) -> Capability:
    if not target.supports_peek:
        return Capability("peek", False, "no way to see queued messages without receiving them")
    sqs = target.client("sqs")
    url = sqs.create_queue(QueueName=name)["QueueUrl"]
    try:
        sqs.send_message(QueueUrl=url, MessageBody="probe")
        seen = target.peek_messages(url)
        ok = any(m.get("Body") == "probe" for m in seen)
        return Capability("peek", ok, "queued messages shown without receiving them")
    finally:
        sqs.delete_queue(QueueUrl=url)


def probe_message_move(target: Target, name: str) -> Capability:
    sqs = target.client("sqs")
    url = sqs.create_queue(QueueName=name)["QueueUrl"]
    try:
        arn = sqs.get_queue_attributes(QueueUrl=url, AttributeNames=["QueueArn"])["Attributes"][
            "QueueArn"]
        try:
            sqs.list_message_move_tasks(SourceArn=arn)
        except Exception as exc:
            if _missing(exc):
                return Capability("message-move-task", False,
                                  "no SQS StartMessageMoveTask: redrive uses receive-and-resend")
            # Any other answer means the API exists (AWS says the queue is not a DLQ, etc.).
        return Capability("message-move-task", True, "SQS StartMessageMoveTask (DLQ redrive)")
    finally:
        sqs.delete_queue(QueueUrl=url)


def probe_activities(target: Target, name: str) -> Capability:
    sfn = target.client("stepfunctions")
    try:
        arn = sfn.create_activity(name=name)["activityArn"]
    except Exception as exc:
        return Capability("activities", False, f"Step Functions activities: {error_message(exc)}")
    sfn.delete_activity(activityArn=arn)
    return Capability("activities", True, "Step Functions activities (human approval by worker)")


def _run_machine(target: Target, name: str, definition: dict[str, Any]) -> tuple[dict[str, Any],
                                                                                list[dict[str, Any]]]:
    sfn = target.client("stepfunctions")
    arn = sfn.create_state_machine(name=name, definition=json.dumps(definition),
                                   roleArn=_role(target))["stateMachineArn"]
    try:
        execution = sfn.start_execution(stateMachineArn=arn, input="{}")["executionArn"]
        deadline = time.monotonic() + 10
        desc = sfn.describe_execution(executionArn=execution)
        while desc["status"] == "RUNNING" and time.monotonic() < deadline:
            time.sleep(0.1)
            desc = sfn.describe_execution(executionArn=execution)
        events = sfn.get_execution_history(executionArn=execution, maxResults=200)["events"]
        return desc, events
    finally:
        sfn.delete_state_machine(stateMachineArn=arn)


def probe_jsonata(target: Target, name: str) -> Capability:
    definition = {"QueryLanguage": "JSONata", "StartAt": "Add",
                  "States": {"Add": {"Type": "Pass", "Output": "{% 1 + 1 %}", "End": True}}}
    try:
        desc, _ = _run_machine(target, name, definition)
    except Exception as exc:
        return Capability("jsonata", False, f"JSONata state machines: {error_message(exc)}")
    ok = desc["status"] == "SUCCEEDED" and json.loads(desc.get("output") or "null") == 2
    return Capability("jsonata", ok, "Step Functions JSONata query language")


def probe_nested_history(target: Target, name: str) -> Capability:
    definition = {"StartAt": "Both", "States": {"Both": {
        "Type": "Parallel", "End": True, "Branches": [
            {"StartAt": "Left", "States": {"Left": {"Type": "Pass", "End": True}}},
            {"StartAt": "Right", "States": {"Right": {"Type": "Pass", "End": True}}}]}}}
    try:
        _, events = _run_machine(target, name, definition)
    except Exception as exc:
        return Capability("nested-history", False, f"Parallel state: {error_message(exc)}")
    inner = {e.get("stateEnteredEventDetails", {}).get("name") for e in events}
    ok = {"Left", "Right"} <= inner
    return Capability("nested-history", ok,
                      "execution history shows states inside Map/Parallel" if ok else
                      "execution history leaves out states inside Map/Parallel")


def _zip_handler() -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        zf.writestr("index.py", "def handler(event, context):\n    return {'ok': True}\n")
    return buf.getvalue()


def probe_lambda(target: Target, name: str) -> Capability:
    lam = target.client("lambda")
    try:
        lam.create_function(FunctionName=name, Runtime="python3.12", Handler="index.handler",
                            Role=_role(target), Code={"ZipFile": _zip_handler()}, Timeout=10)
    except Exception as exc:
        return Capability("lambda", False, f"Lambda: {error_message(exc)}")
    try:
        deadline = time.monotonic() + 15
        while time.monotonic() < deadline:
            state = lam.get_function(FunctionName=name)["Configuration"].get("State", "Active")
            if state != "Pending":
                break
            time.sleep(0.3)
        resp = lam.invoke(FunctionName=name, Payload=b"{}")
        body = json.loads(resp["Payload"].read() or b"null")
        ok = body == {"ok": True} and not resp.get("FunctionError")
        return Capability("lambda", ok, "Lambda functions run (Step Functions tasks, targets)"
                          if ok else f"Lambda invoke failed: {body}")
    except Exception as exc:
        return Capability("lambda", False, f"Lambda: {error_message(exc)}")
    finally:
        # The probe's answer matters more than a cleanup error.
        with contextlib.suppress(Exception):
            lam.delete_function(FunctionName=name)


def probe_subscribe_to_shard(target: Target, name: str) -> Capability:
    kinesis = target.client("kinesis")
    kinesis.create_stream(StreamName=name, ShardCount=1)
    try:
        kinesis.get_waiter("stream_exists").wait(StreamName=name,
                                                  WaiterConfig={"Delay": 0.5, "MaxAttempts": 40})
        desc = kinesis.describe_stream_summary(StreamName=name)["StreamDescriptionSummary"]
        consumer = kinesis.register_stream_consumer(StreamARN=desc["StreamARN"],
                                                    ConsumerName=name)["Consumer"]
        deadline = time.monotonic() + 10
        while kinesis.describe_stream_consumer(ConsumerARN=consumer["ConsumerARN"])[
                "ConsumerDescription"]["ConsumerStatus"] != "ACTIVE":
            if time.monotonic() > deadline:
                return Capability("subscribe-to-shard", False, "consumer never became ACTIVE")
            time.sleep(0.3)
        shard = kinesis.list_shards(StreamName=name)["Shards"][0]["ShardId"]
        kinesis.put_record(StreamName=name, Data=b"probe", PartitionKey="p")
        got: list[bool] = []

        def read() -> None:
            try:
                resp = kinesis.subscribe_to_shard(
                    ConsumerARN=consumer["ConsumerARN"], ShardId=shard,
                    StartingPosition={"Type": "TRIM_HORIZON"})
                for event in resp["EventStream"]:
                    records = event.get("SubscribeToShardEvent", {}).get("Records", [])
                    if records:
                        got.append(records[0]["Data"] == b"probe")
                        return
            except Exception:
                got.append(False)

        reader = threading.Thread(target=read, daemon=True)
        reader.start()
        reader.join(8)
        ok = bool(got) and got[0]
        return Capability("subscribe-to-shard", ok, "Kinesis enhanced fan-out (SubscribeToShard)")
    except Exception as exc:
        return Capability("subscribe-to-shard", False, f"SubscribeToShard: {error_message(exc)}")
    finally:
        with contextlib.suppress(Exception):
            kinesis.delete_stream(StreamName=name, EnforceConsumerDeletion=True)


PROBES: dict[str, Probe] = {
    "peek": probe_peek,
    "message-move-task": probe_message_move,
    "activities": probe_activities,
    "jsonata": probe_jsonata,
    "nested-history": probe_nested_history,
    "lambda": probe_lambda,
    "subscribe-to-shard": probe_subscribe_to_shard,
}


def probe_capabilities(target: Target, *, allow_writes: bool | None = None,
                       only: list[str] | None = None) -> list[Capability]:
    """Run the probes; on a real account only when allow_writes is True."""
    if allow_writes is None:
        allow_writes = not target.is_real
    out = []
    for key, probe in PROBES.items():
        if only and key not in only:
            continue
        if target.read_only:
            out.append(Capability(key, False, "not probed (read-only): it would create resources"))
            continue
        if not allow_writes:
            out.append(Capability(key, False, "not probed: it would create resources "
                                  "(doctor --probe-writes)"))
            continue
        name = f"{PROBE_PREFIX}{key}-{uuid.uuid4().hex[:6]}"
        try:
            out.append(probe(target, name))
        except Exception as exc:
            out.append(Capability(key, False, f"probe failed: {error_message(exc)}"))
    return out


def probe_split_keeps_parent(target: Target, name: str) -> Capability:
    kinesis = target.client("kinesis")
    kinesis.create_stream(StreamName=name, ShardCount=1)
    try:
        kinesis.get_waiter("stream_exists").wait(StreamName=name,
                                                  WaiterConfig={"Delay": 0.5, "MaxAttempts": 40})
        shard = kinesis.list_shards(StreamName=name)["Shards"][0]
        middle = (int(shard["HashKeyRange"]["EndingHashKey"]) + 1) // 2
        kinesis.split_shard(StreamName=name, ShardToSplit=shard["ShardId"],
                            NewStartingHashKey=str(middle))
        kinesis.get_waiter("stream_exists").wait(StreamName=name,
                                                  WaiterConfig={"Delay": 0.5, "MaxAttempts": 40})
        ids = {s["ShardId"] for s in kinesis.list_shards(StreamName=name)["Shards"]}
        ok = shard["ShardId"] in ids
        return Capability("split-keeps-parent", ok,
                          "split/merge keep the parent shard CLOSED with its records" if ok else
                          "split/merge delete the parent shard and its records")
    except Exception as exc:
        return Capability("split-keeps-parent", False, f"SplitShard: {error_message(exc)}")
    finally:
        with contextlib.suppress(Exception):
            kinesis.delete_stream(StreamName=name, EnforceConsumerDeletion=True)


BISECT_HANDLER = """import base64
def handler(event, context):
    data = [base64.b64decode(r["kinesis"]["data"]).decode() for r in event["Records"]]
    print("batch " + str(len(data)) + " " + ",".join(data))
    if "poison" in data:
        raise ValueError("poison")
"""
BISECT_WAIT_S = 15.0
"""AWS bisects within seconds of the first failure; an emulator that does not never will."""


def probe_kinesis_bisect(target: Target, name: str) -> Capability:
    """A Kinesis mapping with BisectBatchOnFunctionError splits a failing batch of two: the
    good record then comes alone (`batch 1 ok` in the function's log)."""
    lam, kinesis, logs = (target.client(s) for s in ("lambda", "kinesis", "logs"))
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        zf.writestr("index.py", BISECT_HANDLER)
    mapping = ""
    try:
        lam.create_function(FunctionName=name, Runtime="python3.12", Handler="index.handler",
                            Role=_role(target), Code={"ZipFile": buf.getvalue()}, Timeout=10)
        kinesis.create_stream(StreamName=name, ShardCount=1)
        kinesis.get_waiter("stream_exists").wait(StreamName=name,
                                                  WaiterConfig={"Delay": 0.5, "MaxAttempts": 40})
        for data in (b"ok", b"poison"):
            kinesis.put_record(StreamName=name, Data=data, PartitionKey="p")
        arn = kinesis.describe_stream_summary(StreamName=name)["StreamDescriptionSummary"][
            "StreamARN"]
        mapping = lam.create_event_source_mapping(
            FunctionName=name, EventSourceArn=arn, BatchSize=2, StartingPosition="TRIM_HORIZON",
            BisectBatchOnFunctionError=True, MaximumRetryAttempts=0)["UUID"]
        deadline = time.monotonic() + BISECT_WAIT_S
        while time.monotonic() < deadline:
            time.sleep(1)
            with contextlib.suppress(Exception):
                lines = [e["message"] for e in logs.filter_log_events(
                    logGroupName=f"/aws/lambda/{name}").get("events", [])]
                if any(line.startswith("batch 1 ok") for line in lines):
                    return Capability("kinesis-bisect", True,
                                      "Kinesis mappings split a failing batch (bisect)")
        return Capability("kinesis-bisect", False, "a Kinesis mapping retries a failing batch "
                          "whole: BisectBatchOnFunctionError has no effect")
    except Exception as exc:
        return Capability("kinesis-bisect", False, f"Kinesis mapping: {error_message(exc)}")
    finally:
        with contextlib.suppress(Exception):
            if mapping:
                lam.delete_event_source_mapping(UUID=mapping)
        with contextlib.suppress(Exception):
            lam.delete_function(FunctionName=name)
        with contextlib.suppress(Exception):
            kinesis.delete_stream(StreamName=name, EnforceConsumerDeletion=True)


PROBES["kinesis-bisect"] = probe_kinesis_bisect


def probe_lambda_node(target: Target, name: str) -> Capability:
    """A Node.js function runs (the embedded emulator runs it with the host's `node`, if any)."""
    lam = target.client("lambda")
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        zf.writestr("index.js", "exports.handler = async () => ({ok: true});\n")
    try:
        lam.create_function(FunctionName=name, Runtime="nodejs20.x", Handler="index.handler",
                            Role=_role(target), Code={"ZipFile": buf.getvalue()}, Timeout=10)
        deadline = time.monotonic() + 15
        while (lam.get_function(FunctionName=name)["Configuration"].get("State") == "Pending"
               and time.monotonic() < deadline):
            time.sleep(0.3)
        resp = lam.invoke(FunctionName=name, Payload=b"{}")
        body = json.loads(resp["Payload"].read() or b"null")
        ok = body == {"ok": True} and not resp.get("FunctionError")
        return Capability("lambda-node", ok, "Node.js functions run" if ok else
                          f"a Node.js function failed: {body}")
    except Exception as exc:
        return Capability("lambda-node", False, f"Node.js functions: {error_message(exc)}")
    finally:
        with contextlib.suppress(Exception):
            lam.delete_function(FunctionName=name)


PROBES["lambda-node"] = probe_lambda_node
PROBES["split-keeps-parent"] = probe_split_keeps_parent


def _event_to_queue(target: Target, name: str, transformer: dict[str, Any] | None,
                    detail: dict[str, Any]) -> tuple[list[str], Callable[[], None]]:
    """Bus, queue, rule and target; put one event; return what the queue got and a cleanup."""
    sqs, events = target.client("sqs"), target.client("events")
    url = sqs.create_queue(QueueName=name)["QueueUrl"]
    arn = sqs.get_queue_attributes(QueueUrl=url, AttributeNames=["QueueArn"])["Attributes"][
        "QueueArn"]
    events.create_event_bus(Name=name)
    events.put_rule(Name=name, EventBusName=name, EventPattern=json.dumps({"source": ["pg.probe"]}))
    rule_target: dict[str, Any] = {"Id": "q", "Arn": arn}
    if transformer:
        rule_target["InputTransformer"] = transformer
    events.put_targets(Rule=name, EventBusName=name, Targets=[rule_target])

    def cleanup() -> None:
        with contextlib.suppress(Exception):
            events.remove_targets(Rule=name, EventBusName=name, Ids=["q"])
            events.delete_rule(Name=name, EventBusName=name)
            events.delete_event_bus(Name=name)
        with contextlib.suppress(Exception):
            sqs.delete_queue(QueueUrl=url)

    events.put_events(Entries=[{"Source": "pg.probe", "DetailType": "probe",
                                "Detail": json.dumps(detail), "EventBusName": name}])
    bodies: list[str] = []
    deadline = time.monotonic() + 5
    while not bodies and time.monotonic() < deadline:
        got = sqs.receive_message(QueueUrl=url, MaxNumberOfMessages=10, WaitTimeSeconds=1)
        bodies = [m["Body"] for m in got.get("Messages", [])]
    return bodies, cleanup


def probe_transformer_string_vars(target: Target, name: str) -> Capability:
    """AWS puts a string variable inside a quoted template string without extra quotes."""
    transformer = {"InputPathsMap": {"who": "$.detail.who"},
                   "InputTemplate": '{"message": "<who>, hello"}'}
    cleanup: Callable[[], None] = lambda: None  # noqa: E731
    try:
        bodies, cleanup = _event_to_queue(target, name, transformer, {"who": "Ada"})
    except Exception as exc:
        return Capability("transformer-string-vars", False, f"input transformer: {error_message(exc)}")
    finally:
        cleanup()
    try:
        ok = bool(bodies) and json.loads(bodies[0]) == {"message": "Ada, hello"}
    except ValueError:
        ok = False
    return Capability("transformer-string-vars", ok,
                      "input transformer puts variables inside template strings as AWS does"
                      if ok else "input transformer mangles variables inside template strings "
                      f"(delivered: {bodies[0] if bodies else 'nothing'})")


def probe_replay(target: Target, name: str) -> Capability:
    """Archive one event, replay the window back into its bus."""
    from datetime import UTC, datetime, timedelta

    events = target.client("events")
    start = datetime.now(UTC) - timedelta(minutes=1)
    try:
        bus_arn = events.create_event_bus(Name=name)["EventBusArn"]
        archive_arn = events.create_archive(ArchiveName=name, EventSourceArn=bus_arn,
                                            RetentionDays=1)["ArchiveArn"]
        events.put_events(Entries=[{"Source": "pg.probe", "DetailType": "probe",
                                    "Detail": "{}", "EventBusName": name}])
        time.sleep(0.5)
        events.start_replay(ReplayName=name, EventSourceArn=archive_arn, EventStartTime=start,
                            EventEndTime=datetime.now(UTC), Destination={"Arn": bus_arn})
        state = events.describe_replay(ReplayName=name).get("State", "")
        ok = state not in ("FAILED", "")
        return Capability("replay", ok, "EventBridge archives replay into their bus" if ok
                          else f"replay ended {state}")
    except Exception as exc:
        if error_code(exc) == "ResourceAlreadyExistsException":
            # The first StartReplay failed server-side and botocore's retry found it half made.
            return Capability("replay", False, "StartReplay fails with an internal error")
        return Capability("replay", False, f"EventBridge replay: {error_message(exc)}")
    finally:
        with contextlib.suppress(Exception):
            events.delete_archive(ArchiveName=name)
        with contextlib.suppress(Exception):
            events.delete_event_bus(Name=name)


PROBES["transformer-string-vars"] = probe_transformer_string_vars
PROBES["replay"] = probe_replay


_PROBE_LOCK = threading.Lock()


def missing_capabilities(target: Target, keys: list[str]) -> dict[str, str]:
    """Which of `keys` this target lacks, probed once per target through a quiet twin (so the
    scaffolding stays out of the call log). Real AWS is the reference: nothing is missing."""
    if target.is_real or not keys or target.read_only:
        return {}  # read-only: nothing is probed, so nothing is claimed missing
    from playground.targets.quiet import QuietTarget

    with _PROBE_LOCK:
        # One probe run per target at a time: a screen that mounts, resumes and sees the target
        # change asks three times at once, and each ask would otherwise make its own resources.
        lock = target.__dict__.setdefault("_probe_lock", threading.Lock())
    with lock:
        cache: dict[str, Capability] = target.__dict__.setdefault("_probed_capabilities", {})
        todo = [k for k in keys if k not in cache and k in PROBES]
        if todo:
            twin = QuietTarget(target, writes=True)
            for cap in probe_capabilities(twin, allow_writes=True, only=todo):
                cache[cap.name] = cap
    return {k: cache[k].note for k in keys if k in cache and not cache[k].available}


def _firehose_to_bucket(target: Target, name: str, **source: Any) -> Callable[[], None]:
    """A tagless bucket and a delivery stream into it (1 MiB / 60 s hints); the cleanup."""
    s3, firehose = target.client("s3"), target.client("firehose")
    s3.create_bucket(Bucket=name)
    role = _role(target)

    def cleanup() -> None:
        with contextlib.suppress(Exception):
            firehose.delete_delivery_stream(DeliveryStreamName=name)
        with contextlib.suppress(Exception):
            for item in s3.list_objects_v2(Bucket=name).get("Contents", []):
                s3.delete_object(Bucket=name, Key=item["Key"])
            s3.delete_bucket(Bucket=name)

    try:
        firehose.create_delivery_stream(
            DeliveryStreamName=name, ExtendedS3DestinationConfiguration={
                "BucketARN": f"arn:aws:s3:::{name}", "RoleARN": role, "Prefix": "probe/",
                "BufferingHints": {"SizeInMBs": 1, "IntervalInSeconds": 60}}, **source)
    except Exception:
        cleanup()
        raise
    return cleanup


def _landed(target: Target, bucket: str, seconds: float) -> int:
    s3 = target.client("s3")
    deadline = time.monotonic() + seconds
    while True:
        count = len(s3.list_objects_v2(Bucket=bucket).get("Contents", []))
        if count or time.monotonic() > deadline:
            return count
        time.sleep(0.2)


def probe_firehose_buffering(target: Target, name: str) -> Capability:
    """AWS holds records until 1 MiB or 60 s: two records put now land nowhere for a minute."""
    try:
        cleanup = _firehose_to_bucket(target, name, DeliveryStreamType="DirectPut")
    except Exception as exc:
        return Capability("firehose-buffering", False, f"Firehose: {error_message(exc)}")
    try:
        firehose = target.client("firehose")
        firehose.put_record(DeliveryStreamName=name, Record={"Data": b"one\n"})
        firehose.put_record(DeliveryStreamName=name, Record={"Data": b"two\n"})
        landed = _landed(target, name, 3)
        return Capability("firehose-buffering", landed == 0,
                          "Firehose buffers records by size and interval" if landed == 0 else
                          f"Firehose wrote {landed} object(s) at once, ignoring 1 MiB / 60 s hints")
    except Exception as exc:
        return Capability("firehose-buffering", False, f"Firehose: {error_message(exc)}")
    finally:
        cleanup()


def probe_firehose_kinesis_source(target: Target, name: str) -> Capability:
    """A delivery stream reading a Kinesis stream becomes ACTIVE and delivers its records."""
    kinesis = target.client("kinesis")
    cleanup: Callable[[], None] = lambda: None  # noqa: E731
    try:
        kinesis.create_stream(StreamName=name, ShardCount=1)
        kinesis.get_waiter("stream_exists").wait(StreamName=name,
                                                  WaiterConfig={"Delay": 0.5, "MaxAttempts": 40})
        arn = kinesis.describe_stream_summary(StreamName=name)["StreamDescriptionSummary"][
            "StreamARN"]
        cleanup = _firehose_to_bucket(target, name, DeliveryStreamType="KinesisStreamAsSource",
                                      KinesisStreamSourceConfiguration={
                                          "KinesisStreamARN": arn, "RoleARN": _role(target)})
        firehose = target.client("firehose")
        deadline = time.monotonic() + 40
        status = "CREATING"
        while status == "CREATING" and time.monotonic() < deadline:
            status = firehose.describe_delivery_stream(DeliveryStreamName=name)[
                "DeliveryStreamDescription"]["DeliveryStreamStatus"]
            time.sleep(0.3)
        if status != "ACTIVE":
            return Capability("firehose-kinesis-source", False,
                              f"a delivery stream from a Kinesis stream ends {status}")
        kinesis.put_record(StreamName=name, Data=b"probe\n", PartitionKey="p")
        ok = _landed(target, name, 10) > 0
        return Capability("firehose-kinesis-source", ok,
                          "Firehose delivers a Kinesis stream's records to S3" if ok else
                          "a delivery stream from a Kinesis stream delivered nothing in 10 s")
    except Exception as exc:
        return Capability("firehose-kinesis-source", False, f"Firehose: {error_message(exc)}")
    finally:
        cleanup()
        with contextlib.suppress(Exception):
            kinesis.delete_stream(StreamName=name, EnforceConsumerDeletion=True)


PROBES["firehose-buffering"] = probe_firehose_buffering
PROBES["firehose-kinesis-source"] = probe_firehose_kinesis_source
