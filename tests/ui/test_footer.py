"""The key footer shows the keys that act now, and is rebuilt only when they change."""

from __future__ import annotations

from typing import Any

from textual.widgets._footer import FooterKey

from playground.ui.common.footer import KeysFooter
from playground.ui.events.screen import EventsWorkbench
from tests.ui.helpers import idle, make_app, wait_for


def keys_shown(screen: Any) -> set[str]:
    return {key.key for key in screen.query_one(KeysFooter).query(FooterKey)}


async def test_the_footer_follows_the_tab_and_stays_put_when_only_focus_moves(target: Any) -> None:
    app = make_app(target)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        app.open_service("events")
        await wait_for(pilot, lambda: isinstance(app.screen, EventsWorkbench), what="workbench")
        screen: EventsWorkbench = app.screen
        await wait_for(pilot, lambda: "n" in keys_shown(screen), what="the rules tab's keys")
        assert {"b", "t", "d"} <= keys_shown(screen) and "p" not in keys_shown(screen)

        footer = screen.query_one(KeysFooter)
        rebuilt: list[int] = []
        real_recompose = footer.recompose

        async def counting_recompose() -> None:
            rebuilt.append(1)
            await real_recompose()

        footer.recompose = counting_recompose  # type: ignore[method-assign]
        for _ in range(3):  # focus moves inside the tab: the same keys act
            screen.focus_next()
            await idle(pilot)
        assert rebuilt == []

        screen.action_tab("replay")
        await wait_for(pilot, lambda: "p" in keys_shown(screen), what="the replay tab's keys")
        assert {"a", "w"} <= keys_shown(screen)
        assert not {"b", "n", "t"} & keys_shown(screen)
        assert rebuilt
