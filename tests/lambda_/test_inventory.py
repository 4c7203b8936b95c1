"""Teardown finds the playground's functions with their mappings, and only those."""

from __future__ import annotations

from playground.aws.lambda_.roles import execution_role
from playground.aws.lambda_.service import LambdaService
from playground.aws.lambda_.templates import TEMPLATES
from playground.aws.teardown import plan_teardown, run_teardown
from playground.targets.embedded import EmbeddedTarget


def test_teardown_deletes_tagged_functions_and_their_mappings_only(target: EmbeddedTarget) -> None:
    lam = LambdaService(target)
    source = TEMPLATES["sqs-consumer"].source
    lam.create_function("ours", source, role=execution_role(target))
    target.client("lambda").create_function(
        FunctionName="theirs", Runtime="python3.12", Handler="index.handler",
        Role=execution_role(target), Code={"ZipFile": b"PK\x05\x06" + b"\0" * 18})
    url = target.client("sqs").create_queue(QueueName="jobs")["QueueUrl"]
    arn = target.client("sqs").get_queue_attributes(
        QueueUrl=url, AttributeNames=["QueueArn"])["Attributes"]["QueueArn"]
    mapping = lam.create_mapping("ours", arn, batch_size=5)

    plan = plan_teardown(target, services=["lambda"])
    assert [(r.kind, r.name) for r in plan.resources] == [
        ("event source mapping", "jobs → ours"), ("function", "ours")]
    assert plan.resources[0].arn == mapping.uuid

    report = run_teardown(plan)
    assert report.complete
    assert [f.name for f in lam.list_functions()] == ["theirs"]
    assert lam.mappings() == []
