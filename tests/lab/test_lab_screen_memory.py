"""Moving fast through a lab's steps after a resize stays bounded: Markdown updates coalesce."""

from __future__ import annotations

import psutil
from textual.widgets.markdown import MarkdownBlock

from playground.ui.common.markdown import LatestMarkdown
from playground.ui.lab.screen import LabScreen
from playground.ui.shell.app import PlaygroundApp
from tests.ui.helpers import QUIET, settle


async def _the_tester_sequence(app: PlaygroundApp, pilot) -> None:  # type: ignore[no-untyped-def]
    """At 160x48 open one lab, resize to 120x40, go back, open another."""
    app.open_lab("events-first-rule")
    await settle(pilot, until=lambda: isinstance(app.screen, LabScreen) and bool(app.screen.reports))
    await pilot.resize_terminal(120, 40)
    await settle(pilot)
    await pilot.press("escape")
    await settle(pilot)
    app.open_lab("sfn-first-state-machine")
    await settle(pilot, until=lambda: isinstance(app.screen, LabScreen) and bool(app.screen.reports))


async def test_fast_step_moves_after_a_resize_keep_memory_bounded(target) -> None:  # type: ignore[no-untyped-def]
    """The sequence a tester found: at 160x48 open one lab, resize to 120x40, back, open another,
    then hold Down (here: 60 quick moves up and down). RSS had gone from 135 MB to 3 GB."""
    app = PlaygroundApp(settings=QUIET, target=target)
    me = psutil.Process()
    async with app.run_test(size=(160, 48)) as pilot:
        await _the_tester_sequence(app, pilot)
        screen = app.screen
        assert isinstance(screen, LabScreen) and screen.lab is not None
        pane = screen.query_one("#lab-instructions", LatestMarkdown)
        blocks_at_rest = len(pane.query(MarkdownBlock))
        before = me.memory_info().rss
        screen.query_one("#lab-steps").focus()
        for _ in range(30):
            await pilot.press("down", "up")
        await pilot.press("end")
        await settle(pilot, until=lambda: pane.source == pane._latest_text)
        grown = (me.memory_info().rss - before) / 2**20
        last = len(screen.lab.steps) - 1
        assert app.is_running
        assert screen.selected == last
        # Only the last step's text is laid out: no document left behind by an earlier update.
        assert screen.lab.steps[last].instructions.split()[0].strip("#*`") in pane.source
        assert len(pane.query(MarkdownBlock)) < 3 * max(blocks_at_rest, 10)
    assert grown < 150, f"RSS grew {grown:.0f} MB moving through the steps"


async def test_no_refresh_loop_after_the_resize_sequence(target, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """The same sequence with keys arriving faster than the screen handles them (a held key in a
    real terminal): the screen and its step list used to bounce the selection between them,
    refreshing ~300 times a second with three Markdown updates each, with no key pressed
    (635 MB in 3 s here, CancelledError floods). Every refresh must come from a key."""
    from textual.widgets import Markdown

    counts = {"refresh": 0, "markdown": 0}
    refresh, update = LabScreen._refresh, Markdown.update

    def counted_refresh(self: LabScreen):  # type: ignore[no-untyped-def]
        counts["refresh"] += 1
        return refresh(self)

    def counted_update(self: Markdown, markdown: str):  # type: ignore[no-untyped-def]
        counts["markdown"] += 1
        return update(self, markdown)

    monkeypatch.setattr(LabScreen, "_refresh", counted_refresh)
    monkeypatch.setattr(Markdown, "update", counted_update)
    app = PlaygroundApp(settings=QUIET, target=target)
    me = psutil.Process()
    async with app.run_test(size=(160, 48)) as pilot:
        await _the_tester_sequence(app, pilot)
        app.screen.query_one("#lab-steps").focus()
        before = dict(counts)
        rss = me.memory_info().rss
        for _ in range(60):
            app.simulate_key("down")  # queued, not awaited one by one
        for _ in range(10):
            await pilot.pause(0.1)
        await settle(pilot)
        refreshes = counts["refresh"] - before["refresh"]
        updates = counts["markdown"] - before["markdown"]
        grown = (me.memory_info().rss - rss) / 2**20
        assert app.is_running
    assert refreshes <= 60 + 5, f"{refreshes} refreshes for 60 keys"
    assert updates <= 3 * refreshes
    assert grown < 100, f"RSS grew {grown:.0f} MB"


async def test_quick_successive_texts_lay_out_one_document() -> None:
    """Fifty texts shown without waiting: the pane ends showing the last one, laid out once
    after the one in flight, not fifty times in turn."""
    from textual.app import App, ComposeResult

    class One(App[None]):
        def compose(self) -> ComposeResult:
            yield LatestMarkdown("", id="pane")

    app = One()
    async with app.run_test() as pilot:
        pane = app.query_one(LatestMarkdown)
        docs = [f"# Step {n}\n\nParagraph {n}.\n\n- a\n- b\n" for n in range(50)]
        from textual.widgets import Markdown

        laid_out: list[str] = []
        real_update = Markdown.update

        def counted(widget: Markdown, markdown: str):  # type: ignore[no-untyped-def]
            laid_out.append(markdown)
            return real_update(widget, markdown)

        pane.update = counted.__get__(pane)  # type: ignore[method-assign]
        waits = [pane.show(doc) for doc in docs]
        for wait in waits:
            await wait
        await pilot.pause()
        assert pane.source == docs[-1]
        assert len(pane.query(MarkdownBlock).filter(".-paragraph, MarkdownH1")) <= 3
        assert "Paragraph 49." in " ".join(str(b.source) for b in pane.query(MarkdownBlock))
        assert len(pane.children) <= 4, [type(c).__name__ for c in pane.children]
        assert laid_out[-1] == docs[-1] and len(laid_out) <= 2, len(laid_out)
