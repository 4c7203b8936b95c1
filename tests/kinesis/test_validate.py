"""The limits the workbench checks come from the botocore model boto3 ships, and still say so."""

from __future__ import annotations

import re

import botocore.loaders

from playground.aws.kinesis.hash import MAX_HASH_KEY
from playground.aws.kinesis.validate import (
    READ_BYTES_PER_SHARD,
    READ_CALLS_PER_SHARD,
    WRITE_BYTES_PER_SHARD,
    WRITE_RECORDS_PER_SHARD,
    check_put,
    check_shard_count,
    check_stream_name,
    limits,
    parse_hash_key,
)
from playground.aws.validation import Issue


def _docs(operation: str) -> str:
    model = botocore.loaders.Loader().load_service_model("kinesis", "service-2")
    return re.sub(r"<[^>]+>", "", model["operations"][operation]["documentation"])


def test_limits_are_the_models() -> None:
    lim = limits()
    assert (lim.partition_key_min, lim.partition_key_max) == (1, 256)
    assert lim.record_bytes_max == 10 * 1024 * 1024
    assert lim.put_records_max == 500
    assert (lim.stream_name_min, lim.stream_name_max) == (1, 128)
    assert lim.shard_count_min == 1


def test_per_shard_limits_are_quoted_from_the_docs_strings() -> None:
    create = _docs("CreateStream")
    assert "Each shard can support writes up to 1,000 records per second" in create
    assert "up to a maximum data write total of 1 MiB per second" in create
    assert "reads up to five transactions per second" in create
    assert "Each shard can read up to 2 MiB per second" in _docs("GetRecords")
    assert "maximum record size (10 MiB)" in str(botocore.loaders.Loader().load_service_model(
        "kinesis", "service-2")["shapes"]["PutRecordInput"]["members"]["Data"])
    assert (WRITE_RECORDS_PER_SHARD, WRITE_BYTES_PER_SHARD) == (1000, 1024 * 1024)
    assert (READ_CALLS_PER_SHARD, READ_BYTES_PER_SHARD) == (5, 2 * 1024 * 1024)


def test_put_checks_key_length_and_record_size() -> None:
    assert check_put("k", b"data") == []
    assert check_put("", b"x") == [Issue("partition key", "1 to 256 characters (got 0)")]
    assert check_put("k" * 257, b"x") == [Issue("partition key", "1 to 256 characters (got 257)")]
    assert check_put("k" * 256, b"") == []
    big = b"x" * (10 * 1024 * 1024)
    assert [str(i) for i in check_put("k", big)] == [
        "record: data + partition key is 10,240.0 KiB, over the 10 MiB a record may hold"]
    assert check_put("k", big[:-1]) == []


def test_stream_name_and_shard_count() -> None:
    assert check_stream_name("clicks.v2_a-b") == []
    assert [str(i) for i in check_stream_name("")] == ["name: 1 to 128 characters (got 0)"]
    assert check_stream_name("bad name") == [Issue("name", "only letters, digits, '_', '.' and '-'")]
    assert check_shard_count("4") == []
    assert check_shard_count("0") == [Issue("shards", "at least 1")]
    assert check_shard_count("two") == [Issue("shards", "'two' is not a whole number")]
    assert all(i.blocking for i in check_shard_count("65") + check_stream_name(""))


def test_split_hash_key_must_be_inside_the_shard() -> None:
    assert parse_hash_key("100", 0, 200) == (100, [])
    assert parse_hash_key("1_000", 0, 2000) == (1000, [])
    assert parse_hash_key("0", 0, 200)[1]  # the start itself leaves nothing below
    assert parse_hash_key("201", 0, 200)[1]
    assert [str(i) for i in parse_hash_key("-1", 0, 200)[1]] == [
        "hash key: a decimal integer from 0 to 2^128-1"]
    assert parse_hash_key(str(MAX_HASH_KEY + 1), 0, MAX_HASH_KEY) == (
        None, [Issue("hash key", "at most 2^128-1")])
