"""Run `playground asl ...` in this process, its output through strict UTF-8 streams (as a
terminal's would be: a lone surrogate cannot be written to them)."""

from __future__ import annotations

import io
from contextlib import redirect_stderr, redirect_stdout

from playground.cli.main import main


def run_asl(*argv: str) -> tuple[int, str, str]:
    """Exit code, stdout and stderr of `playground asl ARGV`."""
    out = io.TextIOWrapper(io.BytesIO(), encoding="utf-8", errors="strict", newline="\n")
    err = io.TextIOWrapper(io.BytesIO(), encoding="utf-8", errors="strict", newline="\n")
    with redirect_stdout(out), redirect_stderr(err):
        code = main(["asl", *argv])
    out.flush()
    err.flush()
    return (code, out.buffer.getvalue().decode("utf-8"),
            err.buffer.getvalue().decode("utf-8"))
