"""The embedded emulator: a child process on 127.0.0.1 that never outlives the app.

The choice of emulator lives here and nowhere else. ministack won on measurement
(0.3-0.4 s to first call, 44 MB idle, input transformers, TestEventPattern, SFN activities
and a peek endpoint; see docs/emulator.md).
"""

from __future__ import annotations

import contextlib
import functools
import http.client
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from collections.abc import Callable
from importlib import metadata
from pathlib import Path
from typing import Any

from playground.targets.errors import TargetError

EMULATOR_NAME = "ministack"
EMULATOR_HOST = "127.0.0.1"
EMULATOR_ACCOUNT = "000000000000"
"""The account the emulator answers as: we set it, so the app need not ask STS at start."""
HEALTH_PATH = "/_ministack/health"
RESET_PATH = "/_ministack/reset"
PEEK_PATH = "/_ministack/sqs/messages"
DEFAULT_FOREGROUND_PORT = 4566
START_TIMEOUT_S = 20.0


@functools.cache
def emulator_version() -> str:
    """The installed package's version (read once: each header paint asks for it)."""
    try:
        return metadata.version(EMULATOR_NAME)
    except metadata.PackageNotFoundError:
        return "not installed"


def free_port(host: str = EMULATOR_HOST) -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind((host, 0))
        return int(s.getsockname()[1])


def port_in_use(port: int, host: str = EMULATOR_HOST) -> bool:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.settimeout(0.3)
        return s.connect_ex((host, port)) == 0


def emulator_env(port: int, workdir: Path) -> dict[str, str]:
    """Environment for ministack: loopback only, files in our temp dir, extras off."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("AWS_", "LOCALSTACK_"))}
    env.update(
        GATEWAY_PORT=str(port),
        BIND_HOST=EMULATOR_HOST,
        MINISTACK_HOST=EMULATOR_HOST,
        IOT_MTLS_ENABLED="0",
        SFTP_ENABLED="0",
        PERSIST_STATE="0",
        S3_PERSIST="0",
        LOG_LEVEL=os.environ.get("PLAYGROUND_EMULATOR_LOG_LEVEL", "WARNING"),
        TMPDIR=str(workdir),
        S3_DATA_DIR=str(workdir / "s3"),
        STATE_DIR=str(workdir / "state"),
        PLAYGROUND_EMULATOR_DIR=str(workdir),
        MINISTACK_ACCOUNT_ID=EMULATOR_ACCOUNT,
    )
    return env


def http_json(url: str, method: str = "GET", body: dict[str, Any] | None = None,
              timeout: float = 2.0) -> Any:
    data = json.dumps(body).encode() if body is not None else None
    req = urllib.request.Request(url, data=data, method=method,
                                 headers={"Content-Type": "application/json"})
    try:
        with urllib.request.urlopen(req, timeout=timeout) as resp:
            raw = resp.read()
    except http.client.HTTPException as exc:
        # A server killed mid-answer (IncompleteRead, BadStatusLine) is a connection that went
        # away, as callers understand it: raised as http.client's own, it escaped their
        # `except OSError` and ended the app's liveness watch (found under load in CI).
        raise ConnectionError(f"{url}: the answer was cut off ({exc!r})") from exc
    return json.loads(raw) if raw else None


class EmbeddedEmulator:
    """Starts, health-waits, resets and stops one emulator child process."""

    def __init__(self, port: int | None = None) -> None:
        self.requested_port = port
        self.port: int | None = None
        self.process: subprocess.Popen[bytes] | None = None
        self.workdir: Path | None = None
        self.started_in_s: float | None = None
        self._t0 = 0.0

    @property
    def url(self) -> str:
        if self.port is None:
            raise TargetError("the embedded emulator is not running")
        return f"http://{EMULATOR_HOST}:{self.port}"

    @property
    def running(self) -> bool:
        return self.process is not None and self.process.poll() is None

    def why_down(self, timeout: float = 2.0) -> str | None:
        """Why the emulator does not serve (it exited, or its health check gets no answer), or
        None when it answers; cheap enough to ask every second."""
        proc = self.process
        if proc is None or self.port is None:
            return "the emulator is not running"
        code = proc.poll()
        if code is not None:
            return f"the emulator stopped ({exit_words(code)})"
        try:
            http_json(self.url + HEALTH_PATH, timeout=timeout)
        except (urllib.error.URLError, OSError, ValueError):
            try:  # a process being killed closes its port a moment before it can be reaped
                code = proc.wait(timeout=0.5)
            except subprocess.TimeoutExpired:
                return "the emulator does not answer"
            return f"the emulator stopped ({exit_words(code)})"
        return None

    def launch(self) -> None:
        """Spawn the child without waiting, so it boots while the caller does other work."""
        if self.process is not None:
            return
        if self.requested_port is not None and port_in_use(self.requested_port):
            raise TargetError(
                f"port {self.requested_port} on {EMULATOR_HOST} is in use (another emulator or "
                "LocalStack?): pick another port or use that one with --endpoint-url"
            )
        port = self.requested_port or free_port()
        self.workdir = Path(tempfile.mkdtemp(prefix="playground-emulator-"))
        log = open(self.workdir / "emulator.log", "wb")  # noqa: SIM115 - the child owns it
        self._t0 = time.perf_counter()
        try:
            # stdin is a pipe the child watches: when this process dies, even by SIGKILL,
            # the pipe closes and the child exits. See playground.targets._emulator_child.
            self.process = subprocess.Popen(
                [sys.executable, "-m", "playground.targets._emulator_child"],
                stdin=subprocess.PIPE,
                stdout=log,
                stderr=subprocess.STDOUT,
                env=emulator_env(port, self.workdir),
                start_new_session=True,
            )
        finally:
            log.close()
        self.port = port

    def start(self, progress: Callable[[str], None] | None = None) -> str:
        """Launch (unless already launched) and wait until the emulator answers."""
        if self.running and self.started_in_s is not None:
            return self.url
        self.launch()
        if progress:
            progress(f"starting {EMULATOR_NAME} on {EMULATOR_HOST}:{self.port}")
        try:
            self._wait_healthy(progress)
        except TargetError:
            self.stop()
            raise
        self.started_in_s = time.perf_counter() - self._t0
        return self.url

    def _wait_healthy(self, progress: Callable[[str], None] | None) -> None:
        deadline = time.monotonic() + START_TIMEOUT_S
        waited = 0
        while time.monotonic() < deadline:
            if self.process is not None and self.process.poll() is not None:
                raise TargetError(f"the embedded emulator exited while starting: {self._log_tail()}")
            try:
                http_json(self.url + HEALTH_PATH, timeout=0.5)
                return
            except (urllib.error.URLError, OSError, ValueError):
                time.sleep(0.05)
                waited += 1
                if progress and waited % 20 == 0:
                    progress(f"waiting for {EMULATOR_NAME} to answer")
        raise TargetError(f"the embedded emulator did not answer within {START_TIMEOUT_S:.0f} s")

    def _log_tail(self) -> str:
        if self.workdir is None:
            return "no log"
        try:
            lines = (self.workdir / "emulator.log").read_text(errors="replace").strip().splitlines()
        except OSError:
            return "no log"
        meaningful = [ln.strip() for ln in lines if ln.strip()]
        return meaningful[-1][:300] if meaningful else "no output"

    def reset(self) -> None:
        try:
            http_json(self.url + RESET_PATH, method="POST", body={}, timeout=10)
        except (urllib.error.URLError, OSError) as exc:
            raise TargetError(f"could not reset the embedded emulator: {exc}") from exc

    def peek(self, queue_url: str) -> list[dict[str, Any]]:
        from urllib.parse import urlencode

        try:
            data = http_json(f"{self.url}{PEEK_PATH}?{urlencode({'QueueUrl': queue_url})}")
        except (urllib.error.URLError, OSError, ValueError) as exc:
            raise TargetError(f"could not peek at {queue_url}: {exc}") from exc
        return _flatten_peek(data)

    def stop(self) -> None:
        proc, self.process = self.process, None
        self.started_in_s = None
        if proc is not None and proc.poll() is None:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(proc.pid, signal.SIGTERM)
            try:
                proc.wait(timeout=3)
            except subprocess.TimeoutExpired:
                with contextlib.suppress(ProcessLookupError):
                    os.killpg(proc.pid, signal.SIGKILL)
                proc.wait(timeout=3)
        if proc is not None and proc.stdin is not None:
            with contextlib.suppress(OSError):
                proc.stdin.close()
        if self.workdir is not None:
            shutil.rmtree(self.workdir, ignore_errors=True)
            self.workdir = None


def exit_words(code: int) -> str:
    """A process's exit status as a person says it: killed by SIGKILL, exit code 1."""
    if code < 0:
        try:
            return f"killed by {signal.Signals(-code).name}"
        except ValueError:
            return f"killed by signal {-code}"
    return f"exit code {code}"


