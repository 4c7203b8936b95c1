"""Generated input for the Kinesis forms, through the functions the widgets call: put record (key,
data and the shard prediction), new stream, split. Nothing raises; every rejection says why."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from playground.aws.kinesis.hash import MAX_HASH_KEY, hash_key
from playground.aws.kinesis.validate import (
    check_put,
    check_shard_count,
    check_stream_name,
    parse_hash_key,
    record_data,
)
from tests.form_strategies import FIELD, NUMBERISH, rejected_with_words


@given(FIELD, FIELD)
def test_put_form_answers_anything(key: str, text: str) -> None:
    assert 0 <= hash_key(key) <= MAX_HASH_KEY  # the prediction under the key, on every change
    data, issues = record_data(text)
    issues += check_put(key, data)
    rejected_with_words(issues)
    if not issues:
        key.encode("utf-8")


@given(FIELD, NUMBERISH)
def test_new_stream_dialog_answers_anything(name: str, shards: str) -> None:
    rejected_with_words(check_stream_name(name))
    issues = check_shard_count(shards)
    rejected_with_words(issues)
    if not issues:
        assert int(shards) >= 1


@given(NUMBERISH, st.integers(0, MAX_HASH_KEY), st.integers(0, MAX_HASH_KEY))
def test_split_dialog_answers_anything(text: str, start: int, end: int) -> None:
    value, issues = parse_hash_key(text, start, end)
    rejected_with_words(issues)
    assert (value is None) == bool(issues)
