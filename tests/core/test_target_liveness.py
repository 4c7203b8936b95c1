"""Target liveness without the UI: a killed emulator is seen by its probe and by calls, loops
park instead of failing every round, and doctor on a dead endpoint is one line."""

from __future__ import annotations

import os
import signal
import threading
import time
from collections.abc import Iterator

import pytest
from botocore.exceptions import EndpointConnectionError

from playground.cli.main import main
from playground.targets.aws import AwsTarget
from playground.targets.embedded import EmbeddedTarget
from playground.targets.endpoint import EndpointTarget
from playground.targets.liveness import Health, LoopBackoff, watch
from playground.targets.quiet import QuietTarget


@pytest.fixture
def doomed() -> Iterator[EmbeddedTarget]:
    """An emulator of this test's own, to kill."""
    target = EmbeddedTarget()
    target.start()
    try:
        yield target
    finally:
        target.stop()


def kill(target: EmbeddedTarget) -> None:
    assert target.emulator.process is not None
    os.kill(target.emulator.process.pid, signal.SIGKILL)
    target.emulator.process.wait(5)


def wait_until(predicate: object, timeout: float = 5.0) -> float:
    t0 = time.monotonic()
    while not predicate():  # type: ignore[operator]
        assert time.monotonic() - t0 < timeout, "timed out"
        time.sleep(0.01)
    return time.monotonic() - t0


def test_the_watch_reports_a_killed_emulator(doomed: EmbeddedTarget) -> None:
    assert doomed.check_alive() and doomed.watches_liveness
    reports = []
    stop = threading.Event()
    thread = threading.Thread(target=watch, args=(doomed, stop, reports.append), daemon=True)
    thread.start()
    try:
        kill(doomed)
        # How soon is a speed (WATCH_S, about a second), not a behaviour: under load it is
        # later, so the test only waits for it.
        wait_until(lambda: reports, timeout=30.0)
        # Caught between the kill and the reaping, it may first say "does not answer".
        wait_until(lambda: reports[-1].reason == "the emulator stopped (killed by SIGKILL)",
                   timeout=30.0)
    finally:
        stop.set()
        thread.join(2)
    assert not thread.is_alive(), "the watch ends when told to"
    assert not any(r.up for r in reports)


def test_a_call_to_a_dead_emulator_marks_it_down_before_it_raises(doomed: EmbeddedTarget) -> None:
    sqs = doomed.client("sqs")
    sqs.list_queues()
    kill(doomed)
    with pytest.raises(EndpointConnectionError):
        sqs.list_queues()
    health = doomed.liveness.health()
    assert not health.up and "killed by SIGKILL" in health.reason


def test_a_quiet_twin_shares_what_it_sees(doomed: EmbeddedTarget) -> None:
    twin = QuietTarget(doomed)
    assert twin.liveness is doomed.liveness
    kill(doomed)
    with pytest.raises(EndpointConnectionError):
        twin.client("sqs").list_queues()
    assert doomed.liveness.down


def test_a_loop_says_down_once_and_parks_until_stopped(doomed: EmbeddedTarget) -> None:
    kill(doomed)
    doomed.check_alive()
    said: list[str] = []
    stop = threading.Event()
    backoff = LoopBackoff(doomed, stop)

    def loop() -> None:
        while not stop.is_set():
            backoff.pause(said.append)

    thread = threading.Thread(target=loop, daemon=True)
    thread.start()
    wait_until(lambda: doomed.liveness.waiting == 1)
    assert said == ["embedded emulator is down: waiting until it answers again"]
    stop.set()
    thread.join(2)
    assert not thread.is_alive() and doomed.liveness.waiting == 0


def test_a_parked_loop_goes_on_once_the_target_is_back(doomed: EmbeddedTarget) -> None:
    doomed.liveness.mark_down("gone for a moment")
    stop = threading.Event()
    done = threading.Event()
    thread = threading.Thread(target=lambda: (doomed.wait_while_down(stop), done.set()),
                              daemon=True)
    thread.start()
    wait_until(lambda: doomed.liveness.waiting == 1)
    assert doomed.check_alive(), "it answers: the probe marks it up"
    assert done.wait(2)


def test_only_local_targets_are_watched() -> None:
    assert EndpointTarget("http://127.0.0.1:4566").watches_liveness
    assert EndpointTarget("http://localhost:4566").watches_liveness
    assert not EndpointTarget("https://sqs.example.com").watches_liveness
    assert not AwsTarget("nope", "us-east-1").watches_liveness, "never poll real AWS"


