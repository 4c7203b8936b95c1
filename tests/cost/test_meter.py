"""The meter's arithmetic: figures computed from the price file in each test, never written
twice; rates from the app's calls; idleness with an injected clock (no sleeping)."""

from __future__ import annotations

import itertools
import math
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from playground.aws.inventory import Resource
from playground.aws.recorder import CallRecord, CallRecorder
from playground.aws.render import CallContext
from playground.cost.meter import (
    Ledger,
    Reading,
    calls_of,
    idle_resources,
    money,
    read,
    standing_lines,
)
from playground.cost.prices import shipped_prices

PRICES = shipped_prices()
T0 = datetime(2026, 12, 6, 9, 0, tzinfo=UTC)
_seq = itertools.count(1)


class Clock:
    def __init__(self, at: datetime = T0) -> None:
        self.at = at

    def __call__(self) -> datetime:
        return self.at

    def advance(self, **delta: float) -> None:
        self.at += timedelta(**delta)


def record(service: str, operation: str, params: dict[str, Any], at: datetime,
           ok: bool = True) -> CallRecord:
    return CallRecord(next(_seq), at, service, operation, params, 1.0, ok, None, None,
                      CallContext())


def stream(name: str, shards: int = 1, mode: str = "PROVISIONED",
           created: datetime | None = T0) -> Resource:
    return Resource("kinesis", "stream", name, "us-east-1",
                    f"arn:aws:kinesis:us-east-1:123456789012:stream/{name}", created,
                    {"playground:managed": "true"}, {"shards": shards, "mode": mode})


def queue(name: str) -> Resource:
    return Resource("sqs", "queue", name, "us-east-1",
                    f"https://sqs.us-east-1.amazonaws.com/123456789012/{name}", T0, {},
                    {"fifo": name.endswith(".fifo")})


def machine(name: str, kind: str) -> Resource:
    return Resource("stepfunctions", "state machine", name, "us-east-1",
                    f"arn:aws:states:us-east-1:123456789012:stateMachine:{name}", T0, {},
                    {"type": kind})


def ledger_at(clock: Clock) -> tuple[CallRecorder, Ledger]:
    recorder = CallRecorder()
    return recorder, Ledger(recorder, clock)


def feed(ledger: Ledger, *records: CallRecord) -> None:
    for r in records:
        ledger.add(r)


def test_a_known_set_of_resources_costs_what_the_price_file_says() -> None:
    clock = Clock()
    _, ledger = ledger_at(clock)
    resources = [stream("clicks", 4), stream("orders", 2), stream("audit", mode="ON_DEMAND"),
                 queue("jobs"), machine("flow", "STANDARD")]
    reading = read(resources, ledger, PRICES)
    expected = (6 * PRICES["kinesis.shard_hour"].each
                + PRICES["kinesis.on_demand_stream_hour"].each)
    assert reading.usd_per_hour == pytest.approx(expected)
    assert reading.alive == 5
    assert reading.figure() == f"~${expected:.2f}/h*"  # Kinesis prices are quoted, not verified


