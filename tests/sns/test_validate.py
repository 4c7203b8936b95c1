"""Local SNS checks: each rule names its field, and the limits still match the botocore model."""

from __future__ import annotations

import re

import pytest
from botocore.loaders import Loader

from playground.aws.sns.validate import (
    DEFAULT_MAX_MESSAGE_BYTES,
    AttributeRow,
    attribute_issues,
    check_publish,
    check_queue_name,
    check_topic_name,
    message_attributes,
)


def _doc(shape: str, member: str) -> str:
    model = Loader().load_service_model("sns", "service-2")
    return re.sub("<[^>]+>", "", model["shapes"][shape]["members"][member]["documentation"])


def test_limits_come_from_the_model() -> None:
    assert "262,144 bytes" in _doc("PublishInput", "Message")
    assert f"{DEFAULT_MAX_MESSAGE_BYTES:,}" == "262,144"
    assert "less than 100 characters long" in _doc("PublishInput", "Subject")
    assert "up to 128 alphanumeric characters" in _doc("PublishInput", "MessageGroupId")
    assert "between 1 and 256 characters long" in _doc("CreateTopicInput", "Name")


def _fields(issues) -> list[str]:
    return [str(i) for i in issues if i.blocking]


@pytest.mark.parametrize(("rows", "message"), [
    ([AttributeRow("", "String", "x")], "attribute (no name): every attribute needs a name"),
    ([AttributeRow("a b", "String", "x")], "attribute a b: names use only A-Z a-z 0-9 _ - and ."),
    ([AttributeRow(".a", "String", "x")], "cannot start or end with a period"),
    ([AttributeRow("a..b", "String", "x")], "two in a row"),
    ([AttributeRow("AWS.x", "String", "x")], "reserved"),
    ([AttributeRow("amazon.x", "String", "x")], "reserved"),
    ([AttributeRow("a", "String", "x"), AttributeRow("a", "String", "y")], "must be unique"),
    ([AttributeRow("a", "String", "")], "attribute a: the value cannot be empty"),
    ([AttributeRow("price", "Number", "cheap")], "attribute price: 'cheap' is not a number"),
    ([AttributeRow("price", "Number", "Infinity")], "not a finite number"),
    ([AttributeRow("tags", "String.Array", "a,b")], "a String.Array value is a JSON array"),
    ([AttributeRow("blob", "Binary", "not base64!")], "typed as base64"),
])
def test_bad_attributes_name_the_attribute_and_the_rule(rows, message: str) -> None:
    assert any(message in text for text in _fields(attribute_issues(rows)))


def test_good_attributes_become_the_publish_shape() -> None:
    rows = [AttributeRow("price", "Number", "42"), AttributeRow("tags", "String.Array", '["a"]'),
            AttributeRow("blob", "Binary", "AQID")]
    assert attribute_issues(rows) == []
    assert message_attributes(rows) == {
        "price": {"DataType": "Number", "StringValue": "42"},
        "tags": {"DataType": "String.Array", "StringValue": '["a"]'},
        "blob": {"DataType": "Binary", "BinaryValue": b"\x01\x02\x03"},
    }


def test_publish_rules() -> None:
    assert _fields(check_publish("", "", [], fifo=False)) == [
        "message: SNS does not publish an empty message"]
    assert "subject: must be less than 100 characters" in _fields(
        check_publish("m", "s" * 100, [], fifo=False))
    assert "subject: no line breaks or control characters" in _fields(
        check_publish("m", "a\nb", [], fifo=False))
    fifo = _fields(check_publish("m", "", [], fifo=True))
    assert "group id: a FIFO topic needs a MessageGroupId on every message" in fifo
    assert any(f.startswith("dedup id: this FIFO topic has no content-based") for f in fifo)
    assert _fields(check_publish("m", "", [], fifo=True, content_dedup=True, group_id="g")) == []
    assert "dedup id: MessageDeduplicationId is for FIFO topics only" in _fields(
        check_publish("m", "", [], fifo=False, dedup_id="d"))
    assert "group id: only letters, digits and punctuation (no spaces)" in _fields(
        check_publish("m", "", [], fifo=True, content_dedup=True, group_id="a b"))
    big = check_publish("x" * 1000, "", [], fifo=False, max_bytes=1024 - 1)
    assert not big
    assert any("MaximumMessageSize" in t for t in _fields(
        check_publish("x" * 2000, "", [], fifo=False, max_bytes=1024)))


def test_raw_subscribers_warn_about_more_than_ten_attributes() -> None:
    rows = [AttributeRow(f"a{i}", "String", "x") for i in range(11)]
    issues = check_publish("m", "", rows, fifo=False, raw_subscribers=1)
    assert [i.field for i in issues if not i.blocking] == ["attributes"]
    assert not [i for i in issues if i.blocking]


def test_topic_and_queue_names() -> None:
    assert check_topic_name("orders", False) == []
    assert check_topic_name("orders.fifo", True) == []
    assert "FIFO" in str(check_topic_name("orders.fifo", False)[0])
    assert "only letters" in str(check_topic_name("my orders", False)[0])
    assert "256" in str(check_topic_name("x" * 257, False)[0])
    assert check_queue_name("audit", False) == []
    assert "80" in str(check_queue_name("x" * 81, False)[0])
