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
    assert code == 0 and "all 4 steps passed earlier" in out
    code, out, _ = run("lab", "solve", LAB)
    assert code == 0 and out.startswith("nothing to do")


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


def test_a_failing_solution_is_one_line_not_a_traceback(run, target) -> None:
    sqs = SqsService(target)
    url = sqs.create_queue("pg-sqs101-orders")
    assert run("lab", "check", LAB, "--step", "1")[0] == 0
    sqs.delete_queue(url)  # step 1 counts as passed, but its queue is gone
    code, _out, err = run("lab", "solve", LAB, "--step", "2")
    assert code == 1
    assert err.strip().splitlines()[-1] == (
        "playground: queue pg-sqs101-orders does not exist: do the earlier steps first")
    assert "Traceback" not in err


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
