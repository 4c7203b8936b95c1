"""The key footer shows the keys that act now, and is rebuilt only when they change."""

from __future__ import annotations

from typing import Any

import pytest
from textual.widgets._footer import FooterKey

from playground.ui.common.footer import KeysFooter, fitting, key_width
from playground.ui.events.screen import EventsWorkbench
from playground.ui.workbenches import WORKBENCHES
from tests.ui.helpers import idle, make_app, settle, wait_for


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


@pytest.mark.parametrize("size", [(80, 24), (120, 40)], ids=["80x24", "120x40"])
@pytest.mark.parametrize("key", ["home", *(w.key for w in WORKBENCHES)])
async def test_no_key_is_cut_and_quit_and_help_stay(target: Any, key: str,
                                                    size: tuple[int, int]) -> None:
    """At 80 columns the footer ended in "n New q" (and at 120 in "q Qui"): keys that do not
    fit are left out whole, latest first; q Quit, ? Help and a workbench's pane keys always
    show."""
    app = make_app(target)
    async with app.run_test(size=size) as pilot:
        await pilot.pause()
        if key != "home":
            app.open_service(key)
            await wait_for(pilot, lambda: app.screen.name == key, what=f"{key} workbench")
        await settle(pilot)
        screen = app.screen
        footer = screen.query_one(KeysFooter)
        keys = list(footer.query(FooterKey))
        palette = [k for k in keys if k.has_class("-command-palette")]
        room = palette[0].region.x if palette else footer.region.right
        for item in keys:
            if item in palette:
                continue
            text = f" {item.key_display} {item.description} "
            assert item.region.width == key_width(item.key_display, item.description), text
            assert item.region.right <= room, f"{text!r} is cut at column {room}"
        shown = {k.key for k in keys}
        assert {"q", "question_mark"} <= shown
        if key != "home":
            assert "1" in shown  # "1-N Panes"
        assert len(keys) >= 4  # more than the two kept ones fit


def test_fitting_keeps_the_kept_keys_and_drops_whole_ones_latest_first() -> None:
    # widths of: esc Back, n New queue, x Purge, q Quit, ? Help in 30 columns
    assert fitting([10, 13, 9, 8, 8], [False, False, False, True, True], 30) == \
        [True, False, False, True, True]
    assert fitting([10, 3, 9, 8, 8], [False, False, False, True, True], 30) == \
        [True, True, False, True, True]
    assert fitting([10, 8, 8], [False, True, True], 12) == [False, True, True]
