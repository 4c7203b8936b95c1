"""`playground export`: the capstone's wiring as a boto3 script that rebuilds the same flow map
on a fresh emulator, and as a CloudFormation template whose resources name each other by
Ref/GetAtt; what the exporter does not understand is listed, never a crash."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from playground.aws.events.delivery import RuleTargets
from playground.aws.events.replay import ArchiveReplay
from playground.aws.events.service import EventsService
from playground.aws.sns.service import SnsService
from playground.aws.sqs.service import SqsService
from playground.aws.stepfunctions.service import StepFunctionsService
from playground.cli.main import build_parser, main
from playground.export.cloudformation import PROPERTIES, problems
from playground.export.collect import collect
from playground.flows.reader import read_flows
from playground.lab.engine import LabSession
from playground.safe_yaml import parse_yaml
from playground.targets.embedded import EmbeddedTarget
from tests.lab.conftest import shipped_labs

LAB = "capstone-order-pipeline"
WIRED = 4
"""The capstone's steps 1-5 build all of its wiring (queues, topic, stream, workflow, rule)."""


def capstone_wired(target: Any) -> LabSession:
    session = LabSession(next(lab for lab in shipped_labs() if lab.id == LAB), target)
    session.solve_through(WIRED)
    return session


def wiring(target: Any) -> set[tuple[Any, ...]]:
    """The flow map without ARNs: each wire by its ends' service, kind and name."""
    flows = read_flows(target)
    # A target without Lambda (LocalStack as the parity tests start it) has no event source
    # mappings to list: nothing of the pipeline is there.
    assert [u for u in flows.unseen if u.service != "lambda"] == []
    ends = {n.arn: (n.service, n.label, n.name, n.note) for n in flows.nodes.values()}
    return ({("node", *end) for end in ends.values()}
            | {(ends[e.source], e.kind, e.label, e.detail, ends[e.target]) for e in flows.edges})


def export(target: Any, tmp_path: Path, capsys: Any, *args: str) -> str:
    out = tmp_path / "out"
    code = main(["--endpoint-url", target.endpoint_url, "export", *args, "-o", str(out)])
    err = capsys.readouterr().err
    assert code == 0, err
    return out.read_text(encoding="utf-8")


def test_the_script_rebuilds_the_same_flow_map_on_a_fresh_emulator(
        target: Any, tmp_path: Path, capsys: Any) -> None:
    capstone_wired(target)
    before = wiring(target)
    script = tmp_path / "capstone.py"
    script.write_text(export(target, tmp_path, capsys, "--lab", LAB, "--format", "script"))
    text = script.read_text()
    assert "000000000000" not in text.replace("arn:aws:iam::{account}", "")
    assert target.endpoint_url not in text  # nothing of the playground's emulator in it

    fresh = EmbeddedTarget()
    fresh.start()
    try:
        env = {**os.environ, "AWS_ACCESS_KEY_ID": "test", "AWS_SECRET_ACCESS_KEY": "test"}
        run = [sys.executable, str(script), "--endpoint-url", str(fresh.endpoint_url),
               "--region", fresh.region]
        for _ in range(2):  # a second run creates nothing twice
            done = subprocess.run(run, capture_output=True, text=True, env=env, timeout=120)
            assert done.returncode == 0, done.stderr[-3000:]
        assert "state machine pg-capstone-orders" in done.stdout
        after = wiring(fresh)
        assert len(SqsService(fresh).list_queue_urls()) == 4
        assert len(SnsService(fresh).subscriptions(
            SnsService(fresh).list_topics()[0])) == 2
    finally:
        fresh.stop()
    assert after == before
    assert {e[1] for e in after if e[0] != "node"} == {
        "rule", "target", "calls", "subscription", "dead-letter"}