class CallsOnly(EndpointTarget):
    """A target whose liveness only calls tell, as for real AWS (but local, so no internet)."""

    @property
    def watches_liveness(self) -> bool:
        return False


def test_where_only_calls_tell_a_refused_call_marks_down_and_an_answer_up(
        doomed: EmbeddedTarget) -> None:
    target = CallsOnly(doomed.emulator.url)
    stop = threading.Event()
    try:
        target.client("sqs").list_queues()
        assert not target.liveness.down
        backoff_started = time.monotonic()
        doomed.emulator.stop()  # same effect as a dead endpoint, for a target that cannot probe
        with pytest.raises(EndpointConnectionError):
            target.client("sqs").list_queues()
        assert target.liveness.health().reason == f"no answer from {target.label}"
        assert target.check_alive() is False, "no probe: what the calls saw"
        target.wait_while_down(stop)  # returns after DOWN_RETRY_S: a loop tries again
        assert time.monotonic() - backoff_started >= 4.5
    finally:
        stop.set()


def test_an_unwatched_target_comes_back_up_on_an_answer(doomed: EmbeddedTarget) -> None:
    target = CallsOnly(doomed.emulator.url)
    target.liveness.mark_down("no answer from it")
    target.client("sqs").list_queues()
    assert not target.liveness.down


def test_the_probe_of_a_local_endpoint_is_a_connect(doomed: EmbeddedTarget) -> None:
    target = EndpointTarget(doomed.emulator.url)
    assert target.check_alive()
    url = doomed.emulator.url
    kill(doomed)
    assert not target.check_alive()
    assert target.liveness.health().reason == f"nothing answers at {url}"


@pytest.mark.parametrize("args", [[], ["--target", "localstack"]])
def test_doctor_on_a_dead_emulator_endpoint_is_one_line(doomed: EmbeddedTarget, args: list[str],
                                                        capsys: pytest.CaptureFixture[str]) -> None:
    url = doomed.emulator.url
    kill(doomed)
    assert main([*args, "--endpoint-url", url, "doctor"]) == 2
    captured = capsys.readouterr()
    assert "Traceback" not in captured.err + captured.out
    reasons = [line for line in captured.err.splitlines() if line.startswith("reachable")]
    assert len(reasons) == 1, captured.err
    assert reasons[0].startswith("reachable  no: ") and url in reasons[0]


def test_an_answer_cut_off_midway_is_a_connection_that_went_away() -> None:
    """An emulator killed while answering its health check cut the body short: http.client's
    IncompleteRead is not an OSError, escaped the probe and ended the app's watch (CI, under
    load). It is raised as ConnectionError, which every caller of http_json handles."""
    import socket

    from playground.targets.emulator import http_json

    server = socket.create_server(("127.0.0.1", 0))
    port = server.getsockname()[1]

    def answer_half() -> None:
        conn, _ = server.accept()
        with conn:
            conn.recv(65536)
            conn.sendall(b"HTTP/1.1 200 OK\r\nContent-Length: 2536\r\n\r\n{\"sta")

    thread = threading.Thread(target=answer_half, daemon=True)
    thread.start()
    try:
        with pytest.raises(ConnectionError, match="cut off"):
            http_json(f"http://127.0.0.1:{port}/health", timeout=5)
    finally:
        thread.join(5)
        server.close()


def test_the_watch_outlives_a_probe_that_raises(doomed: EmbeddedTarget,
                                                monkeypatch: pytest.MonkeyPatch) -> None:
    """Whatever a probe raises, the watch says the target is down and goes on watching: it
    sees the target answer again once the probe does."""
    calls = []

    def flaky() -> str | None:
        calls.append(1)
        if len(calls) == 1:
            raise RuntimeError("probe broke")
        return None

    monkeypatch.setattr(doomed, "probe_alive", flaky)
    reports: list[Health] = []
    stop = threading.Event()
    thread = threading.Thread(target=watch, args=(doomed, stop, reports.append), daemon=True)
    thread.start()
    try:
        wait_until(lambda: any(not r.up for r in reports), timeout=30.0)
        assert "the liveness probe failed: probe broke" in reports[0].reason
        wait_until(lambda: reports[-1].up, timeout=30.0)
    finally:
        stop.set()
        thread.join(5)
    assert not thread.is_alive()
