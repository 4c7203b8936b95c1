"""Loading recordings: a valid file reads back as written; anything else is one FILE:LINE line."""

from __future__ import annotations

import json
import string
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from playground.recording import (
    FORMAT,
    VERSION,
    CallEvent,
    KeyEvent,
    PasteEvent,
    RecordingError,
    RecordingWriter,
    ScreenEvent,
    load_recording,
    parse_recording,
)
from playground.recording.keys import is_key_name

HEADER = json.dumps({"format": FORMAT, "version": VERSION, "app_version": "0.1.0",
                     "size": [120, 40], "target": "embedded"})


def parse(*lines: str, labs: Any = None, app_version: str | None = None) -> Any:
    return parse_recording("\n".join(lines) + "\n", "talk.jsonl", labs=labs,
                           app_version=app_version)


def problem(*lines: str, **kw: Any) -> str:
    with pytest.raises(RecordingError) as caught:
        parse(*lines, **kw)
    return str(caught.value)


def test_what_the_writer_writes_reads_back(tmp_path: Path) -> None:
    ticks = iter([0.0, 0.5, 1.25, 2.0, 2.0, 3.5])
    path = tmp_path / "talk.jsonl"
    writer = RecordingWriter(path, app_version="0.1.0", size=(80, 24), target="aws",
                             clock=lambda: next(ticks))
    writer.key("n")
    writer.paste("orders\n{\"a\": \"ü\"}")
    writer.screen("LabScreen", lab="sqs-basics")
    writer.call("sqs", "CreateQueue", {"QueueName": "q", "SessionToken": "abc",
                                       "Body": b"\x00x"}, error="QueueAlreadyExists")
    writer.key("ctrl+s")
    writer.close()
    text = path.read_text()
    assert "abc" not in text and "****" in text  # secret-named fields never written
    rec = load_recording(path)
    assert rec.header.size == (80, 24) and rec.header.target == "aws"
    assert rec.events == [
        KeyEvent(0.5, 2, "n"),
        PasteEvent(1.25, 3, "orders\n{\"a\": \"ü\"}"),
        ScreenEvent(2.0, 4, "LabScreen", "sqs-basics"),
        CallEvent(2.0, 5, "sqs", "CreateQueue",
                  {"QueueName": "q", "SessionToken": "****", "Body": "\x00x"},
                  "QueueAlreadyExists"),
        KeyEvent(3.5, 6, "ctrl+s"),
    ]


def test_the_writer_never_overwrites_unless_asked(tmp_path: Path) -> None:
    path = tmp_path / "talk.jsonl"
    path.write_text("keep me")
    with pytest.raises(FileExistsError):
        RecordingWriter(path, app_version="0.1.0", size=(80, 24), target="embedded")
    assert path.read_text() == "keep me"
    RecordingWriter(path, app_version="0.1.0", size=(80, 24), target="embedded",
                    overwrite=True).close()
    assert load_recording(path).events == []


def test_each_line_is_on_disk_as_soon_as_it_is_written(tmp_path: Path) -> None:
    path = tmp_path / "talk.jsonl"
    writer = RecordingWriter(path, app_version="0.1.0", size=(80, 24), target="embedded")
    writer.key("q")  # not closed: a crash now keeps this
    assert [e.key for e in load_recording(path).events if isinstance(e, KeyEvent)] == ["q"]
    writer.close()


def test_the_key_that_quits_is_taken_back_when_it_was_the_last_line(tmp_path: Path) -> None:
    path = tmp_path / "talk.jsonl"
    writer = RecordingWriter(path, app_version="0.1.0", size=(80, 24), target="embedded")
    writer.key("a")
    writer.key("q")
    writer.drop_last_key()
    writer.drop_last_key()  # only the one just written
    writer.key("b")
    writer.call("sqs", "ListQueues", {})
    writer.drop_last_key()  # a call came after the key: nothing to take back
    writer.close()
    events = load_recording(path).events
    assert [getattr(e, "key", None) for e in events] == ["a", "b", None]


