"""Pilot tests of the app shell: home, header, palette, call log, target switching."""

from __future__ import annotations

import re

from textual.widgets import DataTable, Static

from playground.aws.sqs.service import SqsService
from playground.targets import TargetKind
from playground.ui.shell.app import PlaygroundApp
from playground.ui.shell.call_log import CallLogPane
from playground.ui.shell.help import HelpScreen
from playground.ui.shell.home import HomeScreen
from playground.ui.shell.target_header import TargetHeader
from tests.ui.helpers import QUIET, Notices, settle, wait_for


async def test_app_starts_its_own_emulator_and_stops_it_on_quit() -> None:
    app = PlaygroundApp(settings=QUIET)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot, until=lambda: app.target is not None)
        target = app.target
        assert target is not None and target.kind is TargetKind.EMBEDDED
        header = app.screen.query_one(TargetHeader)
        assert header.state == "ready"
        assert "embedded emulator" in str(header.render())
        assert isinstance(app.screen, HomeScreen)
        emulator = target.emulator  # type: ignore[attr-defined]
        assert emulator.running
        await pilot.press("q")
    assert not emulator.running


async def test_calls_from_a_screen_show_in_the_call_log(target) -> None:
    SqsService(target).create_queue("visible-in-log")
    target.recorder.clear()
    app = PlaygroundApp(settings=QUIET, target=target)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        app.open_service("sqs")  # the SQS workbench lists queues as it opens
        await wait_for(pilot, lambda: any(r.operation == "ListQueues"
                                          for r in target.recorder.records), what="ListQueues")
        await pilot.press("l", "h")  # the workbench's listing is a background refresh: h shows it
        await wait_for(pilot, lambda: app.screen.query_one(CallLogPane).selected is not None,
                       what="a call selected in the log")
        pane = app.screen.query_one(CallLogPane)
        assert pane.display, (app.screen, app.focused, app.call_log_visible)
        assert "ListQueues" in operations_shown(pane)
        assert pane.selected is not None
        await pilot.press("c")
        await wait_for(pilot, lambda: bool(app.clipboard), what="clipboard")
        assert app.clipboard.startswith("AWS_ACCESS_KEY_ID=test AWS_SECRET_ACCESS_KEY=test aws ")


async def test_switch_target_from_the_palette(target) -> None:
    app = PlaygroundApp(settings=QUIET, target=target)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("ctrl+p")
        await pilot.press(*"target: use endpoint")
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        await pilot.press(*target.endpoint_url, "enter")
        await settle(pilot, until=lambda: app.target is not None and app.target is not target)
        assert app.target is not None and app.target.kind is TargetKind.ENDPOINT
        assert "endpoint 127.0.0.1" in str(app.screen.query_one(TargetHeader).render())


async def test_unreachable_target_leaves_the_current_one_and_says_why(target) -> None:
    app = PlaygroundApp(settings=QUIET, target=target)
    notices = Notices()
    async with app.run_test(size=(120, 40), message_hook=notices) as pilot:
        await settle(pilot)
        app.switch_target(app.spec.with_(kind=TargetKind.ENDPOINT, endpoint_url="http://127.0.0.1:9"))
        await settle(pilot, until=lambda: bool(notices))
        assert app.target is target
        assert any("nothing answers at http://127.0.0.1:9" in m for m in notices.messages)


async def test_read_only_write_becomes_a_notice(target) -> None:
    app = PlaygroundApp(settings=QUIET, target=target)
    notices = Notices()
    async with app.run_test(size=(120, 40), message_hook=notices) as pilot:
        await settle(pilot)
        app.toggle_read_only()
        app.run_worker(lambda: SqsService(target).create_queue("x"), thread=True,
                       exit_on_error=False)

        def refused() -> bool:
            return any("read-only mode: CreateQueue" in m for m in notices.messages)

        await settle(pilot, until=refused)
        assert refused()
        assert "READ-ONLY" in str(app.screen.query_one(TargetHeader).render())
        app.toggle_read_only()


