"""Pane keys: 1..9 focus a workbench's panes, and a click on a pane focuses it.

Every workbench lists its panes in PANES, in the order they read on a wide screen. Key N focuses
pane N's first widget; a pane with several members (the panes of one tab, SQS consumers, SNS
subscribers) takes key N again to move to its next member. Each pane's box shows its number in
its border title ("1 Queues"); a tab's label carries it where the pane is a tab. The keys are
bound on the screen, so an Input or TextArea that has the focus keeps its digits; `escape`
leaves a text field for its pane, where the digits switch panes again.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from textual import events
from textual.binding import Binding
from textual.screen import Screen
from textual.widget import Widget

from playground.ui.common.text import plain


@dataclass(frozen=True)
class Pane:
    title: str
    focus: tuple[str, ...]
    """Selectors of the widgets that take the focus, in order; one that matches several widgets
    (consumer tables) gives a member each."""
    box: str | None = None
    """The bordered box that shows "N title"; None where a tab label says it."""
    area: str | None = None
    """Where a click focuses the pane (its tab); default: the box."""
    reveal: tuple[object, ...] = ()
    """A screen method and its arguments that make the pane visible first (show its tab, swap
    a narrow view)."""

    @property
    def region(self) -> str | None:
        return self.area or self.box


def pane_bindings(panes: tuple[Pane, ...], prefix: str) -> list[Binding]:
    """One key a pane, 1..N, each described by its pane's title (as help lists them); the footer
    shows them as one entry ("1-7 Panes")."""
    count = len(panes)
    return [Binding(str(n), f"pane({n})", f"{pane.title} pane", show=n == 1,
                    key_display=f"1-{count}" if n == 1 and count > 1 else None,
                    id=f"{prefix}.pane.{n}")
            for n, pane in enumerate(panes, start=1)]


def shown(widget: Widget) -> bool:
    """Displayed, and so are all its containers (a widget of a hidden tab is not)."""
    return all(node.display for node in widget.ancestors_with_self if isinstance(node, Widget))


class PaneKeys(Screen[None]):
    """Mixed into a workbench screen: number keys and clicks focus its panes."""

    PANES: ClassVar[tuple[Pane, ...]] = ()

    def number_panes(self) -> None:
        """Write "N title" on each pane's box (call once mounted)."""
        for n, pane in enumerate(self.PANES, start=1):
            if pane.box is not None:
                for box in self.query(pane.box):
                    box.border_title = plain(f"{n} {pane.title}")

    def title_pane(self, box: str, title: str) -> None:
        """A box whose title changes (the topic it shows): "N title", as text, never markup."""
        n = next(n for n, pane in enumerate(self.PANES, start=1) if pane.box == box)
        self.query_one(box).border_title = plain(f"{n} {title}")

    def pane_members(self, n: int) -> list[Widget]:
        """The widgets key n moves the focus between, in order, those that can take it now."""
        return [w for selector in self.PANES[n - 1].focus for w in self.query(selector)
                if w.focusable and shown(w)]

    def pane_of(self, widget: Widget | None) -> int | None:
        """The number of the pane `widget` is in (its box, or one of its members)."""
        if widget is None:
            return None
        chain = widget.ancestors_with_self
        for n, pane in enumerate(self.PANES, start=1):
            selectors = ((pane.region,) if pane.region else ()) + pane.focus
            if any(w in chain for selector in selectors for w in self.query(selector)):
                return n
        return None

    def action_pane(self, n: int) -> None:
        if not 1 <= n <= len(self.PANES):
            return
        pane = self.PANES[n - 1]
        before = self.focused
        if pane.reveal:
            getattr(self, str(pane.reveal[0]))(*pane.reveal[1:])
        self.call_after_refresh(self._focus_member, n, before)

    def _focus_member(self, n: int, before: Widget | None) -> None:
        members = self.pane_members(n)
        if not members:
            return
        chain = before.ancestors_with_self if before is not None else []
        at = next((i for i, w in enumerate(members) if w in chain), None)
        members[0 if at is None else (at + 1) % len(members)].focus()

    def on_click(self, event: events.Click) -> None:
        """A click on a pane (its border, title, a label or empty room) focuses the pane's
        widget nearest to it; a widget that takes the focus itself is left to do so, and a
        click beside the focused widget, in the same part of the pane, leaves it alone."""
        hit = event.widget
        if not isinstance(hit, Widget) or hit.focusable:
            return
        n = self.pane_of(hit)
        if n is None:
            return
        members = self.pane_members(n)
        if not members:
            return
        for node in hit.ancestors_with_self:
            near = [m for m in members if node in m.ancestors_with_self]
            if near:
                break
        else:
            node, near = self, members[:1]
        focused = self.focused
        if focused is not None and node in focused.ancestors_with_self and node is not self:
            return
        near[0].focus()