@pytest.mark.parametrize(("lines", "expected"), [
    ((), "talk.jsonl:1: empty: a recording starts with its header line"),
    (("not json",), "talk.jsonl:1: not JSON: Expecting value (column 1); a recording is JSON "
                    "Lines (docs/recording.md)"),
    (('{"format": "other"}',), "talk.jsonl:1: not a playground recording"),
    ((HEADER.replace('"version": 1', '"version": 2'),),
     "talk.jsonl:1: made in recording format version 2; this playground reads version 1"),
    ((HEADER.replace("[120, 40]", "[120]"),), 'talk.jsonl:1: "size" must be [columns, rows]'),
    ((HEADER.replace('"embedded"', '"mars"'),), 'talk.jsonl:1: "target" must be one of'),
    ((HEADER, '{"t": 1, "key": "a"}', "{oops"), "talk.jsonl:3: not JSON"),
    ((HEADER, '{"t": 1, "jump": "a"}'), 'talk.jsonl:2: an event has exactly one of "key"'),
    ((HEADER, '{"t": 1, "key": "a", "paste": "b"}'), "(this one has 2)"),
    ((HEADER, '{"t": "1", "key": "a"}'), 'talk.jsonl:2: "t" must be seconds since the start'),
    ((HEADER, '{"t": -1, "key": "a"}'), 'talk.jsonl:2: "t" must be seconds'),
    ((HEADER, '{"t": NaN, "key": "a"}'), "talk.jsonl:2: NaN is not a number JSON allows"),
    ((HEADER, '{"t": 2, "key": "a"}', "", '{"t": 1.5, "key": "b"}'),
     "talk.jsonl:4: time goes backwards (1.5 s after 2 s)"),
    ((HEADER, '{"t": 1, "key": "ctrl+spacebar"}'), 'talk.jsonl:2: unknown key name "ctrl+spacebar"'),
    ((HEADER, '{"t": 1, "key": 5}'), 'talk.jsonl:2: "key" must be a string, not a number'),
    ((HEADER, '{"t": 1, "key": "a", "why": 1}'), 'talk.jsonl:2: unknown field "why" in a key'),
    ((HEADER, '{"t": 1, "paste": ["a"]}'), '"paste" must be a string, not a list'),
    ((HEADER, '{"t": 1, "screen": "no such"}'), '"screen" must name a screen class'),
    ((HEADER, '{"t": 1, "call": {"service": "sqs"}}'), 'talk.jsonl:2: a call has no "operation"'),
    ((HEADER, '{"t": 1, "call": {"service": "sqs", "operation": "X", "params": []}}'),
     "\"params\" must be an object, not a list"),
    ((HEADER, '{"t": 1, "paste": "\\ud800"}'), "talk.jsonl:2: a string holds a lone surrogate"),
    ((HEADER, "[" * 5000), "talk.jsonl:2: not JSON this reader takes: nested too deep"),
    ((HEADER, '{"t": 1' + "0" * 5000 + ', "key": "a"}'), "talk.jsonl:2: not JSON this reader"),
])
def test_a_bad_line_is_named_with_its_file_and_line(lines: tuple[str, ...], expected: str) -> None:
    assert expected in problem(*lines)


def test_a_lab_that_does_not_exist_is_named() -> None:
    lines = (HEADER, '{"t": 1, "key": "enter"}', '{"t": 2, "screen": "LabScreen", "lab": "nope"}')
    assert problem(*lines, labs=["sqs-basics"]) == 'talk.jsonl:3: no lab "nope" in this playground'
    asked: list[int] = []
    assert parse(*lines, labs=lambda: asked.append(1) or ["nope"]).labs[0].lab == "nope"
    parse(HEADER, '{"t": 1, "key": "a"}', labs=lambda: asked.append(1) or [])
    assert asked == [1]  # listed only when a line names a lab