def _flatten_peek(data: Any) -> list[dict[str, Any]]:
    """ministack groups peeked messages by account and region; callers want a list."""
    found: list[dict[str, Any]] = []

    def walk(node: Any) -> None:
        if isinstance(node, list):
            for item in node:
                if isinstance(item, dict) and ("MessageId" in item or "Body" in item
                                               or "message_id" in item or "body" in item):
                    found.append(item)
                else:
                    walk(item)
        elif isinstance(node, dict):
            for value in node.values():
                walk(value)

    walk(data)
    return found


def run_foreground(port: int = DEFAULT_FOREGROUND_PORT) -> int:
    """`playground emulator`: serve until Ctrl+C, so the aws CLI and other tools can share it."""
    emulator = EmbeddedEmulator(port)
    emulator.start(lambda line: print(f"… {line}", file=sys.stderr))
    print(f"{EMULATOR_NAME} {emulator_version()} listening on {emulator.url}")
    print(f"  aws --endpoint-url {emulator.url} sqs list-queues")
    print(f"  playground --endpoint-url {emulator.url} doctor")
    print("Ctrl+C stops it.", flush=True)
    stop = {"now": False}

    def on_term(*_: Any) -> None:
        stop["now"] = True

    signal.signal(signal.SIGTERM, on_term)
    try:
        while not stop["now"] and emulator.running:
            time.sleep(0.2)
    except KeyboardInterrupt:
        pass
    finally:
        crashed = not emulator.running
        emulator.stop()
    if crashed and not stop["now"]:
        print("the emulator stopped unexpectedly", file=sys.stderr)
        return 1
    return 0