def test_the_template_names_resources_by_ref_and_reads_back(
        target: Any, tmp_path: Path, capsys: Any) -> None:
    capstone_wired(target)
    text = export(target, tmp_path, capsys, "--lab", LAB)
    as_json = json.loads(export(target, tmp_path, capsys, "--lab", LAB, "--template-format",
                                "json"))
    body = parse_yaml(text).data  # the playground's own safe reader takes it
    assert body == as_json
    assert problems(body) == []
    resources = body["Resources"]
    assert sorted({r["Type"] for r in resources.values()}) == sorted(set(PROPERTIES) - {
        "AWS::Events::Archive", "AWS::SNS::TopicPolicy"})
    # No ARN, URL or account of the emulator: everything is a Ref, GetAtt or substitution.
    flat = json.dumps(body)
    assert "arn:aws:sqs" not in flat and "arn:aws:sns" not in flat
    assert "000000000000" not in flat and "127.0.0.1" not in flat

    by_type: dict[str, list[dict[str, Any]]] = {}
    for res in resources.values():
        by_type.setdefault(res["Type"], []).append(res["Properties"])
    shipping = next(q for q in by_type["AWS::SQS::Queue"] if q["QueueName"].endswith("shipping"))
    assert shipping["RedrivePolicy"] == {
        "deadLetterTargetArn": {"Fn::GetAtt": ["PgCapstoneDlqQueue", "Arn"]},
        "maxReceiveCount": 3}
    assert shipping["VisibilityTimeout"] == 3
    subs = {s["Endpoint"]["Fn::GetAtt"][0]: s for s in by_type["AWS::SNS::Subscription"]}
    assert subs["PgCapstoneShippingQueue"]["FilterPolicy"] == {"outcome": ["approved"]}
    assert subs["PgCapstoneShippingQueue"]["FilterPolicyScope"] == "MessageBody"
    assert subs["PgCapstoneShippingQueue"]["RawMessageDelivery"] is True
    [rule] = by_type["AWS::Events::Rule"]
    assert rule["EventBusName"] == {"Ref": "PgCapstoneShopEventBus"}
    assert rule["Targets"] == [{"Id": "workflow", "Arn": {"Ref": "PgCapstoneOrdersStateMachine"},
                                "RoleArn": {"Fn::GetAtt": ["PgCapstoneOrderPlacedRuleTargetRole",
                                                           "Arn"]},
                                "InputPath": "$.detail"}]
    [machine] = by_type["AWS::StepFunctions::StateMachine"]
    definition = json.loads(machine["DefinitionString"])
    approve = definition["States"]["Approve"]["Parameters"]["QueueUrl"]
    assert approve == "${PgCapstoneApprovalsQueueUrl}"
    assert machine["DefinitionSubstitutions"] == {
        "PgCapstoneApprovalsQueueUrl": {"Ref": "PgCapstoneApprovalsQueue"},
        "PgCapstoneOrderEventsTopicArn": {"Ref": "PgCapstoneOrderEventsTopic"},
        "PgCapstoneOrderLogStreamName": {"Ref": "PgCapstoneOrderLogStream"}}
    role = resources["PgCapstoneOrdersStateMachineRole"]["Properties"]
    allowed = {s["Action"] for s in role["Policies"][0]["PolicyDocument"]["Statement"]}
    assert allowed == {"sqs:SendMessage", "sns:Publish", "kinesis:PutRecord"}
    [stream] = by_type["AWS::Kinesis::Stream"]
    assert stream["ShardCount"] == 2


