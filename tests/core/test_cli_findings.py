"""CLI answers a tester found wrong: output into a closed pipe, and ports out of range."""

from __future__ import annotations

import os
import subprocess
import sys
from typing import Any

import pytest


def test_output_into_a_closed_pipe_exits_quietly(emulator_target: Any) -> None:
    """`playground labs | head` ended in a BrokenPipeError traceback."""
    read_end, write_end = os.pipe()
    os.close(read_end)  # the reader is gone before the first line is written
    try:
        done = subprocess.run(
            [sys.executable, "-m", "playground", "labs", "--endpoint-url",
             emulator_target.endpoint_url],
            stdout=write_end, stderr=subprocess.PIPE, text=True, timeout=60)
    finally:
        os.close(write_end)
    assert done.returncode in (0, 141)
    assert "Traceback" not in done.stderr and "BrokenPipe" not in done.stderr
    assert "Exception ignored" not in done.stderr


@pytest.mark.parametrize("port", ["99999", "-1", "65536", "http"])
def test_emulator_port_out_of_range_is_one_line_and_exit_2(port: str) -> None:
    """99999 reached the socket and ended in OverflowError."""
    done = subprocess.run([sys.executable, "-m", "playground", "emulator", "--port", port],
                          capture_output=True, text=True, timeout=60)
    assert done.returncode == 2
    assert "Traceback" not in done.stderr
    assert done.stderr.strip().splitlines()[-1].startswith(
        "playground emulator: error: argument --port: ")
