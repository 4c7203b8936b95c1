"""Local SQS input checks: pure functions, and their limits against the botocore model."""

from __future__ import annotations

import gzip
import json
import re
from pathlib import Path

import botocore
import pytest

from playground.aws.sqs import validate as v
from playground.aws.sqs.create import NEW_DLQ, QueueSpec, check_spec
from playground.aws.sqs.validate import AttributeRow


def _model_text(shape: str, member: str) -> str:
    base = Path(botocore.__file__).parent / "data" / "sqs" / "2012-11-05"
    path = base / "service-2.json"
    if path.exists():
        data = json.loads(path.read_text())
    else:
        with gzip.open(base / "service-2.json.gz") as f:
            data = json.loads(f.read())
    doc = data["shapes"][shape]["members"][member]["documentation"]
    return re.sub(r"<[^>]+>", "", doc)


def test_limits_come_from_the_botocore_model() -> None:
    create = _model_text("CreateQueueRequest", "Attributes")
    assert "Default: 1,048,576 bytes (1 MiB)" in create
    assert v.MAX_MESSAGE_BYTES_DEFAULT == 1_048_576
    assert "from 1,024 bytes (1 KiB)" in create and v.MIN_MESSAGE_SIZE_LIMIT == 1024
    assert "0 to 900 seconds" in create and v.MAX_DELAY_SECONDS == 900
    assert "0 to 43,200 (12 hours)" in create and v.MAX_VISIBILITY_TIMEOUT == 43_200
    assert "60 seconds (1 minute) to 1,209,600 seconds (14 days)" in create
    assert "An integer from 0 to 20 (seconds)" in create and v.MAX_WAIT_SECONDS == 20
    assert "128 characters" in _model_text("SendMessageRequest", "MessageGroupId")
    names = _model_text("ReceiveMessageRequest", "MessageAttributeNames")
    assert "up to 256 characters" in names and v.MAX_ATTRIBUTE_NAME == 256
    assert "up to 80 characters" in _model_text("CreateQueueRequest", "QueueName")


def test_any_text_is_a_valid_body_and_broken_json_only_warns() -> None:
    assert v.check_body("hello") == []
    assert v.check_body('{"a": 1}') == []
    issues = v.check_body('{"a": ')
    assert [i.severity for i in issues] == ["warning"]
    assert "not valid" in issues[0].message
    assert v.check_body("")[0].blocking
    assert "U+0000" in v.check_body("a\x00b")[0].message


@pytest.mark.parametrize(("row", "fragment"), [
    (AttributeRow("n", "Number", "abc"), "is not a number"),
    (AttributeRow("n", "Number", "1e"), "is not a number"),
    (AttributeRow("b", "Binary", "not base64!"), "base64"),
    (AttributeRow("", "String", "x"), "needs a name"),
    (AttributeRow("AWS.trace", "String", "x"), "reserved"),
    (AttributeRow("a..b", "String", "x"), "periods"),
    (AttributeRow("with space", "String", "x"), "letters, digits"),
    (AttributeRow("s", "String", ""), "needs a value"),
    (AttributeRow("s", "Date", "x"), "String, Number or Binary"),
])
def test_bad_attributes_are_named(row: AttributeRow, fragment: str) -> None:
    issues = v.check_attribute(0, row)
    assert issues and fragment in issues[0].message


def test_good_attributes_pass_and_convert() -> None:
    rows = [AttributeRow("n", "Number", "-1.5E3"), AttributeRow("b", "Binary", "aGVsbG8="),
            AttributeRow("s", "String", "x")]
    assert all(v.check_attribute(i, r) == [] for i, r in enumerate(rows))
    out = v.message_attributes(rows)
    assert out["b"] == {"DataType": "Binary", "BinaryValue": b"hello"}
    assert out["n"] == {"DataType": "Number", "StringValue": "-1.5E3"}


def test_duplicate_attribute_names() -> None:
    rows = [AttributeRow("a", "String", "1"), AttributeRow("a", "String", "2")]
    assert any("twice" in i.message for i in v.check_send("x", rows))


def test_size_counts_body_and_attributes_against_the_queue_limit() -> None:
    assert v.message_size("abc", [AttributeRow("n", "Number", "12")]) == 3 + 1 + 6 + 2
    issues = v.check_send("x" * 1020, [AttributeRow("k", "String", "abcd")], max_bytes=1024)
    assert any("MaximumMessageSize is 1,024" in i.message for i in issues)
    too_big = v.check_send("é" * 600_000, [])
    assert any("1,200,000 bytes" in i.message for i in too_big)


def test_fifo_fields() -> None:
    assert any(i.field == "dedup_id" and "only to FIFO" in i.message
               for i in v.check_send("x", [], dedup_id="d1"))
    assert v.check_send("x", [], group_id="tenant-1") == []  # fair queues take a group id
    fifo = v.check_send("x", [], fifo=True)
    assert {i.field for i in fifo} == {"group_id", "dedup_id"}
    assert v.check_send("x", [], fifo=True, content_dedup=True, group_id="g") == []
    assert any(i.field == "delay" for i in v.check_send("x", [], fifo=True, group_id="g",
                                                        dedup_id="d", delay="5"))
    assert any("128" in i.message for i in v.check_send("x", [], group_id="g" * 129))
    assert any(i.field == "delay" for i in v.check_send("x", [], delay="901"))
    assert any(i.field == "delay" for i in v.check_send("x", [], delay="soon"))


def test_queue_names_and_attributes() -> None:
    assert v.check_queue_name("orders", False) == []
    assert v.check_queue_name("orders.fifo", True) == []
    assert v.check_queue_name("orders", True) == []
    assert "FIFO" in v.check_queue_name("orders.fifo", False)[0].message
    assert v.check_queue_name("bad name", False)
    assert "80" in v.check_queue_name("q" * 81, False)[0].message
    issues = v.check_queue_attributes({"VisibilityTimeout": "43201", "DelaySeconds": "x",
                                       "MessageRetentionPeriod": "59"})
    assert {i.field for i in issues} == {"VisibilityTimeout", "DelaySeconds",
                                         "MessageRetentionPeriod"}
    assert v.check_visibility("0") == [] and v.check_visibility("43201")


def test_redrive_policy_checks() -> None:
    ok = dict(dlq_name="orders-dlq", source_name="orders", source_fifo=False, dlq_fifo=False)
    assert v.check_redrive(max_receive_count="3", **ok) == []
    assert v.check_redrive(max_receive_count="0", **ok)[0].field == "max_receive"
    assert v.check_redrive(max_receive_count="1001", **ok)
    assert "must also be a standard" in v.check_redrive(
        max_receive_count="3", **{**ok, "dlq_fifo": True})[0].message
    assert "own dead-letter" in v.check_redrive(
        max_receive_count="3", **{**ok, "dlq_name": "orders"})[0].message


def test_queue_spec() -> None:
    spec = QueueSpec("jobs", fifo=True, content_dedup=True, dlq=NEW_DLQ,
                     attributes={"VisibilityTimeout": "5", "DelaySeconds": ""})
    assert spec.full_name == "jobs.fifo" and spec.dlq_name == "jobs-dlq.fifo"
    assert spec.queue_attributes() == {"VisibilityTimeout": "5",
                                       "ContentBasedDeduplication": "true"}
    assert check_spec(spec, {}) == []
    wrong_type = QueueSpec("orders", dlq="jobs-dlq.fifo")
    assert check_spec(wrong_type, {"jobs-dlq.fifo": True})[0].field == "dlq"
    assert check_spec(QueueSpec("orders", content_dedup=True), {})[0].field == "content_dedup"
