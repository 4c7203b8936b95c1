"""`playground trace`: the hops as text or JSON against the emulator, bad input in one line."""

from __future__ import annotations

import json

import pytest

from playground.cli.main import main
from tests.flows.trace_world import build_trace_world


def test_trace_prints_each_hop_and_the_summary(target, capsys) -> None:  # type: ignore[no-untyped-def]
    build_trace_world(target)
    code = main(["--endpoint-url", target.endpoint_url, "trace", "--entry", "rule orders-rule",
                 "--payload", '{"order": 1}', "--trace-id", "trace-cli"])
    out = capsys.readouterr().out
    assert code == 0, out
    assert out.startswith("trace trace-cli from rule orders-rule (bus shop) on ")
    assert "● rule orders-rule (bus shop): rule matched" in out
    assert "✗ queue refunds: filtered out" in out
    assert "    ✗ kind: one of \"refund\" — got missing, no match" in out
    assert "(queues: only counted (" in out  # --endpoint-url cannot peek
    assert "● queue audit: 1 message(s) now (counted, not read)" in out
    assert "trace complete (trace-cli, " in out
    assert "went to: event bus shop → rule orders-rule (bus shop) → topic orders" in out


def test_trace_json_lists_hops_in_order(target, capsys) -> None:  # type: ignore[no-untyped-def]
    # (--endpoint-url is a target that cannot peek: the queue is read by receiving, allowed)
    build_trace_world(target)
    code = main(["--endpoint-url", target.endpoint_url, "trace", "--entry", "topic orders",
                 "--json", "--allow-receive"])
    doc = json.loads(capsys.readouterr().out)
    assert code == 0
    assert [(h["title"], h["what"], h["status"]) for h in doc["hops"]] == [
        ("topic orders", "published", "reached"),
        ("queue refunds", "filtered out", "stopped"),
        ("queue audit", "received", "reached")]
    assert [h["seq"] for h in doc["hops"]] == [1, 2, 3]
    assert doc["summary"]["outcome"] == "complete"
    assert doc["summary"]["reached"] == ["topic orders", "queue audit"]


def test_a_quiet_trace_exits_1_naming_what_it_waited_on(target, capsys) -> None:  # type: ignore[no-untyped-def]
    build_trace_world(target, wait_for_token=True)
    code = main(["--endpoint-url", target.endpoint_url, "trace", "--entry", "order-flow",
                 "--payload", '{"detail": {"n": 1}}', "--quiet", "5"])
    out = capsys.readouterr().out
    assert code == 1
    assert "trace ended: nothing new" in out
    assert "waiting on execution trace-" in out and "waiting for a task token" in out


@pytest.mark.parametrize(("args", "says"), [
    (["--payload", "{oops"], "the payload is not valid JSON"),
    (["--payload", "[1, 2]"], "the payload must be a JSON object"),
    (["--payload", "1e999999999"], "the payload is not valid JSON"),
    (["--quiet", "0"], "--quiet takes seconds"),
])
def test_bad_input_is_one_line_and_exit_2(target, capsys, args, says) -> None:  # type: ignore[no-untyped-def]
    code = main(["--endpoint-url", target.endpoint_url, "trace", "--entry", "x", *args])
    err = capsys.readouterr().err
    assert code == 2
    assert err.count("\n") == 1 and says in err


def test_an_unknown_entry_lists_the_entries(target, capsys) -> None:  # type: ignore[no-untyped-def]
    build_trace_world(target)
    code = main(["--endpoint-url", target.endpoint_url, "trace", "--entry", "nope"])
    err = capsys.readouterr().err
    errors = [line for line in err.splitlines() if not line.startswith("… ")]  # progress
    assert code == 2 and len(errors) == 1
    assert "no event bus, rule, topic, queue, state machine or stream named 'nope'" in err
    assert "queue audit" in err


def test_help_says_what_it_does(capsys) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(SystemExit) as done:
        main(["trace", "--help"])
    assert done.value.code == 0
    out = " ".join(capsys.readouterr().out.split())
    assert "--entry NODE" in out and "--allow-receive" in out
    assert "Exit 0: complete; 1: ended quiet, stopped or could not send; 2: bad entry or payload" in out
