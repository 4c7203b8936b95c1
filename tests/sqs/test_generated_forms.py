"""Generated input for the SQS forms, through the functions the widgets call: the send form, the
new-queue dialog, the attribute and visibility prompts, and what a consumer shows of a body.
Nothing raises; every rejection says why; what passes can be sent as the form sends it."""

from __future__ import annotations

from hypothesis import example, given
from hypothesis import strategies as st

from playground.aws.sqs.create import NEW_DLQ, QueueSpec, check_spec
from playground.aws.sqs.validate import (
    ATTRIBUTE_TYPES,
    AttributeRow,
    check_queue_attributes,
    check_send,
    looks_like_json,
    message_attributes,
    message_size,
    visibility_seconds,
)
from playground.aws.validation import blocking, whole_number
from playground.ui.sqs.attributes import SETTABLE
from playground.ui.sqs.consumer import _pretty
from playground.ui.sqs.create_queue import FIELDS
from playground.ui.sqs.send_form import MAX_BATCH_COUNT
from tests.form_strategies import FIELD, JSON_TEXT, NUMBERISH, deep_json_text, rejected_with_words

ROWS = st.lists(st.builds(AttributeRow, FIELD | st.sampled_from(["a", "n.x", "AWS.x", "a..b"]),
                          st.sampled_from([*ATTRIBUTE_TYPES, "Number.float", "Binary.x", "x", ""]),
                          FIELD | NUMBERISH | st.sampled_from(["aGVsbG8=", "42", "-1.5"])),
                max_size=4)
BODY = st.one_of(JSON_TEXT, FIELD)


@given(BODY, ROWS, NUMBERISH, FIELD, FIELD, st.booleans(), st.booleans(),
       st.sampled_from([1024, 262_144, 1_048_576]))
@example(deep_json_text(5000, "array"), [], "", "", "", False, False, 1_048_576)
@example("x" * 1_100_000, [AttributeRow("[/x]", "Number", "[/x]")], "[/x]", "[/x]", "[/x]", True,
         False, 1_048_576)
def test_send_form_answers_anything(body: str, rows: list[AttributeRow], delay: str, group: str,
                                    dedup: str, fifo: bool, content_dedup: bool,
                                    max_bytes: int) -> None:
    issues = check_send(body, rows, delay=delay, group_id=group, dedup_id=dedup, fifo=fifo,
                        content_dedup=content_dedup, max_bytes=max_bytes)
    rejected_with_words(issues)
    message_size(body, [r for r in rows if r.name])  # the size line under the body
    looks_like_json(body)
    if not blocking(issues):  # what SendForm.action_send then does
        message_attributes(rows)
        if delay.strip():
            int(delay.strip())


@given(FIELD, st.booleans(), st.booleans(),
       st.fixed_dictionaries({attr: NUMBERISH for _, attr, _, _ in FIELDS}),
       st.one_of(st.none(), st.just(NEW_DLQ), FIELD), NUMBERISH,
       st.dictionaries(FIELD, st.booleans(), max_size=3))
def test_new_queue_dialog_answers_anything(name: str, fifo: bool, dedup: bool,
                                           attributes: dict[str, str], dlq: str | None,
                                           max_receive: str, existing: dict[str, bool]) -> None:
    spec = QueueSpec(name, fifo, dedup, attributes, dlq, max_receive)
    issues = check_spec(spec, existing)
    rejected_with_words(issues)
    if not blocking(issues):  # what create_from_spec then does
        spec.queue_attributes()
        if dlq is not None:
            int(max_receive.strip())


@given(st.sampled_from(SETTABLE), NUMBERISH | FIELD)
def test_attribute_prompt_answers_anything(name: str, value: str) -> None:
    rejected_with_words(check_queue_attributes({name: value}))


@given(NUMBERISH)
@example("0\x1f")  # int() refuses it, strip() does not: the prompt once crashed on it
def test_visibility_prompt_answers_anything(text: str) -> None:
    seconds, issues = visibility_seconds(text)
    rejected_with_words(issues)
    assert (seconds is None) == bool(issues)
    if seconds is not None:
        assert 0 <= seconds <= 43_200


@given(BODY)
@example(deep_json_text(5000, "object"))
def test_a_consumer_shows_any_body(body: str) -> None:
    shown = _pretty(body)
    assert len(shown.splitlines()) <= 5


@given(NUMBERISH)
@example("²")  # isdigit() is true, int() refuses it: the batch count once crashed on it
def test_batch_count_answers_anything(text: str) -> None:
    count = whole_number(text, MAX_BATCH_COUNT)  # what SendForm.action_batch reads
    assert count is None or 0 <= count <= MAX_BATCH_COUNT
