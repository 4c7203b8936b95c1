"""The Data lake workbench: Firehose delivery streams, their buffering hints (with the parity
note where the target ignores them), the objects landing under a stream's bucket and prefix,
and a preview of each."""

from __future__ import annotations

from typing import Any

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.widgets import Input, Static

from playground.aws.firehose.service import DeliveryStreamInfo
from playground.aws.firehose.validate import record_issues
from playground.parity import NOTES
from playground.ui.common.dialogs import ConfirmDialog, account_name
from playground.ui.common.panes import Pane, PaneKeys, pane_bindings
from playground.ui.common.text import clean, plain
from playground.ui.common.workbench import NoteLine, PollingWorkbench
from playground.ui.datalake.dialogs import (
    NewBucketDialog,
    NewDeliveryStream,
    NewDeliveryStreamDialog,
)
from playground.ui.datalake.messages import LakeChanged, LakeRefreshed, PreviewRead
from playground.ui.datalake.tables import DeliveryTable, ObjectTable, human_size
from playground.ui.datalake.workers import DataLakeWorkers

BUFFERING_NOTE = NOTES["firehose-buffering"]
SHORT_NOTE = ("this target ignores the hints: each record lands at once, as its own object "
              "(AWS buffers by size or time)")
"""The buffering parity note where the full one does not fit (under 120 columns)."""
PARITY = ("firehose-buffering", "firehose-kinesis-source")
PANES = (
    Pane("Delivery streams", ("#lake-streams",), box="#lake-streams"),
    Pane("Put record", ("#lake-put",), box="#lake-put-box"),
    Pane("Objects", ("#lake-objects",), box="#lake-objects"),
    Pane("Preview", ("#lake-preview",), box="#lake-preview"),
)


