"""Checks look at the live target every time: stored progress says where the learner got to,
never that the target still holds what the steps made."""

from __future__ import annotations

import pytest

from playground.aws.sqs.service import SqsService
from playground.lab.context import LabError
from playground.lab.engine import LabSession
from playground.lab.model import Lab
from tests.lab.conftest import shipped_labs

QUEUE = "pg-sqs101-orders"


@pytest.fixture
def lab() -> Lab:
    return next(lab for lab in shipped_labs() if lab.id == "sqs-first-queue")


def delete_queue(target: object) -> None:
    sqs = SqsService(target)  # type: ignore[arg-type]
    for url in sqs.list_queue_urls(QUEUE):
        sqs.delete_queue(url)


def test_steps_passed_earlier_are_checked_again(lab: Lab, target) -> None:
    LabSession(lab, target).solve_through(1)
    delete_queue(target)

    progress = LabSession(lab, target).check_current()

    assert progress.current == 2, "where the learner got to is kept"
    assert progress.broken == (0, 1) and not progress.complete
    assert [(r.index, r.passed) for r in progress.reports] == [(0, False), (1, False), (2, False)]
    assert progress.reports[0].results[0].message == f"queue {QUEUE} does not exist yet"


def test_a_complete_lab_on_an_empty_target_is_not_complete(lab: Lab, target) -> None:
    LabSession(lab, target).solve_through()
    target.reset()
    session = LabSession(lab, target)
    assert session.current_index() is None  # stored progress: all four passed once

    progress = session.check_current()

    assert not progress.complete and progress.broken == (0, 1, 2, 3)
    assert not session.check_one(0).passed


def test_a_step_the_lab_moved_on_from_counts_as_held(lab: Lab, target) -> None:
    session = LabSession(lab, target)
    session.solve_through()

    progress = session.check_current()

    assert progress.complete
    moved = progress.reports[2]
    assert moved.passed and moved.moved_on
    assert moved.results[0].message == (
        "held when you did it; step 4 has moved on from it and holds now")
    assert session.check_one(2).moved_on


def test_moved_on_needs_the_step_after_it_to_hold(lab: Lab, target) -> None:
    session = LabSession(lab, target)
    session.solve_through()
    sqs = SqsService(target)
    sqs.send(sqs.list_queue_urls(QUEUE)[0], "one too many")  # step 4 wants exactly 2 in total

    progress = session.check_current()

    assert progress.broken == (3,), "3 visible messages: step 3 holds again by itself"
    target.client("sqs").purge_queue(QueueUrl=sqs.list_queue_urls(QUEUE)[0])
    progress = session.check_current()
    assert progress.broken == (2, 3), "step 4 fails, so step 3 cannot lean on it"
    assert not progress.reports[2].moved_on


def test_the_periodic_check_starts_at_the_first_broken_step(lab: Lab, target) -> None:
    session = LabSession(lab, target)
    session.solve_through(1)
    quick = session.check_current(recheck=False)
    assert [r.index for r in quick.reports] == [2], "nothing broken: from the current step"

    delete_queue(target)
    assert session.check_current().broken == (0, 1)
    SqsService(target).create_queue(QUEUE, attributes={"ReceiveMessageWaitTimeSeconds": "20"})
    quick = session.check_current(recheck=False)
    assert [(r.index, r.passed) for r in quick.reports] == [(0, True), (1, True), (2, False)]
    assert quick.broken == ()


def test_solve_skips_only_steps_that_hold_now(lab: Lab, target) -> None:
    session = LabSession(lab, target)
    session.solve_through()
    assert session.solve_through() == [], "all four hold: nothing to redo"
    target.reset()

    done = session.solve_through()

    assert [index for index, _lines, report in done if report.passed] == [0, 1, 2, 3]
    assert session.check_current().complete


def test_a_failing_solution_is_one_line(lab: Lab, target) -> None:
    with pytest.raises(LabError) as caught:
        LabSession(lab, target).solve_step(1)  # long polling on a queue nobody created
    assert str(caught.value) == f"queue {QUEUE} does not exist: do the earlier steps first"
