"""Every lab on a fresh emulator: each step fails before its solution and passes after it."""

from __future__ import annotations

import pytest

from playground.aws.sqs.service import SqsService
from playground.lab.engine import LabSession
from playground.lab.model import Lab
from tests.lab.conftest import all_labs, shipped_labs


@pytest.mark.parametrize("lab", all_labs())
def test_each_step_fails_before_its_solution_and_passes_after(lab: Lab, target) -> None:
    session = LabSession(lab, target)
    unavailable = session.unavailable()
    for index, step in enumerate(lab.steps):
        if step.id in unavailable:  # skipped with a parity note: tests/lab/test_requires.py
            assert session.check_step(index).skipped
            continue
        before = session.check_step(index, record=False)
        assert not before.passed, f"step {step.id} passes before its solution"
        assert all(r.message for r in before.results)
        session.solve_step(index)
        after = session.check_step(index)
        failing = [r.message for r in after.results if not r.passed]
        assert after.passed, f"step {step.id} still fails after its solution: {failing}"
        # Every check re-checks the earlier steps: one that fails on what this step changed
        # on purpose must say so (`lasting: false`), or a learner on track would see it fail.
        broken = [lab.steps[i].id for i in session.check_current().broken]
        assert not broken, f"after {step.id}, {broken} fail: mark them lasting: false?"
    assert session.current_index() is None
    assert session.check_current().complete


@pytest.mark.parametrize("lab", all_labs())
def test_reset_deletes_the_lab_and_nothing_else(lab: Lab, target) -> None:
    session = LabSession(lab, target)
    prefix = session.variables["prefix"]
    sqs = SqsService(target)
    kinesis = session.action_context.kinesis
    other = sqs.create_queue("pg-not-a-lab")  # another playground resource
    kinesis.create_stream("pg-not-a-lab")
    # A resource with the lab's prefix but not its tag, in a service reset looks at.
    if "sqs" in lab.services:
        lookalike = f"queue {prefix}made-by-hand"
        url = target.client("sqs").create_queue(QueueName=f"{prefix}made-by-hand")["QueueUrl"]
    elif "kinesis" in lab.services:
        lookalike = f"stream {prefix}made-by-hand"
        target.client("kinesis").create_stream(StreamName=f"{prefix}made-by-hand", ShardCount=1)
    elif "lambda" in lab.services and "stepfunctions" not in lab.services:
        lookalike = f"function {prefix}made-by-hand"
        target.client("lambda").create_function(
            FunctionName=f"{prefix}made-by-hand", Runtime="python3.12", Handler="index.handler",
            Role="arn:aws:iam::000000000000:role/r", Code={"ZipFile": b"PK\x05\x06" + b"\0" * 18})
    else:
        lookalike = f"state machine {prefix}made-by-hand"
        target.client("stepfunctions").create_state_machine(
            name=f"{prefix}made-by-hand", roleArn="arn:aws:iam::000000000000:role/r",
            definition='{"StartAt": "A", "States": {"A": {"Type": "Succeed"}}}')
    session.solve_through()
    assert session.current_index() is None

    report = session.reset()

    assert not report.errors
    assert report.deleted, "reset found nothing to delete"
    assert [k.split(":")[0] for k in report.kept] == [lookalike]
    if "sqs" in lab.services:
        assert sqs.list_queue_urls(prefix) == [url]
    assert other in sqs.list_queue_urls()
    assert "pg-not-a-lab" in kinesis.list_streams()
    assert session.check_context.find_topic_arn(f"{prefix}news") is None
    leftovers = [m["name"] for m in session.action_context.sfn.list_state_machines()]
    leftovers += kinesis.list_streams()
    leftovers += [r["Name"] for r in session.action_context.events.list_rules()]
    leftovers += [f.name for f in session.action_context.lambda_.list_functions()]
    assert [name for name in leftovers if name.startswith(prefix)] == (
        [] if "sqs" in lab.services else [f"{prefix}made-by-hand"])
    assert session.passed_ids() == frozenset()


@pytest.mark.parametrize("lab", all_labs())
def test_checks_leave_the_call_log_alone(lab: Lab, target) -> None:
    session = LabSession(lab, target)
    session.check_current()
    session.check_step(len(lab.steps) - 1, record=False)
    assert target.recorder.records == []
    session.solve_step(0)
    assert target.recorder.records, "solutions are the learner's calls: they are recorded"


def test_a_resumed_lab_starts_at_the_first_step_not_passed(target) -> None:
    lab = shipped_labs()[0]
    LabSession(lab, target).solve_through(1)
    resumed = LabSession(lab, target)
    assert resumed.passed_ids() == {lab.steps[0].id, lab.steps[1].id}
    assert resumed.current_index() == 2
    progress = resumed.check_current()
    assert progress.current == 2
    assert [(r.index, r.passed) for r in progress.reports] == [(0, True), (1, True), (2, False)]


def test_a_learner_who_ran_ahead_passes_several_steps_in_one_check(target) -> None:
    lab = next(lab for lab in shipped_labs() if lab.id == "sns-fanout")
    ahead = LabSession(lab, target)
    for index in range(3):
        ahead.solve_step(index)
    progress = LabSession(lab, target).check_current()
    assert progress.newly_passed == (0, 1, 2)
    assert progress.current == 3


def test_reset_leaves_resources_tagged_for_another_lab(target) -> None:
    lab = shipped_labs()[0]
    session = LabSession(lab, target)
    prefix = session.variables["prefix"]
    url = SqsService(target).create_queue(f"{prefix}borrowed", tags={"playground:lab": "other"})
    report = session.reset()
    assert report.deleted == [] and len(report.kept) == 1
    assert url in SqsService(target).list_queue_urls(prefix)