class DataLakeWorkbench(PaneKeys, DataLakeWorkers, PollingWorkbench):
    """All state lives here; widgets show it, workers make the calls."""

    PARITY_KEYS = PARITY
    CSS_PATH = "screen.tcss"
    PANES = PANES
    BINDINGS = [
        Binding("escape", "back", "Back", id="datalake.back"),
        *pane_bindings(PANES, "datalake"),
        Binding("n", "new_stream", "New delivery stream", id="datalake.stream.new"),
        Binding("b", "new_bucket", "New bucket", id="datalake.bucket.new"),
        Binding("p", "compose", "Put record", id="datalake.compose"),
        Binding("d", "delete_stream", "Delete stream", id="datalake.stream.delete"),
        Binding("x", "delete_bucket", "Delete bucket", id="datalake.bucket.delete"),
        Binding("r", "refresh", "Refresh", id="datalake.refresh"),
    ]
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (120, "-wide")]

    def __init__(self) -> None:
        super().__init__(name="datalake")
        self.buckets: list[str] = []
        self.kinesis_streams: list[str] = []
        self.ignores_buffering = False
        self._previewed: tuple[str, str] | None = None
        self._watching: tuple[str, str] | None = None

    def compose_body(self) -> ComposeResult:
        with Horizontal(id="lake-main"):
            with Vertical(id="lake-left"):
                yield DeliveryTable(id="lake-streams")
                yield NoteLine("", id="lake-note")
                yield Static("", id="lake-details")
                with Vertical(id="lake-put-box"):
                    yield Input(placeholder='a record, e.g. {"order": 1}', id="lake-put")
            with Vertical(id="lake-right"):
                yield ObjectTable(id="lake-objects",
                                  show_times=self.playground.settings.ui.clock)
                with VerticalScroll(id="lake-preview"):
                    yield Static("", id="lake-preview-text")

    def on_mount(self) -> None:
        super().on_mount()
        self.number_panes()
        self.query_one(DeliveryTable).focus()
        self._describe(None)
        self.start_polling()

    def on_resize(self) -> None:
        self.query_one(DeliveryTable).fit(wide=not self.has_class("-narrow"))
        self._describe(self.query_one(DeliveryTable).selected_info)

    # --- what the poll reads ----------------------------------------------------------------
    def watched(self) -> tuple[str, str] | None:
        """Read by the poll worker: the selected stream's bucket and prefix."""
        info = self.query_one(DeliveryTable).selected_info
        if info is None or info.bucket is None:
            return None
        return info.bucket, info.prefix

    def clear_view(self) -> None:
        self._watching = None
        self.query_one(DeliveryTable).show([])
        self.query_one(ObjectTable).watch_prefix("")
        self._show_preview(None)

    def on_lake_refreshed(self, message: LakeRefreshed) -> None:
        if not self.show_listing(
                self.query_one(DeliveryTable), message.streams, message.error,
                "No delivery stream yet: b makes a bucket, n a delivery stream."):
            return
        self.buckets, self.kinesis_streams = message.buckets, message.kinesis_streams
        if message.watched is not None and message.watched == self.watched():
            self._show_objects(message.watched, message.objects)

    def _show_objects(self, watched: tuple[str, str], objects: Any) -> None:
        bucket, prefix = watched
        box = self.query_one(ObjectTable)
        if objects is None:
            box.border_subtitle = plain(f"bucket {bucket} does not exist")
            return
        new = box.show(objects)
        count = f"{len(objects):,} object{'s' if len(objects) != 1 else ''}"
        box.border_subtitle = plain(f"s3://{bucket}/{prefix} · {count}"
                                    + (f" · {new} just landed" if new else ""))

    def on_delivery_table_selected(self, message: DeliveryTable.Selected) -> None:
        info = self.query_one(DeliveryTable).streams.get(message.stream or "")
        self._describe(info)
        watched = self.watched()
        if watched == self._watching:
            return
        self._watching = watched
        objects = self.query_one(ObjectTable)
        objects.watch_prefix(watched[1] if watched else "")
        objects.border_subtitle = ""
        self._show_preview(None)
        if watched is not None:
            self.action_refresh()

    def _describe(self, info: DeliveryStreamInfo | None) -> None:
        """The selected stream's source, destination and buffering hints, with the parity
        note where this target writes at once whatever the hints say."""
        details = self.query_one("#lake-details", Static)
        if info is None:
            details.update(Text("Pick a delivery stream to see where it writes and how it "
                                "buffers.", style="dim"))
            return
        text = Text()
        narrow = self.has_class("-narrow")
        source = (f"Kinesis stream {info.source_stream}" if info.source_stream
                  else "direct put" if narrow else "direct put (PutRecord, PutRecordBatch)")
        text.append("from   ", style="dim")
        text.append(clean(source) + "\n")
        text.append("into   ", style="dim")
        text.append(clean(f"s3://{info.bucket}/{info.prefix}") + "\n")
        text.append("buffer ", style="dim")
        text.append(clean(f"{info.size_mb} MiB or {info.interval_s} s"
                          + ("" if narrow else ", whichever first")))
        if self.ignores_buffering:
            text.append("\n⚠ ", style="yellow")
            text.append(SHORT_NOTE if narrow else BUFFERING_NOTE.text(), style="yellow")
        details.update(text)
        put = self.query_one("#lake-put-box")
        put.border_subtitle = plain(f"→ Kinesis {info.source_stream}" if info.source_stream
                                    else f"→ {info.name}")

    def show_parity(self, notes: list[str]) -> None:
        """The buffering note sits beside the hints it is about, not above the workbench."""
        self.ignores_buffering = BUFFERING_NOTE.text() in notes
        super().show_parity([n for n in notes if n != BUFFERING_NOTE.text()])
        self._describe(self.query_one(DeliveryTable).selected_info)

    # --- objects and their preview ------------------------------------------------------------
    def on_object_table_picked(self, message: ObjectTable.Picked) -> None:
        watched, target = self.watched(), self.target
        if message.key is None or watched is None or target is None:
            self._show_preview(None)
            return
        if self._previewed == (watched[0], message.key):
            return
        self._previewed = (watched[0], message.key)
        self.read_preview(target, watched[0], message.key)

    def on_preview_read(self, message: PreviewRead) -> None:
        if self._previewed != (message.bucket, message.key):
            return
        box = self.query_one("#lake-preview")
        if message.preview is None:
            self._show_preview(Text(clean(f"cannot read {message.key}: {message.error}"),
                                    style="red"))
            return
        preview = message.preview
        name = preview.key.rsplit("/", 1)[-1]
        box.border_subtitle = plain(f"{name[:40]} · " + (
            f"first {human_size(preview.shown)} of {human_size(preview.size)}"
            if preview.truncated else human_size(preview.size))
            + (" · binary, hex" if preview.binary else ""))
        self._show_preview(Text("\n".join(preview.lines), no_wrap=preview.binary))

    def _show_preview(self, text: Text | None) -> None:
        if text is None:
            self._previewed = None
            self.query_one("#lake-preview").border_subtitle = ""
            text = Text("The selected object's first 4 KiB show here.", style="dim")
        self.query_one("#lake-preview-text", Static).update(text)

    # --- writes -------------------------------------------------------------------------------
    def on_lake_changed(self, message: LakeChanged) -> None:
        self.note(message.text, error=message.error)
        if message.select:
            self._select_when_listed = message.select
        self.action_refresh()

    def action_new_bucket(self) -> None:
        def chosen(name: str | None) -> None:
            if name and self.target is not None:
                self.note(f"creating bucket {name}…")
                self.create_bucket(self.target, name)

        self.app.push_screen(NewBucketDialog(), chosen)

    def action_new_stream(self) -> None:
        if not self.buckets:
            self.notify("Create a bucket first (b)", severity="warning")
            return
        info = self.query_one(DeliveryTable).selected_info

        def chosen(request: NewDeliveryStream | None) -> None:
            if request and self.target is not None:
                name = account_name(self.app, request.name)
                self.note(f"creating {name}…")
                self.create_delivery_stream(self.target, NewDeliveryStream(
                    name, request.bucket, request.prefix, request.source_stream,
                    request.size_mb, request.interval_s))

        self.app.push_screen(NewDeliveryStreamDialog(
            self.buckets, self.kinesis_streams, info.bucket if info else None), chosen)

    def action_compose(self) -> None:
        self.query_one("#lake-put", Input).focus()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        if event.input.id != "lake-put":
            return
        event.stop()
        info, target = self.query_one(DeliveryTable).selected_info, self.target
        if info is None or target is None:
            self.notify("Pick or create a delivery stream first", severity="warning")
            return
        # A newline ends each record, so records stay apart in the object Firehose writes.
        data = (event.value if event.value.endswith("\n") else event.value + "\n").encode(
            "utf-8", errors="surrogatepass")
        issues = record_issues(data)
        if issues:
            self.note(str(issues[0]), error=True)
            return
        self.put_record(target, info, data)

    def action_delete_stream(self) -> None:
        name, target = self.query_one(DeliveryTable).selected, self.target
        if name is None or target is None:
            self.notify("No delivery stream selected", severity="warning")
            return

        def answered(yes: bool | None) -> None:
            if yes:
                self.delete_delivery_stream(target, name)

        self.app.push_screen(ConfirmDialog(
            f"Delete delivery stream {name}?", "Records it still buffers are not delivered. "
            "The bucket and what already landed stay.", "Delete"), answered)

    def action_delete_bucket(self) -> None:
        watched, target = self.watched(), self.target
        if watched is None or target is None:
            self.notify("Pick a delivery stream: its bucket is the one deleted",
                        severity="warning")
            return
        bucket = watched[0]

        def answered(yes: bool | None) -> None:
            if yes:
                self.delete_bucket(target, bucket)

        self.app.push_screen(ConfirmDialog(
            f"Delete bucket {bucket}?", "Deletes every object in it first (S3 deletes only "
            "an empty bucket), then the bucket.", "Delete"), answered)

    def action_back(self) -> None:
        if self.focused is self.query_one("#lake-put"):
            self.query_one(DeliveryTable).focus()
            return
        self.app.pop_screen()
