"""Data lake dialogs: a new bucket (names AWS refuses said before the call) and a new delivery
stream (source, bucket, prefix, buffering hints with AWS's defaults and limits)."""

from __future__ import annotations

from dataclasses import dataclass

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Vertical, VerticalScroll
from textual.widgets import Input, Label, Select, Static

from playground.aws.firehose import validate as fv
from playground.aws.s3.validate import bucket_name_issues
from playground.aws.validation import Issue
from playground.ui.common.dialogs import FormDialog

DIRECT = "__direct_put__"
BUFFERING_HINT = (f"Buffering hints: Firehose writes when the buffer reaches the size "
                  f"({fv.SIZE_MB_MIN}-{fv.SIZE_MB_MAX} MiB) or the interval ends "
                  f"({fv.INTERVAL_MIN}-{fv.INTERVAL_MAX} s), whichever first. Both or neither: "
                  f"empty means {fv.DEFAULT_SIZE_MB} MiB and {fv.DEFAULT_INTERVAL_S} s "
                  "(BufferingHints, Firehose API reference).")


@dataclass(frozen=True)
class NewDeliveryStream:
    name: str
    bucket: str
    prefix: str
    source_stream: str | None
    size_mb: int | None
    interval_s: int | None


class LakeFormDialog(FormDialog):
    CSS_PATH = "dialogs.tcss"
    ROW_CLASS = "lake-select-row"
    LABEL_CLASS = "lake-dialog-label"


class NewBucketDialog(LakeFormDialog):
    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog lake-dialog"):
            yield Label("New S3 bucket", classes="dialog-title")
            with VerticalScroll(classes="dialog-scroll lake-fields"):
                yield self.row("name", Input(placeholder="e.g. my-lake-2026", id="bucket-name",
                                             compact=True))
                yield Static("3 to 63 characters: a-z, 0-9, dots and hyphens; unique across every "
                             "AWS account.", classes="hint")
            yield from self.buttons("Create")

    def on_mount(self) -> None:
        self.query_one("#bucket-name").focus()

    def action_ok(self) -> None:
        name = self.query_one("#bucket-name", Input).value.strip()
        issues = bucket_name_issues(name)
        if issues:
            self.errors(issues)
            return
        self.dismiss(name)


class NewDeliveryStreamDialog(LakeFormDialog):
    def __init__(self, buckets: list[str], streams: list[str], bucket: str | None = None) -> None:
        super().__init__()
        self.buckets = buckets
        self.streams = streams
        self.bucket = bucket if bucket in buckets else (buckets[0] if buckets else None)

    def compose(self) -> ComposeResult:
        sources = [(Text("direct put (PutRecord)"), DIRECT)] + [
            (Text(f"Kinesis stream {s}"), s) for s in self.streams]
        with Vertical(classes="dialog lake-dialog lake-dialog-wide"):
            yield Label("New Firehose delivery stream into S3", classes="dialog-title")
            with VerticalScroll(classes="dialog-scroll lake-fields"):
                yield self.row("name", Input(placeholder="e.g. orders-to-lake", id="ds-name",
                                             compact=True))
                yield self.row("source", Select(sources, value=DIRECT, allow_blank=False,
                                                compact=True, id="ds-source"))
                yield self.row("bucket", Select([(Text(b), b) for b in self.buckets],
                                                value=self.bucket or Select.BLANK, compact=True,
                                                id="ds-bucket"))
                yield self.row("prefix", Input(placeholder="e.g. orders/", id="ds-prefix",
                                               compact=True))
                yield self.row("MiB", Input(placeholder=f"default {fv.DEFAULT_SIZE_MB}",
                                            id="ds-size", compact=True),
                               "seconds", Input(placeholder=f"default {fv.DEFAULT_INTERVAL_S}",
                                                id="ds-interval", compact=True))
                yield Static(BUFFERING_HINT, classes="hint")
            yield from self.buttons("Create")

    def on_mount(self) -> None:
        self.query_one("#ds-name").focus()

    def action_ok(self) -> None:
        name = self.query_one("#ds-name", Input).value.strip()
        prefix = self.query_one("#ds-prefix", Input).value
        bucket = self.query_one("#ds-bucket", Select).value
        source = self.query_one("#ds-source", Select).value
        issues = fv.delivery_stream_name_issues(name) + fv.prefix_issues(prefix)
        hint_issues, size, interval = fv.buffering_issues(
            self.query_one("#ds-size", Input).value, self.query_one("#ds-interval", Input).value)
        issues += hint_issues
        if not isinstance(bucket, str):
            issues.append(Issue("bucket", "create a bucket first (b), then pick it here"))
        if issues:
            self.errors(issues)
            return
        assert isinstance(bucket, str)
        self.dismiss(NewDeliveryStream(name, bucket, prefix,
                                       None if source == DIRECT else str(source), size, interval))
