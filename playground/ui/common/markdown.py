"""A Markdown pane that takes the latest text only: updates never stack up."""

from __future__ import annotations

import asyncio
import contextlib

from textual.await_complete import AwaitComplete
from textual.widgets import Markdown


class LatestMarkdown(Markdown):
    """`show()` instead of `update()`: while one document is being laid out, later texts only
    replace the one waiting, so moving quickly through steps lays out at most two documents
    instead of queueing a parse and a mount per key press behind Markdown's lock (each of which,
    cancelled when the screen goes, floods the log with CancelledError)."""

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
