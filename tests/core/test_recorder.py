"""The call recorder sees every call, and what it prints redoes the call."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from playground.aws.recorder import CallRecorder
from playground.aws.redact import REDACTED, redact
from playground.aws.render import CallContext, render_boto3, render_cli
from playground.aws.sqs.service import SqsService
from tests.aws_cli import needs_aws_cli, run_cli


def test_service_layer_calls_are_recorded_with_outcome(target) -> None:
    sqs = SqsService(target)
    url = sqs.create_queue("orders")
    sqs.send(url, "hello")
    from botocore.exceptions import ClientError

    with pytest.raises(ClientError):
        sqs.queue_url("no-such-queue")
    ops = [(r.service, r.operation, r.ok) for r in target.recorder.records]
    assert ("sqs", "CreateQueue", True) in ops
    assert ("sqs", "SendMessage", True) in ops
    failed = [r for r in target.recorder.records if r.operation == "GetQueueUrl"]
    assert failed and not failed[-1].ok
    assert "NonExistentQueue" in (failed[-1].error_code or "") + (failed[-1].error_message or "")
    send = next(r for r in target.recorder.records if r.operation == "SendMessage")
    assert send.params == {"QueueUrl": url, "MessageBody": "hello"}
    assert send.duration_ms > 0


def test_listeners_hear_each_call_once(target) -> None:
    heard = []
    unsubscribe = target.recorder.subscribe(heard.append)
    try:
        SqsService(target).list_queue_urls()
    finally:
        unsubscribe()
    assert [r.operation for r in heard] == ["ListQueues"]


@needs_aws_cli
def test_cli_text_redoes_the_call(target) -> None:
    sqs = SqsService(target)
    url = sqs.create_queue("cli-demo", attributes={"VisibilityTimeout": "7"})
    sqs.send(url, 'it\'s "quoted" & spaced', attributes={
        "kind": {"DataType": "String", "StringValue": "demo"}})
    records = {r.operation: r for r in target.recorder.records}
    sqs.delete_queue(url)

    create = run_cli(records["CreateQueue"].cli())
    assert create.returncode == 0, create.stderr
    assert sqs.attributes(url)["VisibilityTimeout"] == "7"
    send = run_cli(records["SendMessage"].cli())
    assert send.returncode == 0, send.stderr
    got = sqs.receive(url, max_messages=1)
    assert got[0].body == 'it\'s "quoted" & spaced'
    assert got[0].message_attributes["kind"]["StringValue"] == "demo"


def test_boto3_text_redoes_the_call(target, tmp_path: Path) -> None:
    sqs = SqsService(target)
    url = sqs.create_queue("py-demo")
    sqs.send(url, "from boto3", delay_seconds=0)
    send = next(r for r in target.recorder.records if r.operation == "SendMessage")
    script = tmp_path / "redo.py"
    script.write_text(send.boto3())
    env = {k: v for k, v in os.environ.items() if not k.startswith("AWS_")}
    done = subprocess.run([sys.executable, str(script)], capture_output=True, text=True,
                          env=env, timeout=60)
    assert done.returncode == 0, done.stderr
    assert "MessageId" in done.stdout
    bodies = sorted(m.body for m in sqs.receive(url, max_messages=10))
    assert bodies == ["from boto3", "from boto3"]


def test_secrets_are_redacted_everywhere() -> None:
    params = {"Name": "x", "SecretAccessKey": "AKIA-secret", "Nested": [{"SessionToken": "tok"}],
              "Password": "hunter2"}
    cleaned = redact(params)
    assert cleaned == {"Name": "x", "SecretAccessKey": REDACTED,
                       "Nested": [{"SessionToken": REDACTED}], "Password": REDACTED}
    ctx = CallContext(profile="prod", region="eu-west-1")
    for text in (render_cli("secretsmanager", "CreateSecret", cleaned, ctx),
                 render_boto3("secretsmanager", "CreateSecret", cleaned, ctx)):
        assert "AKIA-secret" not in text and "hunter2" not in text and "tok" not in text


def test_real_account_commands_name_the_profile_not_keys() -> None:
    ctx = CallContext(profile="prod", region="eu-west-1")
    cli = render_cli("sqs", "ListQueues", {}, ctx)
    assert cli == "aws --profile prod --region eu-west-1 sqs list-queues"
    code = render_boto3("sqs", "ListQueues", {}, ctx)
    assert "profile_name='prod'" in code and "aws_access_key_id" not in code


def test_cli_renders_booleans_and_structures() -> None:
    from botocore.session import get_session

    model = get_session().get_service_model("sqs").operation_model("ReceiveMessage")
    cli = render_cli("sqs", "ReceiveMessage",
                     {"QueueUrl": "u", "MaxNumberOfMessages": 5,
                      "MessageAttributeNames": ["All"]}, CallContext(), model.input_shape)
    assert cli.endswith("sqs receive-message --queue-url u --max-number-of-messages 5 "
                        "--message-attribute-names '[\"All\"]'")


def test_recorder_is_bounded(target) -> None:
    from playground.targets.endpoint import EndpointTarget

    recorder = CallRecorder(maxlen=3)
    assert recorder.records == []
    sqs = SqsService(EndpointTarget(target.endpoint_url, recorder=recorder))
    for _ in range(5):
        sqs.list_queue_urls()
    assert [r.seq for r in recorder.records] == [3, 4, 5]  # the oldest calls were dropped
