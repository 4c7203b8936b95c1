"""Bucket names AWS refuses get one clear sentence before any call; the limits come from the
botocore model boto3 ships."""

from __future__ import annotations

import pytest
from botocore.exceptions import ClientError
from hypothesis import given
from hypothesis import strategies as st

from playground.aws.firehose import validate as fv
from playground.aws.s3.service import S3Service
from playground.aws.s3.validate import bucket_name_problem

REFUSED = ["ab", "a" * 64, "Lake", "my_lake", "lake.", "-lake", "my..lake", "192.168.5.4",
           "xn--lake", "lake-s3alias", "lake--ol-s3", "la ke", "lake\x00", "l\ud800ke", ""]


@pytest.mark.parametrize("name", REFUSED)
def test_names_aws_refuses_get_one_sentence(name: str) -> None:
    problem = bucket_name_problem(name)
    assert problem and problem.startswith("bucket name: ") and "\n" not in problem
    assert len(problem) < 200


@pytest.mark.parametrize("name", ["pg-dl-lake", "abc", "a" * 63, "my.lake.2026"])
def test_names_aws_takes_pass(name: str) -> None:
    assert bucket_name_problem(name) is None


def test_the_emulator_agrees_where_it_refuses(target) -> None:
    s3 = S3Service(target)
    for name in ("Bad_Name", "ab"):
        assert bucket_name_problem(name)
        with pytest.raises(ClientError):
            s3.create_bucket(name)


@given(st.text(max_size=300))
def test_generated_names_give_a_sentence_or_none(name: str) -> None:
    problem = bucket_name_problem(name)
    if problem is not None:
        assert problem.startswith("bucket name: ") and len(problem) < 300
    else:
        assert 3 <= len(name) <= 63 and name == name.lower() and name.isascii()


def test_a_huge_paste_is_not_echoed_back() -> None:
    problem = bucket_name_problem("A" * 10_000_000)
    assert problem is not None and len(problem) < 200 and "10,000,000 characters" in problem


def test_limits_match_the_botocore_model() -> None:
    import botocore.loaders

    shapes = botocore.loaders.Loader().load_service_model("firehose", "service-2")["shapes"]
    assert (shapes["SizeInMBs"]["min"], shapes["SizeInMBs"]["max"]) == (fv.SIZE_MB_MIN,
                                                                       fv.SIZE_MB_MAX)
    assert (shapes["IntervalInSeconds"]["min"],
            shapes["IntervalInSeconds"]["max"]) == (fv.INTERVAL_MIN, fv.INTERVAL_MAX)
    assert shapes["DeliveryStreamName"]["max"] == fv.NAME_MAX
    assert shapes["Data"]["max"] == fv.RECORD_BYTES_MAX
    assert shapes["PutRecordBatchRequestEntryList"]["max"] == fv.BATCH_MAX
    hints = shapes["BufferingHints"]["members"]
    assert "The default value is 5." in hints["SizeInMBs"]["documentation"]
    assert "The default value is 300." in hints["IntervalInSeconds"]["documentation"]


@given(st.text(max_size=50), st.text(max_size=50))
def test_generated_buffering_hints_give_issues_or_numbers(size: str, interval: str) -> None:
    issues, size_mb, interval_s = fv.buffering_issues(size, interval)
    if not issues and (size.strip() or interval.strip()):
        assert size_mb is not None and 1 <= size_mb <= 128
        assert interval_s is not None and 0 <= interval_s <= 900


@given(st.text(max_size=2000))
def test_generated_names_and_prefixes_give_short_sentences(text: str) -> None:
    for issue in fv.delivery_stream_name_issues(text) + fv.prefix_issues(text):
        assert str(issue) and len(str(issue)) < 200
    if not fv.delivery_stream_name_issues(text):
        assert 1 <= len(text) <= fv.NAME_MAX and text.isascii()


def test_a_record_over_the_limit_is_refused_with_its_size() -> None:
    assert fv.record_issues(b"x" * fv.RECORD_BYTES_MAX) == []
    [issue] = fv.record_issues(b"x" * (fv.RECORD_BYTES_MAX + 1))
    assert "1,024,001 bytes" in str(issue)
