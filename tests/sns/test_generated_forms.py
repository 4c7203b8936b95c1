"""Generated input for the SNS forms, through the functions the widgets call: the publish form,
the new-topic and subscribe dialogs, the filter-policy editor, and what a subscriber pane makes
of a delivery and a policy read back from the target. Nothing raises; every rejection says why."""

from __future__ import annotations

from typing import Any

from hypothesis import example, given
from hypothesis import strategies as st

from playground.aws.sns.fanout import Published, explain, parse_delivery
from playground.aws.sns.service import Subscription
from playground.aws.sns.validate import (
    ATTRIBUTE_TYPES,
    AttributeRow,
    check_publish,
    check_queue_name,
    check_topic_name,
    message_attributes,
)
from playground.aws.sqs.service import ReceivedMessage
from playground.aws.validation import blocking
from playground.patterns import PatternError, validate_filter_policy
from playground.ui.sns.subscriber_pane import policy_line
from tests.form_strategies import FIELD, JSON_TEXT, NUMBERISH, deep_json_text, rejected_with_words

ROWS = st.lists(st.builds(AttributeRow, FIELD | st.sampled_from(["a", "n.x", "AWS.x", "a..b"]),
                          st.sampled_from([*ATTRIBUTE_TYPES, "x", ""]),
                          FIELD | NUMBERISH | JSON_TEXT | st.sampled_from(['["a"]', "aGk="])),
                max_size=4)
SCOPE = st.sampled_from(["MessageAttributes", "MessageBody"])


@given(JSON_TEXT | FIELD, FIELD, ROWS, st.booleans(), st.booleans(), FIELD, FIELD,
       st.sampled_from([1024, 262_144, 1_048_576]), st.integers(0, 3))
@example(deep_json_text(5000, "array"), "[/x]", [AttributeRow("[/x]", "String.Array",
                                                             deep_json_text(5000, "array"))],
         False, False, "", "", 262_144, 0)
def test_publish_form_answers_anything(message: str, subject: str, rows: list[AttributeRow],
                                       fifo: bool, dedup: bool, group: str, dedup_id: str,
                                       max_bytes: int, raw: int) -> None:
    issues = check_publish(message, subject, rows, fifo=fifo, content_dedup=dedup,
                           group_id=group, dedup_id=dedup_id, max_bytes=max_bytes,
                           raw_subscribers=raw)
    rejected_with_words(issues)
    if not blocking(issues):  # what the screen then builds for Publish
        message_attributes(rows)


@given(FIELD, st.booleans())
def test_topic_and_queue_names_answer_anything(name: str, fifo: bool) -> None:
    rejected_with_words(check_topic_name(name, fifo))
    rejected_with_words(check_queue_name(name, fifo))


@given(JSON_TEXT, SCOPE)
def test_filter_policy_editor_answers_anything(text: str, scope: str) -> None:
    try:
        validate_filter_policy(text, scope)
    except PatternError as exc:
        assert str(exc).strip()


def _subscription(policy: str | None, scope: str) -> Subscription:
    attributes = {"FilterPolicyScope": scope}
    if policy is not None:
        attributes["FilterPolicy"] = policy
    return Subscription("arn:aws:sns:us-east-1:1:t:s", "arn:aws:sns:us-east-1:1:t", "sqs",
                        "arn:aws:sqs:us-east-1:1:q", attributes)


@given(st.none() | JSON_TEXT, SCOPE, JSON_TEXT | FIELD, ROWS)
def test_a_pane_explains_any_policy_the_target_holds(policy: str | None, scope: str,
                                                    message: str, rows: list[AttributeRow]) -> None:
    sub = _subscription(policy, scope)
    attributes: dict[str, Any] = {}
    if not check_publish("x", "", rows, fifo=False):
        attributes = message_attributes(rows)
    result = explain(sub, Published(1, message, attributes=attributes))
    assert result.summary.strip()
    assert policy_line_of(sub).strip()


def policy_line_of(sub: Subscription) -> str:
    from playground.aws.sns.fanout import Subscriber

    return policy_line(Subscriber(sub, "https://queue"))


def _envelope(message: str, attributes: str) -> str:
    """SNS's notification around any message and attributes text (valid JSON or not)."""
    return ('{"Type": "Notification", "TopicArn": "t", "Message": ' + message
            + ', "MessageAttributes": ' + attributes + "}")


@given(JSON_TEXT | FIELD | st.builds(_envelope, JSON_TEXT, JSON_TEXT))
def test_any_delivery_is_read(body: str) -> None:
    delivery = parse_delivery(ReceivedMessage("id", "rh", body, 1, {}, {}))
    assert isinstance(delivery.message, str)