def test_the_apps_calls_are_priced_at_their_rate_over_the_window() -> None:
    clock = Clock()
    _, ledger = ledger_at(clock)
    url = "https://sqs.us-east-1.amazonaws.com/123456789012/jobs"
    fifo = "https://sqs.us-east-1.amazonaws.com/123456789012/jobs.fifo"
    big = "x" * (64 * 1024 + 1)  # two 64 KB chunks: billed as two requests
    feed(ledger,
         *[record("sqs", "ReceiveMessage", {"QueueUrl": url}, T0) for _ in range(30)],
         record("sqs", "SendMessage", {"QueueUrl": url, "MessageBody": big}, T0),
         record("sqs", "SendMessage", {"QueueUrl": fifo, "MessageBody": "hi"}, T0),
         record("sqs", "SendMessage", {"QueueUrl": url, "MessageBody": "refused"}, T0, ok=False),
         record("events", "PutEvents", {"Entries": [{"Source": "a", "Detail": "{}"},
                                                    {"EventBusName": "orders", "Detail": "{}"}]}, T0),
         record("stepfunctions", "StartExecution", {
             "stateMachineArn": "arn:aws:states:us-east-1:123456789012:stateMachine:flow"}, T0),
         record("stepfunctions", "StartExecution", {
             "stateMachineArn": "arn:aws:states:us-east-1:123456789012:stateMachine:fast"}, T0),
         record("kinesis", "PutRecords", {"StreamName": "clicks", "Records": [
             {"Data": b"a" * 10, "PartitionKey": "k"}, {"Data": b"b" * (30 * 1024), "PartitionKey": "k"}]},
             T0),
         record("lambda", "Invoke", {"FunctionName": "arn:aws:lambda:us-east-1:1:function:fn"}, T0))
    clock.advance(seconds=150)  # the calls were 2.5 minutes ago: within the window
    resources = [machine("flow", "STANDARD"), machine("fast", "EXPRESS"), stream("clicks", 1)]
    reading = read(resources, ledger, PRICES)

    per_hour = 3600 / 150  # the meter has run 150 s: the calls' rate over that span
    p = {k: PRICES[k].each or 0.0 for k in PRICES.prices}
    transitions = PRICES.assumptions.standard_transitions_per_execution
    expected = (PRICES["kinesis.shard_hour"].each
                + per_hour * ((30 + 2) * p["sqs.standard_requests"] + p["sqs.fifo_requests"]
                              + 2 * p["events.custom_events"]
                              + transitions * p["stepfunctions.standard_transitions"]
                              + p["stepfunctions.express_requests"]
                              + (1 + 2) * p["kinesis.put_payload_units"]
                              + p["lambda.requests"]))
    assert reading.usd_per_hour == pytest.approx(expected)
    by_key = {(ln.price_key, ln.name) for ln in reading.lines}
    assert ("events.custom_events", "default") in by_key and ("events.custom_events", "orders") in by_key
    assert ("lambda.requests", "fn") in by_key

    clock.advance(minutes=5)  # out of the window: only the standing cost is left
    assert read(resources, ledger, PRICES).usd_per_hour == pytest.approx(PRICES["kinesis.shard_hour"].each)


def test_a_fresh_meter_takes_the_rate_over_a_minute_at_least() -> None:
    clock = Clock()
    _, ledger = ledger_at(clock)
    url = "https://sqs.us-east-1.amazonaws.com/123456789012/jobs"
    feed(ledger, *[record("sqs", "ReceiveMessage", {"QueueUrl": url}, T0) for _ in range(10)])
    clock.advance(seconds=5)
    assert read([], ledger, PRICES).usd_per_hour == pytest.approx(
        10 * 60 * PRICES["sqs.standard_requests"].each)


def test_sns_publishes_and_the_deliveries_they_cause() -> None:
    clock = Clock()
    _, ledger = ledger_at(clock)
    topic = "arn:aws:sns:us-east-1:123456789012:news"
    subs = [Resource("sns", "subscription", f"{topic}:{i}", "us-east-1", f"{topic}:{i}", None, {},
                     {"protocol": proto}, belongs_to=topic)
            for i, proto in enumerate(["https", "http", "email", "sqs"])]
    resources = [Resource("sns", "topic", "news", "us-east-1", topic, None, {}, {}), *subs]
    feed(ledger, record("sns", "Publish", {"TopicArn": topic, "Message": "hello"}, T0))
    clock.advance(seconds=60)
    reading = read(resources, ledger, PRICES)
    expected = 60 * (PRICES["sns.publish_requests"].each + 2 * PRICES["sns.http_deliveries"].each
                     + PRICES["sns.email_deliveries"].each)
    assert reading.usd_per_hour == pytest.approx(expected)


