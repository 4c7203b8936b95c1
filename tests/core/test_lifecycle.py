"""The embedded emulator never outlives the app: quit, SIGTERM and SIGKILL."""

from __future__ import annotations

import os
import pty
import signal
import subprocess
import sys
import time
from pathlib import Path

import psutil
import pytest

pytestmark = pytest.mark.slow


def _emulators_of(pid: int) -> list[psutil.Process]:
    try:
        children = psutil.Process(pid).children(recursive=True)
    except psutil.NoSuchProcess:
        return []
    return [c for c in children if "_emulator_child" in " ".join(c.cmdline())]


def _launch_app(tmp_path: Path) -> tuple[subprocess.Popen[bytes], int, psutil.Process, Path]:
    """Start the real app in a pseudo-terminal and wait until its emulator answers."""
    master, slave = pty.openpty()
    env = dict(os.environ, TERM="xterm-256color", COLUMNS="120", LINES="40", TMPDIR=str(tmp_path))
    proc = subprocess.Popen([sys.executable, "-m", "playground"], stdin=slave, stdout=slave,
                            stderr=slave, env=env, start_new_session=True)
    os.close(slave)
    deadline = time.monotonic() + 30
    screen = b""
    while time.monotonic() < deadline:
        found = _emulators_of(proc.pid)
        workdirs = list(tmp_path.glob("playground-emulator-*"))
        screen += _drain(master)
        # The emulator boots before the UI: wait for the home screen too (its signal handlers and
        # terminal watch are set up when it mounts).
        if found and workdirs and (workdirs[0] / "emulator.log").exists() and b"Kinesis" in screen:
            return proc, master, found[0], workdirs[0]
        time.sleep(0.1)
    proc.kill()
    raise AssertionError("the app did not start its emulator")


def _drain(fd: int) -> bytes:
    """Read what the app wrote so far (a full pty would block it); returns it."""
    import select

    out = b""
    while select.select([fd], [], [], 0)[0]:
        try:
            chunk = os.read(fd, 65536)
        except OSError:
            return out
        if not chunk:
            return out
        out += chunk
    return out


def _wait_exit(app: subprocess.Popen[bytes], master: int, timeout: float = 20) -> int:
    """Wait for the app, reading its terminal meanwhile: a full pty would block its exit."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        _drain(master)
        code = app.poll()
        if code is not None:
            return code
        time.sleep(0.05)
    raise AssertionError("the app did not exit")


def _wait_gone(proc: psutil.Process, master: int, timeout: float = 15) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        _drain(master)
        if not proc.is_running() or proc.status() == psutil.STATUS_ZOMBIE:
            return True
        time.sleep(0.1)
    return False


@pytest.mark.parametrize("how", ["quit-key", "sigterm", "sigint", "sigkill"])
def test_no_orphan_emulator(tmp_path: Path, how: str) -> None:
    app, master, emulator, workdir = _launch_app(tmp_path)
    try:
        time.sleep(1.0)  # let the UI finish its first frames
        _drain(master)
        if how == "quit-key":
            os.write(master, b"q")
        elif how == "sigterm":
            app.send_signal(signal.SIGTERM)
        elif how == "sigint":
            app.send_signal(signal.SIGINT)
        else:
            app.send_signal(signal.SIGKILL)
        app_exit = _wait_exit(app, master)
        if how != "sigkill":
            assert app_exit == 0
        assert _wait_gone(emulator, master), f"emulator {emulator.pid} outlived the app ({how})"
        deadline = time.monotonic() + 5
        while workdir.exists() and time.monotonic() < deadline:
            time.sleep(0.1)
        assert not workdir.exists(), "the emulator's temp files were left behind"
    finally:
        if app.poll() is None:
            app.kill()
        if emulator.is_running():
            emulator.kill()
        os.close(master)


@pytest.mark.parametrize("delay", [0.0, 0.2, 0.35, 0.5])
def test_terminal_closed_while_quitting(tmp_path: Path, delay: float) -> None:
    """q, then the terminal goes away (a tmux kill-server, a closed window) while the app shuts
    down: the process must still end, and its emulator with it, within 2 s."""
    app, master, emulator, _ = _launch_app(tmp_path)
    try:
        time.sleep(1.0)  # let the UI finish its first frames
        _drain(master)
        os.write(master, b"q")
        time.sleep(delay)
        os.close(master)  # the terminal is gone: the app's tty hangs up
        master = -1
        closed = time.monotonic()
        while app.poll() is None and time.monotonic() - closed < 2.0:
            time.sleep(0.02)
        took = time.monotonic() - closed
        assert app.poll() is not None, f"the app was still running {took:.1f} s after its terminal closed"
        deadline = time.monotonic() + 5
        while emulator.is_running() and emulator.status() != psutil.STATUS_ZOMBIE \
                and time.monotonic() < deadline:
            time.sleep(0.05)
        assert not emulator.is_running() or emulator.status() == psutil.STATUS_ZOMBIE
    finally:
        if app.poll() is None:
            app.kill()
        if emulator.is_running():
            emulator.kill()
        if master >= 0:
            os.close(master)
