"""On a real account the workbenches' refresh loops stay cheap, proved on the wire: a target
flagged as a real account (pointed at the emulator through a counting proxy, never AWS) with
20 queues, 5 streams and 5 state machines, the SQS, Kinesis and Step Functions workbenches open
at once, sends at most one call a second in total; the emulator keeps its fast refresh."""

from __future__ import annotations

import time
from collections.abc import Iterator
from typing import Any, ClassVar

import pytest

from playground.aws.kinesis.service import KinesisService
from playground.aws.sqs.service import SqsService
from playground.aws.stepfunctions.service import StepFunctionsService
from playground.targets.endpoint import EndpointTarget
from playground.targets.pacing import BUDGET_PER_S
from playground.ui.shell.target_header import TargetHeader
from tests.counting_proxy import CountingProxy
from tests.ui.helpers import make_app, settle, wait_for

WINDOW_S = 6.0


class RealAccount(EndpointTarget):
    """The real-account code path (budget, back-off), offline."""

    is_real: ClassVar[bool] = True


@pytest.fixture
def account(target: Any) -> Iterator[CountingProxy]:
    sqs, kinesis, sfn = SqsService(target), KinesisService(target), StepFunctionsService(target)
    for i in range(20):
        sqs.create_queue(f"orders-{i:02}")
    for i in range(5):
        kinesis.create_stream(f"clicks-{i}", 2)
        sfn.create_state_machine(f"flow-{i}", {"StartAt": "Done",
                                               "States": {"Done": {"Type": "Succeed"}}})
    proxy = CountingProxy(target.endpoint_url).start()
    try:
        yield proxy
    finally:
        proxy.stop()


async def _open_all(app: Any, pilot: Any) -> None:
    for key in ("sqs", "kinesis", "stepfunctions"):
        app.open_service(key)
        await settle(pilot)


def _calls_since(proxy: CountingProxy, start: float) -> int:
    return sum(1 for when, _ in proxy.calls if when >= start)


async def test_a_real_account_is_polled_at_most_once_a_second_in_total(
        account: CountingProxy) -> None:
    real = RealAccount(account.url)
    real.start()
    app = make_app(real)
    async with app.run_test(size=(160, 48)) as pilot:
        await settle(pilot)
        start = time.monotonic()
        await _open_all(app, pilot)
        await pilot.pause(WINDOW_S - (time.monotonic() - start))
        elapsed = time.monotonic() - start
        calls = _calls_since(account, start)
        # Slots BUDGET_PER_S a second from the first: in `elapsed` seconds at most that many
        # plus one (a slower machine makes fewer; the bound cannot be passed however slow or
        # fast), and never more than one a second.
        assert 3 <= calls <= int(elapsed * BUDGET_PER_S) + 1 <= elapsed, (
            calls, elapsed, account.operations[-20:])
        await wait_for(pilot, lambda: "polls" in str(app.screen.query_one(TargetHeader).render()),
                       what="the header's polling rate")
        assert "/s" in str(app.screen.query_one(TargetHeader).render())


async def test_the_emulator_keeps_its_fast_refresh(account: CountingProxy) -> None:
    local = EndpointTarget(account.url)
    local.start()
    app = make_app(local)
    async with app.run_test(size=(160, 48)) as pilot:
        await settle(pilot)
        start = time.monotonic()
        await _open_all(app, pilot)
        # The SQS list alone is 1 + 20 calls a round: more than the real budget would allow.
        await wait_for(pilot, lambda: _calls_since(account, start) >= 30, timeout=120,
                       what="30 calls")
        assert _calls_since(account, start) > time.monotonic() - start + 1
        assert "polls" not in str(app.screen.query_one(TargetHeader).render())
