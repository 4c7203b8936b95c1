"""Teardown, headless: it finds exactly what the playground tagged, in every region asked, and
deletes that and nothing else; what it cannot list or delete is said, with the permission.

The embedded emulator keeps regions apart (a queue made in eu-west-1 is not listed in us-east-1:
checked below), so the two-region tests make the same world in both and expect it twice.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from botocore.stub import Stubber
from hypothesis import given
from hypothesis import strategies as st

from playground.aws.events.service import EventsService
from playground.aws.inventory import Unseen, find_managed, retry_throttled
from playground.aws.sqs.service import SqsService
from playground.aws.teardown import (
    format_age,
    parse_age,
    plan_rows,
    plan_teardown,
    run_teardown,
    summary,
)
from playground.targets.aws import AwsTarget
from playground.targets.endpoint import EndpointTarget
from playground.targets.regions import all_regions, in_region
from tests.core.teardown_world import OURS, SURVIVORS, P, everything, make_world
from tests.core.test_targets import write_profile

REGIONS = ("us-east-1", "eu-west-1")
ALL = ["sns", "events", "stepfunctions", "kinesis", "sqs"]


def two_regions(target) -> dict[str, list[str]]:  # type: ignore[no-untyped-def]
    for region in REGIONS:
        make_world(in_region(target, region))
    return {region: ALL for region in REGIONS}


def test_the_emulator_keeps_regions_apart(target) -> None:
    SqsService(in_region(target, "eu-west-1")).create_queue(f"{P}only-in-eu")
    assert SqsService(target).list_queue_urls() == []
    assert len(SqsService(in_region(target, "eu-west-1")).list_queue_urls()) == 1


def test_dry_run_lists_exactly_the_tagged_resources_of_every_kind_in_both_regions(target) -> None:
    plan = plan_teardown(target, two_regions(target))

    assert {(r.region, r.kind, r.name) for r in plan.resources} == {
        (region, kind, name) for region in REGIONS for kind, name in OURS}
    assert len(plan.resources) == len(OURS) * 2 == 30
    assert plan.unseen == []
    assert plan.regions == sorted(REGIONS)
    # Deletion order within a region: subscriptions first, queues last.
    kinds = [r.kind for r in plan.resources if r.region == "us-east-1"]
    assert kinds[0] == "subscription" and kinds[-3:] == ["queue"] * 3
    assert kinds.index("archive") < kinds.index("event bus") and kinds.index("rule") < kinds.index("archive")
    # Nothing was changed by looking.
    assert {("queue", f"{P}orders"), ("queue", f"{P}orders-copy")} <= everything(target)


def test_the_plan_carries_what_cost_depends_on_and_what_things_belong_to(target) -> None:
    make_world(target)
    found, unseen = find_managed(target)
    assert unseen == []
    by_name = {r.name: r for r in found}
    assert by_name[f"{P}stream"].details == {"shards": 2, "mode": "PROVISIONED", "status": "ACTIVE"}
    assert by_name[f"{P}on-demand"].details["mode"] == "ON_DEMAND"
    assert by_name[f"{P}express"].details == {"type": "EXPRESS"}
    assert by_name[f"{P}flow"].details == {"type": "STANDARD"}
    assert by_name[f"{P}orders.fifo"].details == {"fifo": True}
    assert by_name[f"{P}orders"].details == {"fifo": False}
    bus = by_name[f"{P}bus"]
    assert by_name[f"{P}archive"].belongs_to == bus.arn
    assert by_name[f"{P}archive"].arn.endswith(f":archive/{P}archive")
    assert by_name[f"{P}rule"].belongs_to == bus.arn
    assert by_name[f"{P}rule-on-their-bus"].belongs_to is None  # their bus is not ours
    topic = by_name[f"{P}news"]
    assert by_name[f"{P}news → sqs {P}orders"].belongs_to == topic.arn
    # Ages: the services that say when (queues, buses, archives, machines, streams) do.
    now = datetime.now(UTC)
    for kind in ("queue", "event bus", "archive", "state machine", "activity", "stream"):
        dated = [r for r in found if r.kind == kind]
        assert all(r.created is not None and abs(now - r.created) < timedelta(hours=1)
                   for r in dated), kind
    assert topic.created is None
    rows = plan_rows(found, now)
    assert len(rows) == len(found) and any("provisioned, 2 open shards" in row for row in rows)


def test_the_real_run_leaves_none_of_them_and_every_look_alike_and_other_tool_survives(target) -> None:
    plan = plan_teardown(target, two_regions(target))

    report = run_teardown(plan)

    assert report.complete, (report.failed, report.stopped)
    assert len(report.deleted) == 30 and report.remaining == []
    for region in REGIONS:
        regional = in_region(target, region)
        assert find_managed(regional) == ([], [])
        left = everything(regional)
        assert left == SURVIVORS, region
    # A second teardown finds nothing and says so.
    again = plan_teardown(target, {region: ALL for region in REGIONS})
    assert again.resources == [] and summary(again.resources) == "nothing"


def test_older_than_takes_what_is_old_enough_and_leaves_what_has_no_date(target) -> None:
    make_world(target)
    made = datetime.now(UTC)

    young = plan_teardown(target, older_than=timedelta(hours=2), now=made)
    assert young.resources == []
    assert {(r.kind, r.name) for r in young.left_out} == OURS

    later = plan_teardown(target, older_than=timedelta(hours=2), now=made + timedelta(hours=3))
    taken = {(r.kind, r.name) for r in later.resources}
    undated = {("topic", f"{P}news"), ("subscription", f"{P}news → sqs {P}orders"),
               ("rule", f"{P}default-rule"), ("rule", f"{P}rule-on-their-bus")}
    # A rule on a tagged bus goes with the bus (the bus cannot go while it has rules); a
    # subscription would go with its topic, but SNS does not say when a topic was made.
    assert taken == OURS - undated
    assert {(r.kind, r.name) for r in later.left_out} == undated


def test_a_bus_with_rules_the_playground_did_not_make_is_left_with_them_and_reported(target) -> None:
    events = EventsService(target)
    events.create_bus(f"{P}shared")
    events.client.put_rule(Name="someone-elses", EventBusName=f"{P}shared",
                           EventPattern='{"source": ["x"]}')
    SqsService(target).create_queue(f"{P}q")
    plan = plan_teardown(target)
    assert [r.kind for r in plan.resources] == ["event bus", "queue"]

    report = run_teardown(plan)

    assert [r.name for r in report.deleted] == [f"{P}q"]
    [(bus, message)] = report.failed
    assert bus.name == f"{P}shared" and "someone-elses" in message
    assert report.remaining == [bus] and not report.complete
    assert [r["Name"] for r in events.list_rules(f"{P}shared")] == ["someone-elses"]


def test_a_real_account_refuses_deletes_until_the_teardown_is_confirmed(emulator_target, target) -> None:
    """A profile whose endpoint_url is the emulator: the real-account code path, offline."""
    write_profile("demo", emulator_target.endpoint_url, region="us-east-1")
    SqsService(target).create_queue(f"{P}q")
    aws = AwsTarget("demo")
    aws.start()
    plan = plan_teardown(aws)
    assert [r.name for r in plan.resources] == [f"{P}q"]

    refused = run_teardown(plan)
    assert refused.deleted == [] and "confirm writes" in refused.stopped
    assert [r.name for r in refused.remaining] == [f"{P}q"]

    plan.allow_writes()
    assert run_teardown(plan).complete
    assert SqsService(target).list_queue_urls() == []


def test_in_region_keeps_the_targets_guard(emulator_target, target) -> None:
    write_profile("demo", emulator_target.endpoint_url, region="us-east-1")
    aws = AwsTarget("demo", read_only=True)
    aws.start()
    aws.allowed_accounts = ("111122223333",)
    copy = in_region(aws, "eu-west-1")
    assert (copy.region, copy.is_real, copy.read_only, copy.writes_confirmed, copy.allowed_accounts,
            copy.account_id) == ("eu-west-1", True, True, False, ("111122223333",), aws.account_id)
    assert in_region(aws, "us-east-1") is aws


def test_all_regions_on_a_real_account_are_the_enabled_ones(emulator_target) -> None:
    write_profile("demo", emulator_target.endpoint_url, region="eu-west-1")
    aws = AwsTarget("demo")
    aws.start()
    regions = all_regions(aws, ALL)
    assert {"us-east-1", "eu-west-1", "ap-southeast-2"} <= set(regions.services)
    assert regions.services["eu-west-1"] == ALL and regions.note == ""
    local = all_regions(emulator_target, ALL)
    assert "any region name" in local.note and emulator_target.region in local.services


# --- what cannot be seen -----------------------------------------------------------------------
def _own(target) -> EndpointTarget:  # type: ignore[no-untyped-def]
    """A target with clients of its own, so a Stubber on them leaves the shared one alone."""
    return EndpointTarget(target.endpoint_url, "eu-west-1")


def test_access_denied_on_a_list_call_is_unseen_with_the_permission(target) -> None:
    """AccessDenied cannot happen on the emulator (it checks no policy): botocore's Stubber
    answers as AWS would."""
    mine = _own(target)
    sqs, sfn = mine.client("sqs"), mine.client("stepfunctions")
    with Stubber(sqs) as sqs_stub, Stubber(sfn) as sfn_stub:
        sqs_stub.add_client_error("list_queues", "AccessDenied", "not authorized to sqs:ListQueues",
                                  http_status_code=403)
        sfn_stub.add_client_error("list_state_machines", "AccessDeniedException", "no", 400)
        sfn_stub.add_response("list_activities", {"activities": []})
        found, unseen = find_managed(mine, ["sqs", "stepfunctions"])
    assert found == []
    assert unseen == [
        Unseen("sqs", "eu-west-1", "AccessDenied: not authorized to sqs:ListQueues", "sqs:ListQueues"),
        Unseen("stepfunctions", "eu-west-1", "AccessDeniedException: no", "states:ListStateMachines"),
    ]
    assert unseen[0].describe() == ("sqs in eu-west-1: missing permission sqs:ListQueues "
                                    "(AccessDenied: not authorized to sqs:ListQueues)")


def test_a_tag_call_refused_for_many_resources_is_one_unseen_and_nothing_is_taken(target) -> None:
    mine = _own(target)
    sqs = mine.client("sqs")
    urls = [f"{target.endpoint_url}/000000000000/{P}{i}" for i in range(3)]
    with Stubber(sqs) as stub:
        stub.add_response("list_queues", {"QueueUrls": urls})
        for _ in urls:
            stub.add_client_error("list_queue_tags", "AccessDenied", "denied", 403)
        found, unseen = find_managed(mine, ["sqs"])
    assert found == []  # not known to be ours: never taken
    assert unseen == [Unseen("sqs", "eu-west-1", "AccessDenied: denied (3 calls)", "sqs:ListQueueTags")]


def test_throttling_is_retried_with_a_growing_pause(target) -> None:
    mine = _own(target)
    sqs = mine.client("sqs")
    url = f"{target.endpoint_url}/000000000000/{P}q"
    pauses: list[float] = []
    with Stubber(sqs) as stub:
        for _ in range(3):
            stub.add_client_error("list_queues", "RequestThrottled", "slow down", 403)
        stub.add_response("list_queues", {"QueueUrls": [url]})
        stub.add_response("list_queue_tags", {"Tags": {"playground:managed": "true"}})
        stub.add_response("get_queue_attributes", {"Attributes": {"CreatedTimestamp": "1700000000"}})
        found, unseen = find_managed(mine, ["sqs"], sleep=pauses.append)
    assert [r.name for r in found] == [f"{P}q"] and unseen == []
    assert found[0].created == datetime(2023, 11, 14, 22, 13, 20, tzinfo=UTC)
    assert len(pauses) == 3 and pauses[0] <= 1.0 < pauses[2] <= 4.0


def test_throttling_that_never_ends_is_given_up_and_other_errors_are_not_retried() -> None:
    from botocore.exceptions import ClientError

    def throttled() -> None:
        raise ClientError({"Error": {"Code": "ThrottlingException", "Message": "x"}}, "ListRules")

    def denied() -> None:
        raise ClientError({"Error": {"Code": "AccessDenied", "Message": "x"}}, "ListRules")

    pauses: list[float] = []
    with pytest.raises(ClientError):
        retry_throttled(throttled, sleep=pauses.append)
    assert len(pauses) == 4
    with pytest.raises(ClientError):
        retry_throttled(denied, sleep=pauses.append)
    assert len(pauses) == 4


# --- ages ---------------------------------------------------------------------------------------
UNITS = {"w": 604_800, "d": 86_400, "h": 3_600, "m": 60, "s": 1}


@given(st.lists(st.tuples(st.integers(0, 10_000), st.sampled_from(list(UNITS)),
                          st.sampled_from(["", " "])), min_size=1, max_size=5))
def test_an_age_of_any_numbers_and_units_is_their_sum(parts) -> None:  # type: ignore[no-untyped-def]
    text = "".join(f"{n}{unit}{space}" for n, unit, space in parts)
    assert parse_age(text) == timedelta(seconds=sum(n * UNITS[u] for n, u, _ in parts))
    assert parse_age(f"  {text.upper()} ") == parse_age(text)


@given(st.text())
def test_any_text_is_an_age_or_one_sentence_that_says_why_not(text: str) -> None:
    try:
        age = parse_age(text)
    except ValueError as exc:
        message = str(exc)
        assert message.startswith("not an age: ") and message.isprintable()
    else:
        assert age >= timedelta(0)


@given(st.timedeltas(min_value=timedelta(0), max_value=timedelta(days=10_000)))
def test_an_age_shown_reads_back_as_at_most_itself(age: timedelta) -> None:
    shown = format_age(age)
    back = parse_age(shown)
    assert back <= age
    # Two units at most: what is cut is less than one of the smaller unit shown.
    cut = timedelta(hours=1) if age >= timedelta(days=1) else (
        timedelta(minutes=1) if age >= timedelta(hours=1) else timedelta(seconds=1))
    assert age - back < cut


@pytest.mark.parametrize("text", ["2", "h", "2 hours", "-2h", "2h-", "1.5h", "２h", "99999999999999999w"])
def test_ages_that_are_refused(text: str) -> None:
    with pytest.raises(ValueError, match="not an age"):
        parse_age(text)