def test_another_version_of_the_playground_is_refused_unless_told() -> None:
    assert problem(HEADER, app_version="0.2.0").startswith(
        "talk.jsonl:1: recorded with playground 0.1.0, this is 0.2.0")
    assert parse(HEADER, app_version="0.1.0").events == []


def test_files_that_are_not_text_are_named(tmp_path: Path) -> None:
    binary = tmp_path / "b.jsonl"
    binary.write_bytes(HEADER.encode() + b"\n" + b'{"t": 1, "key": "\xff"}\n')
    with pytest.raises(RecordingError, match=r"b.jsonl:2: not UTF-8 text \(byte 0xff\)"):
        load_recording(binary)
    with pytest.raises(RecordingError, match=r"missing.jsonl: no such file$"):
        load_recording(tmp_path / "missing.jsonl")
    with pytest.raises(RecordingError, match=r": is a directory"):
        load_recording(tmp_path)


def test_a_byte_order_mark_from_an_editor_is_fine(tmp_path: Path) -> None:
    path = tmp_path / "edited.jsonl"
    path.write_bytes(b"\xef\xbb\xbf" + HEADER.encode() + b'\n{"t": 0, "key": "q"}\n')
    assert load_recording(path).events == [KeyEvent(0.0, 2, "q")]


def test_crlf_and_blank_lines_are_fine() -> None:
    rec = parse_recording(HEADER + "\r\n\r\n" + '{"t": 0, "key": "q"}\r\n', "x")
    assert rec.events == [KeyEvent(0.0, 3, "q")]


def test_key_names_are_textuals() -> None:
    from textual.keys import Keys, _character_to_key

    for key in Keys:
        if not key.value.startswith("<") and key.value != "ctrl-at":
            assert is_key_name(key.value), key.value
    for char in string.printable.strip() + "éß€✓":
        assert is_key_name(_character_to_key(char)), char
    for name in ("", " ", "ctrl+", "ctrl+ctrl+a", "spacebar", "Enter", "ctrl+shift+spacebar", "a b",
                 "esc", "null"):
        assert not is_key_name(name), name


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner,
                                                                max_size=4),
    max_leaves=12)
event_like = st.fixed_dictionaries(
    {"t": st.one_of(st.floats(-1, 10), st.integers(-1, 10), st.text(max_size=3))},
    optional={"key": st.one_of(st.sampled_from(["a", "enter", "ctrl+s", "nope", "+"]),
                               st.text(max_size=6)),
              "paste": json_values, "screen": json_values, "call": json_values,
              "lab": json_values, "extra": json_values})


def _outcome(text: str) -> None:
    try:
        rec = parse_recording(text, "f.jsonl")
    except RecordingError as exc:
        message = str(exc)
        assert message.startswith("f.jsonl:") and "\n" not in message
        assert 1 <= exc.line <= text.count("\n") + 1
    else:
        times = [e.t for e in rec.events]
        assert times == sorted(times)


@given(st.binary(max_size=300))
def test_any_bytes_are_a_recording_or_one_line_naming_where(data: bytes) -> None:
    import tempfile

    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "f.jsonl"
        path.write_bytes(data)
        try:
            load_recording(path)
        except RecordingError as exc:
            assert str(exc).startswith(f"{path}:") and "\n" not in str(exc)


@given(st.text())
def test_any_text_is_a_recording_or_one_line_naming_where(text: str) -> None:
    _outcome(text)


@given(st.lists(json_values | event_like, max_size=6))
def test_any_json_lines_are_a_recording_or_one_line_naming_where(values: list[Any]) -> None:
    _outcome("\n".join([HEADER, *(json.dumps(v) for v in values)]))


@given(json_values)
def test_any_json_header_is_read_or_named(value: Any) -> None:
    _outcome(json.dumps(value))
