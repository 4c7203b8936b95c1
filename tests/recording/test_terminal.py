"""`playground demo FILE --exit` in a real terminal: a hand-written recording replays."""

from __future__ import annotations

import json
import os
import pty
import select
import subprocess
import sys
import time
from pathlib import Path

from playground import __version__

STAGE = "\n".join([
    json.dumps({"format": "playground-recording", "version": 1, "app_version": __version__,
                "size": [120, 40], "target": "embedded"}),
    '{"t": 0.2, "key": "enter"}',
    '{"t": 0.4, "screen": "SqsWorkbench"}',
    '{"t": 0.6, "key": "n"}',
    '{"t": 0.7, "screen": "CreateQueueDialog"}',
    *(json.dumps({"t": 0.8, "key": k}) for k in ["s", "t", "a", "g", "e", "minus", "q"]),
    '{"t": 1.0, "key": "ctrl+s"}',
    '{"t": 1.1, "call": {"service": "sqs", "operation": "CreateQueue", "params": '
    '{"QueueName": "stage-q", "tags": {"playground:managed": "true"}}}}',
    '{"t": 1.1, "screen": "SqsWorkbench"}',
]) + "\n"


def run_in_terminal(args: list[str], tmp_path: Path, timeout: float = 90) -> tuple[int, str]:
    master, slave = pty.openpty()
    env = dict(os.environ, TERM="xterm-256color", COLUMNS="120", LINES="40", TMPDIR=str(tmp_path))
    proc = subprocess.Popen([sys.executable, "-m", "playground", *args], stdin=slave,
                            stdout=slave, stderr=slave, env=env, start_new_session=True)
    os.close(slave)
    out = b""
    deadline = time.monotonic() + timeout
    try:
        while proc.poll() is None and time.monotonic() < deadline:
            if select.select([master], [], [], 0.1)[0]:
                try:
                    out += os.read(master, 65536)
                except OSError:
                    break
        code = proc.wait(timeout=max(1.0, deadline - time.monotonic()))
    finally:
        if proc.poll() is None:
            proc.kill()
        os.close(master)
    return code, out.decode("utf-8", "replace")


def test_a_hand_written_recording_replays_and_quits_with_exit(tmp_path: Path) -> None:
    path = tmp_path / "stage.jsonl"
    path.write_text(STAGE)
    code, out = run_in_terminal(["demo", str(path), "--exit"], tmp_path)
    assert f"playground: replayed 10 inputs from {path}; the calls were those recorded" in out
    assert code == 0
    assert not list(tmp_path.glob("playground-emulator-*"))  # its emulator stopped and cleaned


def test_a_replay_that_makes_other_calls_says_which(tmp_path: Path) -> None:
    path = tmp_path / "stage.jsonl"
    path.write_text(STAGE.replace('"QueueName": "stage-q"', '"QueueName": "stage-x"'))
    code, out = run_in_terminal(["replay", str(path), "--exit", "--fast"], tmp_path)
    assert f"playground: {path}: the replay differs from the recording:" in out
    assert 'call 1: recorded sqs CreateQueue {"QueueName": "stage-x"' in out
    assert 'replayed sqs CreateQueue {"QueueName": "stage-q"' in out
    assert code == 1
