"""Real key presses offered first to a screen under the top one (the demo player, while a
workbench it opened performs a step)."""

from __future__ import annotations

from typing import Any

from textual import events

QUIT_KEYS = frozenset({"ctrl+c", "ctrl+q"})
"""Never taken: leaving the app must work whatever is on top."""


class KeysToCoveredScreens:
    """Mixed into the App. A screen in the stack under the top one that has
    `take_key_while_covered(key) -> bool` sees each real key press first, and a press it takes
    goes no further."""

    screen_stack: Any

    async def on_event(self, event: events.Event) -> None:
        if isinstance(event, events.Key) and not event.is_forwarded \
                and event.key not in QUIT_KEYS:
            for screen in reversed(list(self.screen_stack)[:-1]):
                take = getattr(screen, "take_key_while_covered", None)
                if take is not None and take(event.key):
                    return
        await super().on_event(event)  # type: ignore[misc]
