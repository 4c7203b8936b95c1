"""Run `playground serve` as a user does (its own process), and look at its process tree."""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import psutil

ROOT = Path(__file__).resolve().parents[2]
EMULATOR_MODULE = "playground.targets._emulator_child"


def serve_env() -> dict[str, str]:
    env = dict(os.environ)
    env.pop("CI", None)  # not read by serve; keeps the tabs' environment plain
    env.setdefault("PYTHONUNBUFFERED", "1")
    return env


def start_serve(*args: str, timeout: float = 60.0) -> tuple[subprocess.Popen[str], list[str]]:
    """`playground serve ARGS` in its own session; returns once it prints its URL (the emulator
    is up by then), with the lines it printed."""
    proc = subprocess.Popen([sys.executable, "-m", "playground", "serve", *args], cwd=ROOT,
                            env=serve_env(), stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                            text=True, start_new_session=True)
    lines: list[str] = []
    deadline = time.monotonic() + timeout
    assert proc.stdout is not None
    while time.monotonic() < deadline:
        line = proc.stdout.readline()
        if not line:
            break
        lines.append(line.rstrip("\n"))
        if line.startswith("Ctrl+C stops it"):
            # keep reading, so serve never blocks on a full pipe (tabs' stderr comes here too)
            threading.Thread(target=_drain, args=(proc, lines), daemon=True).start()
            return proc, lines
    stop(proc)
    raise AssertionError("serve did not start:\n" + "\n".join(lines))


def _drain(proc: subprocess.Popen[str], lines: list[str]) -> None:
    assert proc.stdout is not None
    for line in proc.stdout:
        lines.append(line.rstrip("\n"))


def stop(proc: subprocess.Popen[str], sig: int = signal.SIGTERM, timeout: float = 30.0) -> int:
    """Signal serve and wait for it; kill its whole session if it does not end."""
    if proc.poll() is None:
        with contextlib.suppress(ProcessLookupError):
            os.kill(proc.pid, sig)
        try:
            proc.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(proc.pid, signal.SIGKILL)
            proc.wait(timeout=10)
    return int(proc.returncode)


def descendants(pid: int) -> list[psutil.Process]:
    with contextlib.suppress(psutil.NoSuchProcess):
        return [p for p in psutil.Process(pid).children(recursive=True) if alive(p)]
    return []


def alive(p: psutil.Process) -> bool:
    try:
        return p.is_running() and p.status() != psutil.STATUS_ZOMBIE
    except psutil.NoSuchProcess:
        return False


def is_emulator(p: psutil.Process) -> bool:
    with contextlib.suppress(psutil.Error):
        return EMULATOR_MODULE in p.cmdline()
    return False


def is_tab_app(p: psutil.Process) -> bool:
    with contextlib.suppress(psutil.Error):
        cmd = p.cmdline()
        return cmd[1:3] == ["-m", "playground"] and "serve" not in cmd
    return False


def wait_until(condition, what: str, timeout: float = 60.0) -> None:  # type: ignore[no-untyped-def]
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.1)
    raise AssertionError(f"gave up waiting: {what}")


def emulator_url(lines: list[str]) -> str:
    for line in lines:
        if "all use one emulator at " in line:
            return line.rsplit(" ", 1)[1]
    raise AssertionError("serve did not say where its emulator is:\n" + "\n".join(lines))


@contextlib.contextmanager
def served(*args: str) -> Iterator[tuple[subprocess.Popen[str], list[str]]]:
    proc, lines = start_serve(*args)
    try:
        yield proc, lines
    finally:
        stop(proc)
