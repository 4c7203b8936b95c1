"""Read-only means nothing that changes the target is sent, by anyone: proved on the wire."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from playground.targets.endpoint import EndpointTarget
from playground.targets.errors import ReadOnlyViolation
from playground.ui.lab.screen import LabScreen
from playground.ui.workbenches import WORKBENCHES
from tests.counting_proxy import CountingProxy
from tests.ui.helpers import make_app, settle


@pytest.fixture
def proxy(target) -> Iterator[CountingProxy]:  # type: ignore[no-untyped-def]
    # Something to look at, so the workbenches have rows to select and inspect.
    from playground.aws.sqs.service import SqsService

    SqsService(target).create_queue("already-there")
    counting = CountingProxy(target.endpoint_url).start()
    try:
        yield counting
    finally:
        counting.stop()


def _read_only_target(url: str) -> EndpointTarget:
    watched = EndpointTarget(url, read_only=True)
    watched.start()
    return watched


async def test_workbenches_and_labs_send_no_write_in_read_only_mode(proxy: CountingProxy) -> None:
    from playground.lab.catalog import load_catalog

    watched = _read_only_target(proxy.url)
    app = make_app(watched)
    async with app.run_test(size=(160, 48)) as pilot:
        await settle(pilot)
        for bench in WORKBENCHES:
            app.open_service(bench.key)
            await settle(pilot)
            await pilot.press("escape")
            await settle(pilot)
        for lab in load_catalog().labs:
            app.push_screen(LabScreen(lab.id))
            await settle(pilot)
            await pilot.press("escape")
            await settle(pilot)
    assert len(proxy.operations) > 20, proxy.operations  # it really looked
    assert proxy.writes == []


def test_parity_and_doctor_send_no_write_in_read_only_mode(proxy: CountingProxy,
                                                         capsys: pytest.CaptureFixture[str]) -> None:
    from playground.cli.main import main

    assert main(["--endpoint-url", proxy.url, "--read-only", "parity"]) == 2
    assert "read-only" in capsys.readouterr().err
    assert main(["--endpoint-url", proxy.url, "--read-only", "doctor"]) in (0, 1)
    assert "not probed (read-only)" in capsys.readouterr().out
    assert proxy.operations, "doctor looked at the target"
    assert proxy.writes == []


def test_reset_is_refused_in_read_only_mode(target) -> None:  # type: ignore[no-untyped-def]
    from playground.aws.sqs.service import SqsService

    SqsService(target).create_queue("kept")
    target.read_only = True
    with pytest.raises(ReadOnlyViolation):
        target.reset()
    target.read_only = False
    assert [q.name for q in SqsService(target).list_queues()] == ["kept"]


def test_a_quiet_twin_of_a_read_only_target_cannot_write(target) -> None:  # type: ignore[no-untyped-def]
    from playground.targets.quiet import QuietTarget

    twin = QuietTarget(target, writes=True)
    target.read_only = True  # switched on after the twin was made, as the palette can
    with pytest.raises(ReadOnlyViolation):
        twin.client("sqs").create_queue(QueueName="sneaky")
    target.read_only = False
    assert twin.client("sqs").list_queues().get("QueueUrls", []) == []
