"""Pastes too big for the field they land in are refused with a sentence, before any widget
sees them: measured here, a 10 MB paste kept a TextArea busy for 30 s, and an Input that holds
10 MB takes 3 s per key afterwards."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, TypeVar
from weakref import WeakKeyDictionary

from textual import events
from textual.widgets import Input, TextArea

if TYPE_CHECKING:
    from textual.widget import Widget

KIB = 1024
MIB = 1024 * KIB


@dataclass(frozen=True)
class PasteLimit:
    """The most UTF-8 bytes a field holds after a paste, and why, in the learner's words."""

    max_bytes: int
    why: str


TEXT_AREA = PasteLimit(MIB, "the largest payload any service here takes")
INPUT = PasteLimit(64 * KIB, "a one-line field")
_LIMITS: WeakKeyDictionary[Widget, PasteLimit] = WeakKeyDictionary()
W = TypeVar("W", bound="Widget")


def limited(widget: W, max_bytes: int, why: str) -> W:
    """`widget`, holding at most `max_bytes` after a paste (the service's own limit, usually)."""
    _LIMITS[widget] = PasteLimit(max_bytes, why)
    return widget


def limit_of(widget: Widget) -> PasteLimit | None:
    """What a paste into `widget` may grow it to; None for widgets that hold no text."""
    if widget in _LIMITS:
        return _LIMITS[widget]
    if isinstance(widget, TextArea):
        return TEXT_AREA
    if isinstance(widget, Input):
        return INPUT
    return None


def size_text(n: int) -> str:
    """`1 MiB`, `9.5 MiB`, `64 KiB`, `300 bytes`."""
    for unit, size in (("MiB", MIB), ("KiB", KIB)):
        if n >= size:
            return f"{n / size:,.1f}".removesuffix(".0") + f" {unit}"
    return f"{n:,} bytes"


def refusal(widget: Widget, text: str) -> str | None:
    """Why pasting `text` into `widget` is refused, or None when it fits. An Input takes only
    the first line of a paste; a TextArea the whole of it, in place of its selection."""
    limit = limit_of(widget)
    if limit is None:
        return None
    if isinstance(widget, Input):
        pasted, held = (text.splitlines() or [""])[0], widget.value
    elif isinstance(widget, TextArea):
        pasted, held = text, widget.text
    else:
        return None
    after = _utf8(pasted) + _utf8(held) - _utf8(widget.selected_text)
    if after <= limit.max_bytes:
        return None
    return (f"Not pasted: this field would hold {size_text(after)}; it takes at most "
            f"{size_text(limit.max_bytes)} ({limit.why}).")


def _utf8(text: str) -> int:
    return len(text.encode("utf-8", "surrogatepass"))


class GuardsPastes:
    """Mixed into the App: a paste reaches the focused widget only when it fits there."""

    focused: Widget | None

    if TYPE_CHECKING:
        def notify(self, message: str, *, title: str = "", severity: Any = "information",
                   timeout: float | None = None, markup: bool = True) -> None: ...

    async def on_event(self, event: events.Event) -> None:
        if isinstance(event, events.Paste) and not event.is_forwarded \
                and self.focused is not None:
            why = refusal(self.focused, event.text)
            if why is not None:
                self.notify(why, title="paste refused", severity="warning", markup=False)
                return
        await super().on_event(event)  # type: ignore[misc]
