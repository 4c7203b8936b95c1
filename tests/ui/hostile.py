"""Driving the app with text meant to break it: markup, terminal escapes, lone surrogates, JSON
thousands of levels deep, 10 MB pastes; and watching that none of it is ever parsed as markup."""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable, Iterator
from contextlib import asynccontextmanager, contextmanager
from typing import Any

from textual import events
from textual.widgets import Input, TextArea

from tests.form_strategies import deep_json_text
from tests.ui.helpers import make_app, wait_for

MARK = "⁂"
"""In every hostile string, and in no text the app writes itself: markup parsed from a string
that holds it came from outside."""

HOSTILE = f"{MARK}[/x] [bold]b [@click=app.quit]q[/] $name"
"""Sendable anywhere text goes (valid Unicode, no control characters: SQS refuses those)."""
ESCAPES = f"{MARK}\x1b[31mred\x1b[0m\x07 [/x]"
"""A terminal escape sequence and a bell: for targets that store any bytes (Kinesis data)."""
HOSTILE_TEXTS = [
    HOSTILE,
    ESCAPES,
    f"{MARK}\ud800 [/x]",
    f'{{"{MARK}[/x]": {{"[bold]": ["[@click=app.quit]"]}}}}',
    deep_json_text(5000, "array"),
    deep_json_text(1500, "object"),
]
"""What goes into every field, one after the other."""
PASTE = "x" * 10_000_000


class Notices:
    """Every notification the app posts (pass as run_test(message_hook=...))."""

    def __init__(self) -> None:
        self.shown: list[Any] = []

    def __call__(self, message: object) -> None:
        from textual.notifications import Notify

        if isinstance(message, Notify):
            self.shown.append(message.notification)

    def errors(self) -> list[str]:
        return [f"{n.title}: {n.message}" for n in self.shown if n.severity == "error"]

    def titled(self, title: str) -> list[str]:
        return [str(n.message) for n in self.shown if n.title == title]


@contextmanager
def markup_watch() -> Iterator[list[str]]:
    """Every markup string Textual or Rich parses that holds MARK, while inside."""
    import rich.console
    import rich.markup
    import textual.markup

    seen: list[str] = []
    real_to_content, real_render = textual.markup.to_content, rich.markup.render

    def to_content(markup: str, *args: Any, **kwargs: Any) -> Any:
        if MARK in markup:
            seen.append(markup)
        return real_to_content(markup, *args, **kwargs)

    def render(markup: str, *args: Any, **kwargs: Any) -> Any:
        if MARK in markup:
            seen.append(markup)
        return real_render(markup, *args, **kwargs)

    textual.markup.to_content = to_content  # type: ignore[assignment]
    rich.markup.render = render  # type: ignore[assignment]
    rich.console.render_markup = render  # type: ignore[attr-defined]
    try:
        yield seen
    finally:
        textual.markup.to_content = real_to_content  # type: ignore[assignment]
        rich.markup.render = real_render  # type: ignore[assignment]
        rich.console.render_markup = real_render  # type: ignore[attr-defined]


async def until(pilot: Any, predicate: Callable[[], object], what: str = "condition") -> None:
    """wait_for with room for a busy machine (two cores, several test runs at once)."""
    await wait_for(pilot, predicate, timeout=30, what=what)


def fields(root: Any) -> list[Input | TextArea]:
    """The text fields under `root` that take input now."""
    return [w for w in root.query("Input, TextArea") if not w.disabled and w.display]


async def fill(pilot: Any, root: Any, text: str) -> None:
    """Every field under `root` set to `text` (Changed handlers run: live checks see it)."""
    for field in fields(root):
        if isinstance(field, TextArea):
            field.text = text
        else:
            field.value = text
        await pilot.pause()


async def paste_everywhere(pilot: Any, root: Any, notices: Notices) -> None:
    """A 10 MB paste into each field: refused, said so; the field keeps what it held."""
    for field in fields(root):
        before = field.text if isinstance(field, TextArea) else field.value

        def focused(field: Any = field) -> bool:
            if pilot.app.focused is not field:
                field.focus()  # again: a focus asked for earlier (after a refresh) may land late
                return False
            return True

        await until(pilot, focused, what=f"{field!r} focused")
        refused = len(notices.titled("paste refused"))
        pilot.app.post_message(events.Paste(PASTE))
        await until(pilot, lambda refused=refused: len(notices.titled("paste refused")) > refused,
                    what=f"the paste into {field!r} refused")
        after = field.text if isinstance(field, TextArea) else field.value
        assert after == before


def calm(app: Any, notices: Notices, seen: list[str]) -> None:
    """The app runs, nothing from outside was read as markup, no error was reported, and no
    text on screen holds a terminal escape."""
    from textual.widgets import Static

    assert app.is_running
    assert not seen, f"parsed as markup: {seen[0][:200]!r}"
    assert not notices.errors(), notices.errors()
    for widget in app.screen.query(Static):
        shown = widget.render()
        plain = getattr(shown, "plain", "")
        assert "\x1b" not in plain, f"{widget!r} shows an escape sequence: {plain[:200]!r}"


@asynccontextmanager
async def hostile_session(target: Any,
                          size: tuple[int, int] = (150, 45)) -> AsyncIterator[tuple[Any, Notices]]:
    """The app on `target`, run under `markup_watch` with every notice kept: the pilot and the
    notices. Where the test's body ends without failing: a pause for what is pending, then
    `calm`."""
    notices = Notices()
    app = make_app(target)
    with markup_watch() as seen:
        async with app.run_test(size=size, message_hook=notices) as pilot:
            yield pilot, notices
            await pilot.pause(0.5)
            calm(app, notices, seen)


async def submit_each(pilot: Any, notices: Notices) -> None:
    """Every hostile text typed into every field of the dialog on top and submitted, then the
    pastes into each field, then the dialog cancelled."""
    app = pilot.app
    for text in HOSTILE_TEXTS:
        await fill(pilot, app.screen, text)
        app.screen.action_ok()
        await pilot.pause(0.2)
    await paste_everywhere(pilot, app.screen, notices)
    app.screen.action_cancel()
