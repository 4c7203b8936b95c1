"""`playground pattern test`: verdict, explanation, and exit codes 0 / 1 / 2."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from playground.cli.main import main

PATTERN = '{"source": ["shop"], "detail": {"price": [{"numeric": [">=", 100]}]}}'
BIG = '{"source": "shop", "detail": {"price": 420}}'
SMALL = '{"source": "shop", "detail": {"price": 42}}'
POLICY = '{"price": [{"numeric": [">=", 100]}]}'


def _attrs(price: str) -> str:
    return json.dumps({"MessageAttributes": {"price": {"DataType": "Number", "StringValue": price}}})


def test_match_exits_0_and_explains(capsys) -> None:
    assert main(["pattern", "test", "--pattern", PATTERN, "--event", BIG]) == 0
    out = capsys.readouterr().out
    assert out.startswith("Match: the event satisfies all 2 conditions")
    assert "✓ detail.price: numeric >= 100 — got 420, match" in out


def test_no_match_exits_1_and_names_the_failing_field(capsys) -> None:
    assert main(["pattern", "test", "--pattern", PATTERN, "--event", SMALL]) == 1
    assert "✗ detail.price: numeric >= 100 — got 42, no match" in capsys.readouterr().out


def test_files_and_json_output(tmp_path: Path, capsys) -> None:
    (tmp_path / "p.json").write_text(PATTERN)
    (tmp_path / "e.json").write_text(SMALL)
    code = main(["pattern", "test", "--pattern", str(tmp_path / "p.json"),
                 "--event", str(tmp_path / "e.json"), "--json"])
    assert code == 1
    doc = json.loads(capsys.readouterr().out)
    assert doc["matched"] is False and doc["kind"] == "eventbridge"
    assert [r["path"] for r in doc["reasons"] if not r["matched"]] == ["detail.price"]


@pytest.mark.parametrize(("price", "code"), [("420", 0), ("42", 1)])
def test_sns_message_attributes(price: str, code: int, capsys) -> None:
    assert main(["pattern", "test", "--kind", "sns", "--pattern", POLICY,
                 "--event", _attrs(price)]) == code
    assert "price: numeric >= 100" in capsys.readouterr().out


def test_sns_message_body_scope(capsys) -> None:
    args = ["pattern", "test", "--kind", "sns", "--scope", "MessageBody",
            "--pattern", '{"size": ["L"]}']
    assert main([*args, "--event", '{"size": "L"}']) == 0
    assert main([*args, "--event", "size=L"]) == 1
    assert "not a JSON object" in capsys.readouterr().out


@pytest.mark.parametrize(("argv", "message"), [
    (["--pattern", '{"source": [', "--event", BIG], "pattern: the event pattern is not valid JSON"),
    (["--pattern", '{"detail": {"price": [{"between": [1, 2]}]}}', "--event", BIG],
     'pattern: detail.price: unknown operator "between"'),
    (["--pattern", '{"detail": {"price": [{"numeric": [">", 10, "<", 5]}]}}', "--event", BIG],
     "pattern: detail.price: numeric range lower bound 10 is above upper bound 5"),
    (["--pattern", PATTERN, "--event", "{not json"], "event: the event is not valid JSON"),
    (["--pattern", PATTERN, "--event", "missing-file.json"], "--event: 'missing-file.json' is neither"),
    (["--kind", "sns", "--pattern", json.dumps({k: ["x"] for k in "abcdef"}), "--event", _attrs("1")],
     "filter policy: the filter policy uses 6 keys; SNS allows at most 5"),
    (["--kind", "sns", "--pattern", POLICY, "--event", '{"price": 1}'], "--event: unexpected key 'price'"),
])
def test_invalid_input_exits_2_with_one_line(argv: list[str], message: str, capsys) -> None:
    assert main(["pattern", "test", *argv]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1
    assert message in err


def test_a_crash_exits_3_with_one_line_never_a_verdict(monkeypatch, capsys) -> None:
    import playground.patterns

    def broken(*args: object) -> None:
        raise RecursionError("maximum recursion depth exceeded\nwhile matching")

    monkeypatch.setattr(playground.patterns, "match_event_pattern", broken)
    assert main(["pattern", "test", "--pattern", PATTERN, "--event", BIG]) == 3
    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err.count("\n") == 1
    assert captured.err.startswith("playground: internal error (exit 3, not an answer): RecursionError: ")


def test_lone_surrogates_print_as_escapes(capsys) -> None:
    assert main(["pattern", "test", "--pattern", '{"k\\ud800": ["\\udc00"]}',
                 "--event", '{"k\\ud800": "\\ud800"}']) == 1
    assert '✗ k\\ud800: one of "\\udc00" — got "\\ud800", no match' in capsys.readouterr().out


def test_deep_input_is_invalid_input(capsys) -> None:
    deep = '{"a":' * 1000 + "[1]" + "}" * 1000
    assert main(["pattern", "test", "--pattern", deep, "--event", BIG]) == 2
    assert "nested more than 100 levels deep" in capsys.readouterr().err
    assert main(["pattern", "test", "--kind", "sns", "--pattern", POLICY, "--event", deep]) == 2
    assert "--event: the JSON is nested more than 100 levels deep" in capsys.readouterr().err


def test_help_documents_every_exit_code(capsys) -> None:
    with pytest.raises(SystemExit):
        main(["pattern", "test", "--help"])
    out = capsys.readouterr().out
    for line in ("0  match", "1  no match", "2  invalid input", "3  internal error"):
        assert line in out