def test_firehose_has_no_price_on_file_and_says_so() -> None:
    clock = Clock()
    _, ledger = ledger_at(clock)
    feed(ledger, record("firehose", "PutRecord", {"DeliveryStreamName": "logs",
                                                  "Record": {"Data": b"x"}}, T0))
    reading = read([stream("clicks", 2)], ledger, PRICES)
    assert reading.unpriced and reading.figure().endswith("+?")
    assert any("no price on file" in line for line in reading.details())
    assert reading.usd_per_hour == pytest.approx(2 * PRICES["kinesis.shard_hour"].each)


def test_money_for_the_header() -> None:
    assert money(0) == "$0.00"
    assert money(0.004) == "<$0.01"
    assert money(0.06) == "~$0.06"
    assert money(1234.5) == "~$1,234"


# --- idleness ------------------------------------------------------------------------------
def test_a_stream_nobody_used_for_an_hour_is_idle() -> None:
    clock = Clock()
    _, ledger = ledger_at(clock)
    clicks, orders = stream("clicks", 4), stream("orders", 1)
    resources = [clicks, orders, queue("jobs")]

    clock.advance(minutes=30)
    feed(ledger, record("kinesis", "PutRecord", {"StreamName": "orders", "Data": b"x",
                                                 "PartitionKey": "k"}, clock()))
    clock.advance(minutes=29)
    assert idle_resources(resources, ledger, clock()) == []
    clock.advance(minutes=2)  # 61 minutes since clicks was made, 31 since orders was used
    assert idle_resources(resources, ledger, clock()) == [clicks]
    # Looking at it is not using it.
    feed(ledger, record("kinesis", "DescribeStreamSummary", {"StreamName": "clicks"}, clock()))
    assert idle_resources(resources, ledger, clock()) == [clicks]
    clock.advance(minutes=30)
    assert idle_resources(resources, ledger, clock()) == [clicks, orders]
    feed(ledger, record("kinesis", "GetRecords", {"StreamARN": clicks.arn}, clock()))
    assert idle_resources(resources, ledger, clock()) == [orders]
    assert read(resources, ledger, PRICES).idle == (orders,)


def test_what_was_made_before_the_meter_started_is_timed_from_the_start() -> None:
    clock = Clock()
    _, ledger = ledger_at(clock)
    old = stream("old", created=T0 - timedelta(days=3))
    clock.advance(minutes=59)
    assert idle_resources([old], ledger, clock()) == []
    clock.advance(minutes=1)
    assert idle_resources([old], ledger, clock()) == [old]


# --- what a call names, from real parameters --------------------------------------------------
def test_the_ledger_reads_real_calls_of_the_emulator(target) -> None:
    from playground.aws.kinesis.service import KinesisService
    from playground.aws.sqs.service import SqsService

    clock = Clock(datetime.now(UTC))
    ledger = Ledger(target.recorder, clock)
    try:
        sqs = SqsService(target)
        url = sqs.create_queue("metered")
        sqs.send(url, "hello")
        kinesis = KinesisService(target)
        kinesis.create_stream("metered-stream", shards=1)
        kinesis.wait_active("metered-stream")
        kinesis.put_records("metered-stream", [("k", b"abc"), ("k", b"defg")])
        assert ledger.changed.is_set(), "creating asks for a new listing"
        clock.at = datetime.now(UTC)
        calls, _ = ledger.recent()
        sqs_calls = [c for c in calls if c.service == "sqs"]
        assert sqs_calls and {c.resource for c in sqs_calls} == {"metered"}
        (put,) = [c for c in calls if c.operation == "PutRecords"]
        assert put.resource == "metered-stream" and put.sizes == (3, 4)
        assert ledger.last_touch("kinesis", "metered-stream") is not None
    finally:
        ledger.close()


