"""A Markdown pane that takes the latest text only: updates never stack up; its shell code blocks
fold long lines to its width with a ` \\` continuation (a copied command still runs)."""

from __future__ import annotations

import asyncio
import contextlib

from textual import events
from textual.await_complete import AwaitComplete
from textual.widgets import Label, Markdown
from textual.widgets._markdown import MarkdownBlock, MarkdownFence

from playground.ui.common.shell_wrap import fold_shell

SHELL = frozenset({"bash", "sh", "shell", "console", "zsh"})
"""Fence languages whose long lines are folded with ` \\`."""


class ShellFence(MarkdownFence):
    """A code block that fits its shell lines to its width instead of cutting them at the
    right edge (Textual's fence scrolls sideways, with no scrollbar to say so). `code` stays the
    text as written; only what is drawn is folded."""

    _folded_for = -1

    def _room(self) -> int:
        labels = self.query(Label) if self.is_mounted else None
        gutter = labels.first().styles.gutter.width if labels else 4
        return self.size.width - gutter

    def _drawn_code(self) -> str:
        room = self._room()
        if self.lexer not in SHELL or room < 20:
            return self.code
        return fold_shell(self.code, room)

    def _fold(self) -> None:
        room = self._room()
        if room == self._folded_for or self.lexer not in SHELL or not self.size.width:
            return
        self._folded_for = room
        self._highlighted_code = self.highlight(self._drawn_code(), self.lexer,
                                                ansi=self.app.native_ansi_color,
                                                dark=self.app.current_theme.dark)
        self.set_content(self._highlighted_code)

    def on_resize(self, _: events.Resize) -> None:
        self._fold()

    def notify_style_update(self) -> None:
        super().notify_style_update()
        self._folded_for = -1
        if self.is_mounted:
            self._fold()

    def _copy_context(self, block: MarkdownBlock) -> None:
        super()._copy_context(block)
        self._folded_for = -1
        self.call_after_refresh(self._fold)


class LatestMarkdown(Markdown):
    """`show()` instead of `update()`: while one document is being laid out, later texts only
    replace the one waiting, so moving quickly through steps lays out at most two documents
    instead of queueing a parse and a mount per key press behind Markdown's lock (each of which,
    cancelled when the screen goes, floods the log with CancelledError)."""

    BLOCKS = {**Markdown.BLOCKS, "fence": ShellFence, "code_block": ShellFence}

    def __init__(self, markdown: str | None = None, **kwargs: object) -> None:
        super().__init__(markdown, **kwargs)  # type: ignore[arg-type]
        self._latest_text: str | None = None
        self._laid_out_text: str | None = markdown
        self._layout_task: asyncio.Task[None] | None = None

    def show(self, markdown: str) -> AwaitComplete:
        """Show `markdown` once the update in flight (if any) is done; awaitable."""
        self._latest_text = markdown
        if self._layout_task is None or self._layout_task.done():
            self._layout_task = asyncio.create_task(self._apply())
        return AwaitComplete(asyncio.shield(self._layout_task))

    async def _apply(self) -> None:
        while self._latest_text is not None and self._latest_text != self._laid_out_text:
            text = self._latest_text
            with contextlib.suppress(asyncio.CancelledError):
                await self.update(text)
            self._laid_out_text = text
            if not self.is_attached:
                return
