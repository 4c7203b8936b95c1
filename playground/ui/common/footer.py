"""The key footer: the keys that fit, whole, and redrawn only when the keys it shows change."""

from __future__ import annotations

from collections.abc import Hashable
from typing import Any

from rich.cells import cell_len
from textual import events
from textual.app import ComposeResult
from textual.binding import Binding
from textual.screen import Screen
from textual.widgets import Footer
from textual.widgets._footer import FooterKey

ALWAYS = frozenset({"quit", "help", "pane(1)"})
"""Actions whose keys stay in the footer however narrow it is (q Quit, ? Help, and a
workbench's "1-7 Panes"): the help screen lists the keys that had to go."""


def shown_description(binding: Binding) -> str:
    """What the footer says for a key: the pane keys are one entry, "1-7 Panes"."""
    return "Panes" if binding.action == "pane(1)" else binding.description


def key_width(key_display: str, description: str) -> int:
    """Columns one FooterKey takes: " key " then "description "."""
    return cell_len(key_display) + 2 + (cell_len(description) + 1 if description else 0)


def fitting(widths: list[int], keep: list[bool], room: int) -> list[bool]:
    """Which keys to show in `room` columns: every kept one, then the others in order while they
    fit whole (a key that does not fit is dropped, never cut)."""
    left = room - sum(w for w, k in zip(widths, keep, strict=True) if k)
    shown = []
    for width, kept in zip(widths, keep, strict=True):
        if not kept and width <= left:
            left -= width
            kept = True
        shown.append(kept)
    return shown


class KeysFooter(Footer):
    """Textual's footer draws every key in one row and cuts what passes the right edge ("q Qui"
    at 80 columns). This one drops whole keys, latest first, and keeps q Quit, ? Help and the
    pane keys.

    Textual's footer also rebuilds all its keys on every focus change and binding refresh, even
    when the keys shown stay the same: four to eight rebuilds while a workbench opens, about a
    quarter of the time it takes to open. This one rebuilds when what it would show differs."""

    _shown: Hashable = None
    _pending = False

    def _candidates(self) -> list[tuple[Binding, bool, str]]:
        """The shown bindings, one per action (as Textual's footer groups them)."""
        seen: dict[str, tuple[Binding, bool, str]] = {}
        for _node, binding, enabled, tooltip in self.screen.active_bindings.values():
            if binding.show and binding.action not in seen:
                seen[binding.action] = (binding, enabled, tooltip)
        return list(seen.values())

    def _palette(self) -> tuple[Binding, bool, str] | None:
        app = self.app
        if not (self.show_command_palette and app.ENABLE_COMMAND_PALETTE):
            return None
        found = self.screen.active_bindings.get(app.COMMAND_PALETTE_BINDING)
        return None if found is None else (found[1], found[2], found[3])

    def _room(self) -> int:
        width = self.size.width or self.app.size.width
        palette = self._palette()
        if palette is not None:  # docked right, with a border on its left and a space after
            width -= key_width(self.app.get_key_display(palette[0]), palette[0].description) + 2
        return width

    def _chosen(self) -> list[tuple[Binding, bool, str]]:
        candidates = self._candidates()
        display = self.app.get_key_display
        shown = fitting([key_width(display(b), shown_description(b)) for b, _, _ in candidates],
                        [b.action in ALWAYS for b, _, _ in candidates], self._room())
        return [c for c, s in zip(candidates, shown, strict=True) if s]

    def shown_keys(self) -> Hashable:
        """What compose() would draw: the keys that fit, and the command palette's."""
        app = self.app
        palette = self._palette()
        return (palette is not None and app.get_key_display(palette[0]), tuple(
            (binding.key, app.get_key_display(binding), binding.action,
             shown_description(binding), enabled, tooltip)
            for binding, enabled, tooltip in self._chosen()))

    def compose(self) -> ComposeResult:
        if not self._bindings_ready:
            return
        self._shown = self.shown_keys()
        for binding, enabled, tooltip in self._chosen():
            yield FooterKey(binding.key, self.app.get_key_display(binding),
                            shown_description(binding), binding.action, disabled=not enabled,
                            tooltip=tooltip).data_bind(compact=Footer.compact)
        palette = self._palette()
        if palette is not None:
            binding, enabled, tooltip = palette
            yield FooterKey(binding.key, self.app.get_key_display(binding), binding.description,
                            binding.action, classes="-command-palette", disabled=not enabled,
                            tooltip=binding.tooltip or binding.description)

    def bindings_changed(self, screen: Screen[Any]) -> None:
        self._bindings_ready = True
        if not screen.app.app_focus or self._pending:
            return
        if self.is_attached and screen is self.screen:
            self._pending = True
            self.call_after_refresh(self._rebuild_if_changed)

    def on_resize(self, _: events.Resize) -> None:
        if self._bindings_ready and not self._pending:
            self._pending = True
            self.call_after_refresh(self._rebuild_if_changed)

    async def _rebuild_if_changed(self) -> None:
        self._pending = False
        if self.is_attached and self.shown_keys() != self._shown:
            await self.recompose()
