"""`playground labs` and `playground lab check|solve|reset` against the emulator fixture."""

from __future__ import annotations

import json

import pytest

from playground.aws.sqs.service import SqsService
from playground.cli.main import main

LAB = "sqs-first-queue"


@pytest.fixture
def run(target, capsys: pytest.CaptureFixture[str]):  # type: ignore[no-untyped-def]
    """`playground --endpoint-url <emulator> ARGS...` -> (exit code, stdout, stderr)."""

    def go(*args: str) -> tuple[int, str, str]:
        code = main(["--endpoint-url", target.endpoint_url, *args])
        captured = capsys.readouterr()
        return code, captured.out, captured.err

    return go


def test_labs_lists_every_lab_with_progress(run) -> None:
    code, out, _ = run("labs", "--json")
    assert code == 0
    data = json.loads(out)
    assert data["target"] == "endpoint:000000000000"
    rows = {row["id"]: row for row in data["labs"]}
    assert {"sqs-first-queue", "sns-fanout"} <= set(rows)
    assert rows[LAB]["passed"] == [] and rows[LAB]["steps"] == 4

    assert run("lab", "solve", LAB, "--step", "2")[0] == 0
    code, out, _ = run("labs")
    assert code == 0
    assert any(line.startswith(LAB) and line.endswith("2/4 steps") for line in out.splitlines())


def test_check_fails_with_what_is_missing_then_passes_after_solve(run) -> None:
    code, out, _ = run("lab", "check", LAB)
    assert code == 1
    assert "✗ queue pg-sqs101-orders does not exist yet" in out
    assert f"playground lab solve {LAB} --step 1" in out

    code, out, _ = run("lab", "solve", LAB, "--step", "1")
    assert code == 0
    assert "→ created queue pg-sqs101-orders" in out and "✓ queue pg-sqs101-orders exists" in out

    code, out, _ = run("lab", "check", LAB, "--step", "1")
    assert code == 0 and "✓ queue pg-sqs101-orders exists" in out
    code, out, _ = run("lab", "check", LAB)
    assert code == 1
    assert "✗ pg-sqs101-orders has ReceiveMessageWaitTimeSeconds 0; the step wants 20" in out


def test_check_passes_when_the_learner_did_it_by_hand(run, target) -> None:
    SqsService(target).create_queue("pg-sqs101-orders")
    code, out, _ = run("lab", "check", LAB, "--step", "1", "--json")
    assert code == 0
    report = json.loads(out)
    assert report["passed"] and report["steps"][0]["checks"][0]["passed"]


def test_solve_all_then_check_reports_the_lab_complete(run) -> None:
    code, out, _ = run("lab", "solve", LAB)
    assert code == 0 and out.count("→") == 4
    code, out, _ = run("lab", "check", LAB)
    assert code == 0 and "lab complete" in out
    # Step 4 consumed one of step 3's three messages: the lab moved on, the step is not failed.
    assert "– held when you did it; step 4 has moved on from it and holds now" in out
    assert out.count("✓") == 3
    code, out, _ = run("lab", "solve", LAB)
    assert code == 0 and out.startswith("nothing to do")


def test_check_after_an_emulator_reset_fails_and_names_the_step(run, target) -> None:
    assert run("lab", "solve", LAB)[0] == 0
    target.reset()  # everything the lab made is gone; stored progress still says 4 of 4
    code, out, _ = run("lab", "check", LAB)
    assert code == 1
    assert "step 1/4  Create a queue\n  ✗ queue pg-sqs101-orders does not exist yet" in out
    assert "steps 1, 2, 3 and 4 passed earlier but no longer hold" in out
    assert f"`playground lab solve {LAB} --step 4` redoes them" in out

    code, out, _ = run("lab", "check", LAB, "--json")
    report = json.loads(out)
    assert code == 1 and not report["passed"] and not report["completed"]
    assert [(s["step"], s["passed"]) for s in report["steps"]] == [
        (1, False), (2, False), (3, False), (4, False)]


def test_check_after_the_queue_is_deleted_fails_that_step(run, target) -> None:
    assert run("lab", "solve", LAB, "--step", "2")[0] == 0
    sqs = SqsService(target)
    sqs.delete_queue(sqs.list_queue_urls("pg-sqs101-orders")[0])
    code, out, _ = run("lab", "check", LAB, "--step", "1")
    assert code == 1 and "✗ queue pg-sqs101-orders does not exist yet" in out
    code, out, _ = run("lab", "check", LAB)
    assert code == 1
    assert "steps 1 and 2 passed earlier but no longer hold" in out


def test_solve_redoes_the_steps_whose_resources_are_gone(run, target) -> None:
    sqs = SqsService(target)
    url = sqs.create_queue("pg-sqs101-orders")
    assert run("lab", "check", LAB, "--step", "1")[0] == 0
    sqs.delete_queue(url)  # step 1 counts as passed, but its queue is gone
    code, out, err = run("lab", "solve", LAB, "--step", "2")
    assert code == 0, err
    assert "→ created queue pg-sqs101-orders" in out
    assert "✓ pg-sqs101-orders has ReceiveMessageWaitTimeSeconds 20" in out
    assert run("lab", "check", LAB, "--step", "2")[0] == 0


def test_reset_deletes_the_lab_resources_and_keeps_others(run, target) -> None:
    sqs = SqsService(target)
    keep = sqs.create_queue("pg-keep-me")
    run("lab", "solve", "sns-fanout")
    code, out, _ = run("lab", "reset", "sns-fanout")
    assert code == 0
    assert "deleted topic pg-fanout-orders" in out
    assert "deleted queue pg-fanout-billing" in out and "deleted queue pg-fanout-shipping" in out
    assert sqs.list_queue_urls() == [keep]
    code, out, _ = run("lab", "check", "sns-fanout", "--json")
    assert code == 1 and json.loads(out)["steps"][0]["step"] == 1


@pytest.mark.parametrize("args, message", [
    (("lab", "check", "no-such-lab"), "unknown lab 'no-such-lab' (labs: "),
    (("lab", "solve", LAB, "--step", "9"), "sqs-first-queue has steps 1 to 4, not 9"),
    (("lab", "reset", "nope"), "unknown lab 'nope'"),
])
def test_bad_input_is_one_line_and_exit_2(run, args: tuple[str, ...], message: str) -> None:
    code, _out, err = run(*args)
    assert code == 2
    assert err.startswith(f"playground: error: {message}")
    assert len(err.strip().splitlines()) == 1


def test_read_only_solve_is_refused_in_one_line(run) -> None:
    code, _out, err = run("--read-only", "lab", "solve", LAB, "--step", "1")
    assert code == 1
    assert err.strip().splitlines()[-1] == (
        "playground: read-only mode: CreateQueue would change the target, so it was not sent")