def operations_shown(pane: CallLogPane) -> list[str]:
    """The operation column of the call log, as the user reads it."""
    return [str(cell) for cell in pane.query_one(DataTable).get_column("operation")]


def _help_lines(app: PlaygroundApp) -> list[str]:
    """The help as the user reads it, one line per key."""
    return str(app.screen.query_one("#help-keys", Static).render()).splitlines()


def _line_of(lines: list[str], binding_id: str) -> list[str]:
    """The line that names `binding_id`, as [keys, description, id]."""
    found = [line for line in lines if line.endswith(" " + binding_id)]
    assert len(found) == 1, (binding_id, lines)
    return re.split(r"\s{2,}", found[0].strip())


async def test_help_lists_keys_by_section(target) -> None:
    app = PlaygroundApp(settings=QUIET, target=target)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("question_mark")
        await wait_for(pilot, lambda: isinstance(app.screen, HelpScreen), what="help")
        lines = _help_lines(app)
        assert "Everywhere" in lines and "Call log (when focused)" in lines
        assert _line_of(lines, "app.quit") == ["q", "Quit", "app.quit"]
        assert _line_of(lines, "app.toggle-call-log")[0] == "l"
        assert _line_of(lines, "app.help")[0] == "?"


async def test_help_shows_the_keys_of_the_keymap(target) -> None:
    from playground.config import Settings, UiSettings

    settings = Settings(ui=UiSettings(clock=False, animations=False),
                        keymap={"app.toggle-call-log": "ctrl+l", "call-log.copy-cli": "y"})
    app = PlaygroundApp(settings=settings, target=target)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("f1")
        await wait_for(pilot, lambda: isinstance(app.screen, HelpScreen), what="help")
        lines = _help_lines(app)
        assert _line_of(lines, "app.toggle-call-log")[0] == "ctrl+l"
        assert _line_of(lines, "call-log.copy-cli")[0] == "y"  # the log is not focused yet
        assert not [line for line in lines if line.split()[:1] == ["l"]]
        await pilot.press("escape", "ctrl+l")  # the key help showed is the one that works
        await wait_for(pilot, lambda: app.screen.query_one(CallLogPane).display, what="call log")
        await pilot.press("f1")
        await wait_for(pilot, lambda: isinstance(app.screen, HelpScreen), what="help again")
        lines = _help_lines(app)
        assert "Call log" in lines and "Call log (when focused)" not in lines
        assert _line_of(lines, "call-log.copy-cli")[0] == "y"


async def test_keys_can_be_remapped_by_id(target) -> None:
    from playground.config import Settings, UiSettings

    settings = Settings(ui=UiSettings(clock=False, animations=False),
                        keymap={"app.toggle-call-log": "ctrl+o"})
    app = PlaygroundApp(settings=settings, target=target)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("ctrl+o")
        await settle(pilot)
        assert app.screen.query_one(CallLogPane).display


async def test_background_refreshes_are_hidden_until_asked_for(target) -> None:
    sqs = SqsService(target)
    with target.recorder.background():
        sqs.list_queue_urls()
    sqs.create_queue("learner-made")
    app = PlaygroundApp(settings=QUIET, target=target)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("l")
        await settle(pilot)
        pane = app.screen.query_one(CallLogPane)
        shown = operations_shown(pane)
        assert "CreateQueue" in shown and "ListQueues" not in shown
        await pilot.press("h")
        await settle(pilot)
        assert "ListQueues" in operations_shown(pane)


async def test_a_lab_opens_from_the_home_screen(target) -> None:
    from playground.ui.lab.screen import LabScreen

    app = PlaygroundApp(settings=QUIET, target=target)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("tab", "enter")
        await settle(pilot)
        assert isinstance(app.screen, LabScreen)
