"""The key footer, redrawn only when the keys it shows change."""

from __future__ import annotations

from collections.abc import Hashable
from typing import Any

from textual.app import ComposeResult
from textual.screen import Screen
from textual.widgets import Footer


class KeysFooter(Footer):
    """Textual's footer rebuilds all its keys on every focus change and binding refresh, even when
    the keys shown stay the same: four to eight rebuilds while a workbench opens, about a quarter
    of the time it takes to open. This one rebuilds when what it would show differs."""

    _shown: Hashable = None
    _pending = False

    def shown_keys(self) -> Hashable:
        """What compose() would draw: the shown bindings, and the command palette's."""
        app = self.app
        palette = app.COMMAND_PALETTE_BINDING if app.ENABLE_COMMAND_PALETTE else None
        return (self.show_command_palette, tuple(
            (binding.key, app.get_key_display(binding), binding.action, binding.description,
             binding.group, binding.tooltip, enabled, tooltip)
            for key, (_node, binding, enabled, tooltip) in self.screen.active_bindings.items()
            if binding.show or key == palette))

    def compose(self) -> ComposeResult:
        if self._bindings_ready:
            self._shown = self.shown_keys()
        yield from super().compose()

    def bindings_changed(self, screen: Screen[Any]) -> None:
        self._bindings_ready = True
        if not screen.app.app_focus or self._pending:
            return
        if self.is_attached and screen is self.screen:
            self._pending = True
            self.call_after_refresh(self._rebuild_if_changed)

    async def _rebuild_if_changed(self) -> None:
        self._pending = False
        if self.is_attached and self.shown_keys() != self._shown:
            await self.recompose()
