"""The EventBridge workbench with hostile text everywhere: every tab's fields and every dialog,
10 MB pastes, and what the target holds (rule patterns and transformers with markup in them,
events whose source, detail-type and detail carry it, archived and watched). It keeps running,
reads none of it as markup, and reports no error."""

from __future__ import annotations

from typing import Any

from playground.aws.events.delivery import RuleTargets
from playground.aws.events.replay import ArchiveReplay
from playground.aws.events.service import EventsService
from playground.ui.events.dialogs import (
    ArchiveDialog,
    NewBusDialog,
    ReplayDialog,
    RuleDialog,
    TargetDialog,
)
from playground.ui.events.pattern_sandbox import PatternSandbox
from playground.ui.events.put_form import PutEventForm
from playground.ui.events.replay import ReplayPane
from playground.ui.events.rules import RulesPane
from playground.ui.events.screen import EventsWorkbench
from playground.ui.events.transformer import TransformerPane
from tests.ui.helpers import make_app
from tests.ui.hostile import (
    HOSTILE,
    HOSTILE_TEXTS,
    MARK,
    Notices,
    calm,
    fill,
    markup_watch,
    paste_everywhere,
    until,
)

PATTERN = {"detail": {f"{MARK}[/x]": ["[bold]", HOSTILE]}}


def hostile_rules(target: Any) -> None:
    """A rule whose pattern and transformer hold hostile text; events that carry it."""
    events, rules = EventsService(target), RuleTargets(target)
    events.put_rule("hostile", PATTERN)
    rules.add_queue_target("hostile", "default", "hostile-q", transformer={
        "InputPathsMap": {"x": "$.detail"}, "InputTemplate": f'"<x> {HOSTILE}"'})
    replay = ArchiveReplay(target)
    if replay.support().available:
        replay.create_archive("hostile-archive", "default")
    events.put_event(HOSTILE, HOSTILE, {f"{MARK}[/x]": HOSTILE, "[bold]": [HOSTILE]})


async def test_hostile_text_everywhere_in_the_events_workbench(target: Any) -> None:
    hostile_rules(target)
    notices = Notices()
    app = make_app(target)
    with markup_watch() as seen:
        async with app.run_test(size=(160, 45), message_hook=notices) as pilot:
            await pilot.pause()
            app.push_screen(EventsWorkbench(watch_wait=0))
            await until(pilot, lambda: isinstance(app.screen, EventsWorkbench)
                           and app.screen.query_one(RulesPane).rules, what="the rule listed")
            screen: EventsWorkbench = app.screen
            await pilot.pause(0.5)

            for action, dialog in (("new_bus", NewBusDialog), ("new_rule", RuleDialog),
                                   ("add_target", TargetDialog)):
                await dialog_with_hostile_text(pilot, screen, action, dialog, notices)

            screen.action_tab("put")
            form = screen.query_one(PutEventForm)
            await until(pilot, lambda: form.query("#put-detail"), what="the put form")
            for text in HOSTILE_TEXTS:
                await fill(pilot, form, text)
                form.action_put()
                await pilot.pause(0.2)
            await fill(pilot, form, HOSTILE)
            form.query_one("#put-detail").text = f'{{"{MARK}[/x]": "[bold]", "a": "{HOSTILE}"}}'
            form.action_put()
            await until(pilot, lambda: "accepted" in str(form.query_one("#put-result").render()),
                           what="the hostile event accepted, and the rules judged")
            await paste_everywhere(pilot, form, notices)

            screen.action_tab("sandbox")
            sandbox = screen.query_one(PatternSandbox)
            for text in [*HOSTILE_TEXTS, '{"detail": {"[/x]": [{"prefix": "[bold]"}]}}']:
                for area in ("#sandbox-event", "#sandbox-pattern"):
                    sandbox.query_one(area).text = text
                    await until(pilot, lambda: sandbox.target_state in (
                        "idle", "waiting", "agree", "disagree", "error"))
                    await pilot.pause(0.2)
            sandbox.load(event=f'{{"source": "{HOSTILE}", "detail": {{"{MARK}[/x]": "[bold]"}}}}',
                         pattern='{"detail": {"⁂[/x]": [{"prefix": "[b"}]}}')
            await until(pilot, lambda: sandbox.target_state in ("agree", "disagree", "error"),
                           what="the target's verdict on a hostile pair")
            await paste_everywhere(pilot, sandbox, notices)
            sandbox.load(event='{"source": "a", "detail": {}}')
            await until(pilot, lambda: sandbox.event_doc is not None, what="a valid event")

            screen.action_tab("transformer")
            transformer = screen.query_one(TransformerPane)
            await until(pilot, lambda: transformer.query("#tx-paths"), what="the transformer")
            for text in HOSTILE_TEXTS:
                await fill(pilot, transformer, text)
                transformer.action_save()
                await pilot.pause(0.2)
            transformer.query_one("#tx-paths").text = '{"x": "$.detail"}'
            transformer.query_one("#tx-template").text = f'"<x> {HOSTILE}"'
            await paste_everywhere(pilot, transformer, notices)

            screen.action_tab("replay")
            replay = screen.query_one(ReplayPane)
            await until(pilot, lambda: replay.support is not None, what="archive support read")
            screen.action_watch()
            await until(pilot, lambda: screen.watch_url is not None, what="the watch")
            EventsService(target).put_event(HOSTILE, HOSTILE, {f"{MARK}[/x]": HOSTILE})
            await until(pilot, lambda: replay.watched, what="the hostile event watched")
            if replay.support.available:
                for action, dialog in (("new_archive", ArchiveDialog), ("replay", ReplayDialog)):
                    await dialog_with_hostile_text(pilot, screen, action, dialog, notices)

            await pilot.pause(0.5)
            calm(app, notices, seen)


async def dialog_with_hostile_text(pilot: Any, screen: Any, action: str, dialog: type,
                                   notices: Notices) -> None:
    app = pilot.app
    await until(pilot, lambda: app.screen is screen, what="back on the workbench")
    getattr(screen, f"action_{action}")()
    await until(pilot, lambda: isinstance(app.screen, dialog) and app.screen.query("Input"),
                   what=f"the {dialog.__name__}")
    for text in HOSTILE_TEXTS:
        await fill(pilot, app.screen, text)
        app.screen.action_ok()
        await pilot.pause()
    await paste_everywhere(pilot, app.screen, notices)
    app.screen.action_cancel()
