"""Archive and replay: a bus's archives, a replay's progress, and a watch of what arrives."""

from __future__ import annotations

import json

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Vertical, VerticalScroll
from textual.content import Content
from textual.widgets import DataTable, Static

from playground.aws.events.replay import ArchiveInfo, ReplayStatus, Support, WatchedEvent, watch_names
from playground.ui.common.text import cell, clean, markup, plain

MAX_WATCHED = 200


class ReplayPane(Vertical):
    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.bus = "default"
        self.archives: list[ArchiveInfo] = []
        self.support: Support | None = None
        self.watched: list[WatchedEvent] = []
        self.watching: str | None = None
        self.prefix = ""

    def compose(self) -> ComposeResult:
        yield Static("", id="replay-support")
        table: DataTable[str | Text] = DataTable(id="archive-table", cursor_type="row")
        yield table
        yield Static("", id="replay-status")
        with VerticalScroll(id="watch-box"):
            yield Static("", id="watch-log")

    def on_mount(self) -> None:
        table = self.query_one("#archive-table", DataTable)
        table.add_column("archive", width=24)
        table.add_column("state", width=10)
        table.add_column("events", width=8)
        table.add_column("retention", width=12)
        self.query_one("#watch-box").border_title = "Watch"
        self.show_archives(self.bus, None, [])
        self._render_watch()

    def show_archives(self, bus: str, support: Support | None, archives: list[ArchiveInfo]) -> None:
        self.bus, self.support, self.archives = bus, support, archives
        note = self.query_one("#replay-support", Static)
        if support is None:
            note.update("[dim]checking whether the target has archives…[/]")
        elif not support.available:
            note.update(plain(f"⚠ {support.note}", "yellow"))
        else:
            note.update(markup("Archives of [b]$bus[/]: [b]a[/] new archive · [b]p[/] replay the "
                               "last minutes into the bus · [b]w[/] watch what arrives", bus=bus))
        table = self.query_one("#archive-table", DataTable)
        table.clear()
        for a in archives:
            kept = "forever" if not a.retention_days else f"{a.retention_days} day(s)"
            table.add_row(cell(a.name), cell(a.state),
                          "?" if a.event_count is None else cell(a.event_count), kept)
        table.border_title = plain(f"Archives of {bus}" + ("" if archives else ": none yet"))

    @property
    def selected(self) -> ArchiveInfo | None:
        table = self.query_one("#archive-table", DataTable)
        if not self.archives:
            return None
        row = table.cursor_row
        return self.archives[row] if 0 <= row < len(self.archives) else None

    def show_replay(self, status: ReplayStatus) -> None:
        style = {"COMPLETED": "green", "FAILED": "red", "CANCELLED": "yellow"}.get(status.state, "cyan")
        reason = f" — {status.reason}" if status.reason else ""
        self.query_one("#replay-status", Static).update(Content.assemble(
            "replay ", plain(status.name, "bold"), ": ", plain(status.state, style), plain(reason)))

    def start_watch(self, bus: str, prefix: str = "") -> None:
        self.watching, self.prefix = bus, prefix
        self._render_watch()

    def add_watched(self, events: list[WatchedEvent], error: str | None = None) -> None:
        self.watched.extend(events)
        del self.watched[:-MAX_WATCHED]
        if events or error:
            self._render_watch(error)

    def _render_watch(self, error: str | None = None) -> None:
        box = self.query_one("#watch-box")
        log = self.query_one("#watch-log", Static)
        if self.watching is None:
            rule, queue = watch_names(self.bus)
            log.update(markup("[dim]w creates rule $rule on this bus (pattern: every event) with "
                              "queue $queue as its target, and shows what arrives: live events, "
                              "and replayed ones with their replay-name.[/]", rule=rule,
                              queue=queue))
            return
        rule, queue = watch_names(self.watching, self.prefix)
        box.border_title = plain(f"Watch: rule {rule} → queue {queue}")
        text = Text()
        if error:
            text.append(clean(f"⚠ {error}\n"), style="red")
        if not self.watched:
            text.append("waiting for events…", style="dim")
        for event in self.watched:
            if event.replay_name:
                text.append(clean(f"replayed by {event.replay_name}"), style="magenta bold")
            else:
                text.append("live", style="green bold")
            detail = json.dumps(event.detail, separators=(",", ":"))
            text.append(clean(f"  {event.source} · {event.detail_type} · {detail[:70]}\n"))
        log.update(text)
        self.query_one("#watch-box", VerticalScroll).scroll_end(animate=False)
