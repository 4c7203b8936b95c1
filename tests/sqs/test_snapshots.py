"""What a learner sees in the SQS workbench, as SVG snapshots (fake clock, short ids only)."""

from __future__ import annotations

from typing import Any

from playground.aws.sqs.create import NEW_DLQ, QueueSpec, create_from_spec
from playground.aws.sqs.service import SqsService
from playground.ui.sqs.consumer import ConsumerPane
from playground.ui.sqs.dlq import DlqPane
from playground.ui.sqs.lanes import LanesPane
from playground.ui.sqs.queue_list import QueueTable
from playground.ui.sqs.screen import SqsWorkbench
from tests.sqs.helpers import visible_again
from tests.ui.helpers import FakeClock, make_app, wait_for

SIZE = (120, 40)


async def _open(pilot: Any, clock: FakeClock, queues: int) -> SqsWorkbench:
    app = pilot.app
    await wait_for(pilot, lambda: app.target is not None)
    screen = SqsWorkbench(clock=clock)
    app.push_screen(screen)
    await wait_for(pilot, lambda: screen.query_one(QueueTable).row_count == queues)
    return screen


def _counts(screen: SqsWorkbench, name: str) -> tuple[int, int, int]:
    q = next(q for q in screen.queues.values() if q.name == name)
    return q.visible, q.in_flight, q.delayed


def test_consumers_with_visibility_countdown(snap_compare: Any, target: Any,
                                            size: tuple[int, int] = SIZE) -> None:
    """Two consumers: #1 counting down, #2 deleted, #3 released and received again (rc 2)."""
    svc = SqsService(target)
    url = svc.create_queue("orders")
    for n in (1, 2, 3):
        svc.send(url, f'{{"order": {n}, "item": "book"}}')
    clock = FakeClock()

    async def run_before(pilot: Any) -> None:
        screen = await _open(pilot, clock, 1)
        await pilot.press("plus")
        one = screen.query_one("#consumer-1", ConsumerPane)
        for n in (1, 2, 3):
            await pilot.press("r")
            await wait_for(pilot, lambda n=n: len(one.deliveries) == n)
        table = one.query_one("DataTable")
        table.move_cursor(row=1)  # type: ignore[attr-defined]
        await pilot.press("d")
        await wait_for(pilot, lambda: one.deliveries[1].state.value == "deleted")
        table.move_cursor(row=2)  # type: ignore[attr-defined]
        await pilot.press("0")
        await wait_for(pilot, lambda: one.deliveries[2].state.value == "back in queue")
        clock.advance(12)
        await pilot.press("plus")
        two = screen.query_one("#consumer-2", ConsumerPane)
        await pilot.press("r")
        await wait_for(pilot, lambda: len(two.deliveries) == 1)
        table.move_cursor(row=0)  # type: ignore[attr-defined]
        one.tick()
        await wait_for(pilot, lambda: _counts(screen, "orders") == (0, 2, 0), what="counts")
        await pilot.pause(0.3)

    assert snap_compare(make_app(target), terminal_size=size, run_before=run_before)


def test_consumers_at_80x24(snap_compare: Any, target: Any) -> None:
    """The same at a speaker's 80x24 (#13): every pane there, numbered, the footer whole."""
    test_consumers_with_visibility_countdown(snap_compare, target, (80, 24))


def test_fifo_lanes_block_a_group_behind_its_head(snap_compare: Any, target: Any) -> None:
    svc = SqsService(target)
    url = svc.create_queue("jobs", fifo=True, attributes={"ContentBasedDeduplication": "true"})
    for group, body in [("a", "a1"), ("a", "a2"), ("b", "b1"), ("b", "b2"), ("c", "c1"),
                        ("a", "a3")]:
        svc.send(url, f'{{"job": "{body}"}}', group_id=f"group-{group}")
    clock = FakeClock()

    async def run_before(pilot: Any) -> None:
        screen = await _open(pilot, clock, 1)
        await pilot.press("6")
        lanes = screen.query_one(LanesPane)
        await wait_for(pilot, lambda: len(lanes.lanes) == 3)
        await pilot.press("r")
        await wait_for(pilot, lambda: lanes.lanes[0].blocked and lanes.lookup(
            lanes.lanes[0].messages[0].message_id) is not None)
        await wait_for(pilot, lambda: _counts(screen, "jobs.fifo") == (5, 1, 0), what="counts")
        await pilot.pause(0.6)

    assert snap_compare(make_app(target), terminal_size=SIZE, run_before=run_before)


def test_dead_letter_view_after_max_receive_count(snap_compare: Any, target: Any) -> None:
    svc = SqsService(target)
    url, _ = create_from_spec(svc, QueueSpec("orders", attributes={"VisibilityTimeout": "1"},
                                             dlq=NEW_DLQ, max_receive_count="2"))
    svc.send(url, '{"order": 1, "item": "poison"}')
    for _ in range(2):
        svc.receive(url)
        visible_again(svc, url)
    clock = FakeClock()

    async def run_before(pilot: Any) -> None:
        screen = await _open(pilot, clock, 2)
        table = screen.query_one(QueueTable)
        table.move_cursor(row=table.get_row_index(url))
        await pilot.press("5")
        pane = screen.query_one(DlqPane)
        source = pane.query_one("#dlq-source")
        await wait_for(pilot, lambda: source.row_count == 1)  # type: ignore[attr-defined]
        svc.receive(url)  # over maxReceiveCount: SQS moves it during this receive
        svc.send(url, '{"order": 2, "item": "book"}')
        events = pane.query_one("#dlq-events")
        await wait_for(pilot, lambda: "moved to orders-dlq" in str(events.render()))
        await wait_for(pilot, lambda: _counts(screen, "orders-dlq") == (1, 0, 0)
                       and _counts(screen, "orders") == (1, 0, 0), what="counts")
        await pilot.pause(1.2)

    assert snap_compare(make_app(target), terminal_size=SIZE, run_before=run_before)