def test_every_tagged_resource_with_an_input_transformer_and_what_is_not_understood(
        target: Any, tmp_path: Path, capsys: Any) -> None:
    sqs, sns = SqsService(target), SnsService(target)
    events, sfn = EventsService(target), StepFunctionsService(target)
    sqs.create_queue("inbox")
    untagged = target.client("sqs").create_queue(QueueName="not-ours")["QueueUrl"]
    topic = sns.create_topic("news")
    target.client("sns").subscribe(TopicArn=topic, Protocol="http",
                                   Endpoint="http://example.com/hook")
    events.create_bus("shop")
    events.put_rule("shaped", {"source": ["shop"]}, bus="shop")
    RuleTargets(target).add_queue_target(
        "shaped", "shop", "inbox", target_id="inbox",
        transformer={"InputPathsMap": {"id": "$.detail.id"},
                     "InputTemplate": '{"order": <id>}'})
    events.put_target("shaped", "fn", "arn:aws:lambda:us-east-1:000000000000:function:f",
                      bus="shop")
    ArchiveReplay(target).create_archive("shop-all", "shop", retention_days=3)
    sfn.create_state_machine("relay", {"StartAt": "Send", "States": {"Send": {
        "Type": "Task", "Resource": "arn:aws:states:::sqs:sendMessage",
        "Parameters": {"QueueUrl": untagged, "MessageBody": "hi"}, "End": True}}})

    text = export(target, tmp_path, capsys, "--template-format", "yaml")
    body = parse_yaml(text).data
    assert problems(body) == []
    notes = body["Metadata"]["PlaygroundNotExported"]
    assert any("http endpoint" in n for n in notes)
    assert any("function:f" in n and "rule shaped" in n for n in notes)
    assert any("not-ours" in n for n in notes)
    assert "# Not exported (add these by hand):" in text
    [rule] = [r["Properties"] for r in body["Resources"].values()
              if r["Type"] == "AWS::Events::Rule"]
    assert rule["Targets"] == [{"Id": "inbox", "Arn": {"Fn::GetAtt": ["InboxQueue", "Arn"]},
                                "InputTransformer": {"InputPathsMap": {"id": "$.detail.id"},
                                                     "InputTemplate": '{"order": <id>}'}}]
    policy = body["Resources"]["InboxQueuePolicy"]["Properties"]["PolicyDocument"]
    assert policy["Statement"][0]["Principal"] == {"Service": "events.amazonaws.com"}
    assert policy["Statement"][0]["Condition"] == {
        "ArnEquals": {"aws:SourceArn": {"Fn::GetAtt": ["ShapedRule", "Arn"]}}}
    [archive] = [r["Properties"] for r in body["Resources"].values()
                 if r["Type"] == "AWS::Events::Archive"]
    assert archive["SourceArn"] == {"Fn::GetAtt": ["ShopEventBus", "Arn"]}
    assert archive["RetentionDays"] == 3
    # The untagged queue the state machine names stays as it was, account made the deployer's.
    relay = next(r for r in body["Resources"].values()
                 if r["Type"] == "AWS::StepFunctions::StateMachine")["Properties"]
    assert "not-ours" in relay["DefinitionString"] and "DefinitionSubstitutions" not in relay

    script = export(target, tmp_path, capsys, "--format", "script")
    assert "#   - " in script and "http endpoint" in script
    compile(script, "export.py", "exec")  # it is Python
    assert collect(target).skipped == notes


def test_what_cannot_be_read_is_noted_and_the_rest_exported(
        target: Any, tmp_path: Path, capsys: Any) -> None:
    SqsService(target).create_queue("kept")
    events = EventsService(target)
    events.put_rule("odd", {"source": ["x"]})
    # The emulator cannot answer ListTargetsByRule for a target ARN holding a lone surrogate
    # (as tests/flows does): a call that fails, like AccessDenied on a real account.
    events.put_target("odd", "t1", "arn:aws:firehose:us-east-1:000000000000:deliverystream/\ud800")
    text = export(target, tmp_path, capsys)
    body = parse_yaml(text).data
    assert [r["Properties"]["QueueName"] for r in body["Resources"].values()] == ["kept"]
    [note] = body["Metadata"]["PlaygroundNotExported"]
    assert note.startswith("rule odd: its targets could not be read (")
    assert problems(body) == []


def test_bad_arguments_and_nothing_to_export(target: Any, tmp_path: Path, capsys: Any) -> None:
    where = ["--endpoint-url", target.endpoint_url, "export"]
    assert main([*where, "--lab", "no-such-lab"]) == 2
    assert "no lab 'no-such-lab'" in capsys.readouterr().err
    assert main([*where, "--lab", LAB]) == 1
    assert "nothing to export" in capsys.readouterr().err
    SqsService(target).create_queue("q")
    assert main([*where, "-o", str(tmp_path / "no-dir" / "t.yaml")]) == 2
    assert "cannot write" in capsys.readouterr().err
    with pytest.raises(SystemExit):
        main([*where, "--format", "terraform"])
    assert "invalid choice" in capsys.readouterr().err


def test_help_and_readme_list_the_command() -> None:
    parser = build_parser()
    assert "export" in parser.format_help()
    readme = (Path(__file__).parents[2] / "README.md").read_text(encoding="utf-8")
    assert "playground export [--lab ID] --format cloudformation|script" in readme
