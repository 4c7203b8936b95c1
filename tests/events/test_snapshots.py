"""What a learner sees in the pattern sandbox: the verdict, a reason per field, the target's word."""

from __future__ import annotations

from typing import Any

from textual.widgets import Select

from playground.ui.events.pattern_sandbox import PatternSandbox
from playground.ui.events.screen import EventsWorkbench
from playground.ui.shell.app import PlaygroundApp
from tests.ui.helpers import QUIET, settle

SIZE = (120, 40)


def test_pattern_sandbox_no_match_with_reasons(snap_compare, target,
                                               size: tuple[int, int] = SIZE) -> None:
    async def run_before(pilot: Any) -> None:
        await settle(pilot)
        pilot.app.push_screen(EventsWorkbench(watch_wait=0, tab="sandbox"))
        await settle(pilot)
        box = pilot.app.screen.query_one(PatternSandbox)
        box.query_one("#sandbox-event-sample", Select).value = "order-cancelled"
        box.query_one("#sandbox-pattern-sample", Select).value = "or-alternatives"
        await settle(pilot, until=lambda: box.target_state == "agree" and box.result is not None
                     and not box.result.matched)

    assert snap_compare(PlaygroundApp(settings=QUIET, target=target), terminal_size=size,
                        run_before=run_before)


def test_pattern_sandbox_at_80x24(snap_compare, target) -> None:
    """The same at a speaker's 80x24 (#13)."""
    test_pattern_sandbox_no_match_with_reasons(snap_compare, target, (80, 24))