@pytest.mark.parametrize("params", [
    {}, {"QueueUrl": 7}, {"QueueUrl": ""}, {"Entries": "x"}, {"Entries": [1, None, {"x": object()}]},
    {"Records": [{"Data": {"deep": [1, 2]}}]}, {"stateMachineArn": None}, {"FunctionName": ["x"]},
    {"TopicArn": "arn:"}, {"StreamARN": 5}, {"Record": "x"},
])
@pytest.mark.parametrize(("service", "operation"), [
    ("sqs", "SendMessageBatch"), ("sns", "PublishBatch"), ("events", "PutEvents"),
    ("stepfunctions", "StartExecution"), ("kinesis", "PutRecords"), ("firehose", "PutRecord"),
    ("lambda", "Invoke"), ("s3", "PutObject"),
])
def test_odd_parameters_never_break_a_call(service: str, operation: str, params: dict[str, Any]) -> None:
    clock = Clock()
    _, ledger = ledger_at(clock)
    ledger.add(record(service, operation, params, T0))  # no exception
    calls_of(record(service, operation, params, T0))


# --- generated ---------------------------------------------------------------------------------
streams = st.lists(st.tuples(st.integers(0, 10_000), st.sampled_from(["PROVISIONED", "ON_DEMAND"])),
                   max_size=20)
call_counts = st.lists(st.tuples(st.sampled_from(["sqs", "events", "kinesis", "lambda", "sns"]),
                                 st.integers(0, 300)), max_size=5)


def _reading(spec: list[tuple[int, str]], calls: list[tuple[str, int]]) -> Reading:
    clock = Clock()
    _, ledger = ledger_at(clock)
    params = {"sqs": ("ReceiveMessage", {"QueueUrl": "https://x/1/q"}),
              "events": ("PutEvents", {"Entries": [{"Detail": "{}"}]}),
              "kinesis": ("PutRecord", {"StreamName": "s0", "Data": b"x" * 100}),
              "lambda": ("Invoke", {"FunctionName": "f"}),
              "sns": ("Publish", {"TopicArn": "arn:aws:sns:us-east-1:1:t", "Message": "m"})}
    for service, n in calls:
        op, p = params[service]
        rec = record(service, op, p, T0)
        for _ in range(n):
            ledger.add(rec)
    clock.advance(seconds=90)
    resources = [stream(f"s{i}", shards, mode) for i, (shards, mode) in enumerate(spec)]
    return read(resources, ledger, PRICES)


@given(streams, call_counts)
def test_the_figure_is_never_negative_and_matches_its_lines(spec: list[tuple[int, str]],
                                                            calls: list[tuple[str, int]]) -> None:
    reading = _reading(spec, calls)
    assert reading.usd_per_hour >= 0
    assert all((ln.usd_per_hour or 0) >= 0 for ln in reading.lines)
    assert math.isclose(reading.usd_per_hour, sum(ln.usd_per_hour or 0 for ln in reading.lines))
    assert reading.alive == len(spec)


@given(streams.filter(bool), st.data())
def test_more_shards_never_cost_less(spec: list[tuple[int, str]], data: st.DataObject) -> None:
    i = data.draw(st.integers(0, len(spec) - 1))
    more = data.draw(st.integers(1, 1_000))
    grown = list(spec)
    grown[i] = (spec[i][0] + more, spec[i][1])
    before = sum(ln.usd_per_hour or 0 for ln in standing_lines(
        [stream(f"s{j}", n, m) for j, (n, m) in enumerate(spec)], PRICES))
    after = sum(ln.usd_per_hour or 0 for ln in standing_lines(
        [stream(f"s{j}", n, m) for j, (n, m) in enumerate(grown)], PRICES))
    if spec[i][1] == "PROVISIONED":
        assert after == pytest.approx(before + more * PRICES["kinesis.shard_hour"].each)
    else:
        assert after == pytest.approx(before)  # an on-demand stream is priced by the hour


@given(call_counts, st.sampled_from(["sqs", "events", "kinesis", "lambda", "sns"]),
       st.integers(1, 1_000))
def test_more_calls_never_cost_less(calls: list[tuple[str, int]], service: str, extra: int) -> None:
    assert _reading([], [*calls, (service, extra)]).usd_per_hour >= _reading([], calls).usd_per_hour
