"""`playground teardown`: what it prints, what it asks, and exit codes that mean it (0 all gone or
listed, 1 not all, 2 refused or bad input). A real account is a profile whose endpoint_url is the
emulator: the real AWS code path, offline."""

from __future__ import annotations

import io
import json
import os
from pathlib import Path

import pytest

from playground.aws.events.service import EventsService
from playground.aws.sqs.service import SqsService
from playground.cli.main import main
from playground.targets.regions import in_region
from tests.core.teardown_world import OURS, SURVIVORS, P, everything, make_world
from tests.core.test_targets import write_profile


class Terminal(io.StringIO):
    """stdin as a terminal the user types `answer` on."""

    def isatty(self) -> bool:
        return True


@pytest.fixture
def real(target):  # type: ignore[no-untyped-def]
    """`playground --profile demo ARGS...` -> (exit code, stdout, stderr), with the world made
    in us-east-1 (the profile's region)."""
    write_profile("demo", target.endpoint_url, region="us-east-1")
    make_world(target)

    def go(*args: str, capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
        code = main(["--profile", "demo", "teardown", *args])
        captured = capsys.readouterr()
        return code, captured.out, captured.err

    return go


def test_help_names_the_command_and_its_options(capsys) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(SystemExit):
        main(["--help"])
    assert "teardown" in capsys.readouterr().out
    with pytest.raises(SystemExit):
        main(["teardown", "--help"])
    out = capsys.readouterr().out
    for option in ("--dry-run", "--all-regions", "--older-than", "--yes", "--json", "--region"):
        assert option in out


def test_dry_run_across_all_regions_lists_both_regions_and_nothing_else(target, capsys) -> None:  # type: ignore[no-untyped-def]
    for region in ("us-east-1", "eu-west-1"):
        make_world(in_region(target, region))
    code = main(["--endpoint-url", target.endpoint_url, "teardown", "--dry-run", "--all-regions"])
    out = capsys.readouterr().out
    assert code == 0
    rows = [line.split() for line in out.splitlines() if line.startswith("  us-") or line.startswith("  eu-")]
    assert len(rows) == 30 and {r[0] for r in rows} == {"us-east-1", "eu-west-1"}
    assert "30 to delete: 2 subscriptions, 2 topics, 6 rules, 2 archives, 2 event buses" in out
    assert "an emulator takes any region name" in out
    for name in ("orders-copy", "billing", "clickstream", "flow-copy"):
        assert name not in out
    assert everything(target) >= OURS  # all still there


def test_json_dry_run_has_every_resource_with_region_and_age(target, capsys) -> None:  # type: ignore[no-untyped-def]
    make_world(in_region(target, "eu-west-1"))
    assert main(["--endpoint-url", target.endpoint_url, "--region", "eu-west-1", "teardown",
                 "--dry-run", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["dry_run"] is True and data["regions"] == ["eu-west-1"]
    assert {(r["kind"], r["name"]) for r in data["resources"]} == OURS
    queue = next(r for r in data["resources"] if r["name"] == f"{P}orders")
    assert queue["region"] == "eu-west-1" and 0 <= queue["age_seconds"] < 3600
    assert data["unseen"] == [] and data["left_out"] == []


def test_without_a_terminal_it_refuses_to_ask_and_deletes_nothing(real, capsys, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setattr("sys.stdin", io.StringIO("yes\n"))  # piped: not a terminal
    code, out, err = real(capsys=capsys)
    assert code == 2
    assert "stdin is not a terminal to ask on: pass --yes" in err
    assert f"{P}orders" in out  # the list was shown
    assert ("queue", f"{P}orders") in everything_here(real)


def everything_here(real) -> set[tuple[str, str]]:  # type: ignore[no-untyped-def]
    from playground.targets.aws import AwsTarget

    return everything(AwsTarget("demo"))


def test_answering_no_deletes_nothing(real, capsys, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setattr("sys.stdin", Terminal("no\n"))
    code, _, err = real(capsys=capsys)
    assert code == 1
    assert "Delete these 15 resources from account 000000000000 (us-east-1)? Type yes" in err
    assert "nothing deleted" in err
    assert everything_here(real) >= OURS


def test_answering_yes_is_the_write_confirmation_and_deletes_them_all(real, capsys, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setattr("sys.stdin", Terminal("yes\n"))
    code, out, _ = real(capsys=capsys)
    assert code == 0
    assert f"deleted queue {P}orders (us-east-1)" in out
    assert "15 deleted: 1 subscription, 1 topic, 3 rules, 1 archive, 1 event bus" in out
    assert everything_here(real) == SURVIVORS


def test_yes_and_json_for_scripts(real, capsys) -> None:  # type: ignore[no-untyped-def]
    code, out, _ = real("--yes", "--json", capsys=capsys)
    assert code == 0
    data = json.loads(out)
    assert {(r["kind"], r["name"]) for r in data["deleted"]} == OURS
    assert data["failed"] == [] and data["remaining"] == [] and data["stopped"] is None
    assert everything_here(real) == SURVIVORS


def test_read_only_lists_but_refuses_to_delete(real, capsys) -> None:  # type: ignore[no-untyped-def]
    code, out, _ = real("--read-only", "--dry-run", capsys=capsys)
    assert code == 0 and "15 to delete" in out
    code, _, err = real("--read-only", "--yes", capsys=capsys)
    assert code == 2
    assert "read-only mode: teardown would delete 15 resources, so nothing was deleted" in err
    assert everything_here(real) >= OURS


def test_an_account_outside_the_allow_list_is_refused(real, capsys) -> None:  # type: ignore[no-untyped-def]
    Path(os.environ["PLAYGROUND_CONFIG"]).write_text(
        "target:\n  allowed_accounts:\n    - '111111111111'\n")
    code, _, err = real("--yes", capsys=capsys)
    assert code == 2
    assert "account 000000000000 is not in target.allowed_accounts (111111111111)" in err
    assert everything_here(real) >= OURS


def test_older_than_leaves_what_is_younger(real, capsys) -> None:  # type: ignore[no-untyped-def]
    code, out, _ = real("--older-than", "2h", "--yes", capsys=capsys)
    assert code == 0
    assert "nothing the playground made was found" in out
    assert "left out by --older-than 2h: 15" in out
    assert everything_here(real) >= OURS


def test_a_partial_failure_exits_1_and_lists_what_remains(target, capsys) -> None:  # type: ignore[no-untyped-def]
    events = EventsService(target)
    events.create_bus(f"{P}shared")
    events.client.put_rule(Name="someone-elses", EventBusName=f"{P}shared",
                           EventPattern='{"source": ["x"]}')
    SqsService(target).create_queue(f"{P}q")
    code = main(["--endpoint-url", target.endpoint_url, "teardown", "--yes"])
    captured = capsys.readouterr()
    assert code == 1
    assert f"deleted queue {P}q (us-east-1)" in captured.out
    assert (f"could not delete event bus {P}shared (us-east-1): rules not made by the playground"
            in captured.err)
    assert "1 remain:" in captured.err and f"event bus  {P}shared" in captured.err


@pytest.mark.parametrize(("args", "message"), [
    (["--region", "eu-west-1", "--all-regions"], "give one or the other"),
    (["--older-than", "soon"], "not an age: 'soon'"),
    (["--older-than", "2 hours"], "not an age"),
])
def test_bad_input_is_one_line_and_exit_2(target, capsys, args, message) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(SystemExit) as caught:  # argparse's own exit for a bad value
        code = main(["--endpoint-url", target.endpoint_url, "teardown", "--dry-run", *args])
        raise SystemExit(code)
    assert caught.value.code == 2
    assert message in capsys.readouterr().err
