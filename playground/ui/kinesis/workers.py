"""The Kinesis workbench's thread workers: every AWS call the screen makes starts here."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from textual import work
from textual.worker import get_current_worker

from playground.aws.common import error_message
from playground.aws.kinesis.consumer import StreamTail, TailBatch
from playground.aws.kinesis.fanout import FanOutTail
from playground.aws.kinesis.lineage import short_id
from playground.aws.kinesis.producer import Producer, ProducerPlan, ProducerProgress
from playground.aws.kinesis.service import KinesisService, StreamInfo
from playground.aws.kinesis.start import StartPosition
from playground.targets import Target, TargetError
from playground.ui.common.workers import LOOP_GROUPS
from playground.ui.kinesis.messages import (
    ProducerUpdated,
    RecordPut,
    StreamChanged,
    StreamsRefreshed,
    StreamStatusSeen,
    TailUpdated,
)
from playground.ui.kinesis.put_form import PutRequest

if TYPE_CHECKING:
    from textual.message import Message

LOOP_GROUPS.update({"kinesis-streams", "kinesis-tail"})


def stream_infos(svc: KinesisService) -> list[StreamInfo]:
    """Every stream with its status; one deleted between the two calls is skipped."""
    out = []
    for name in svc.list_streams():  # the probes' own streams are left out there
        try:
            out.append(svc.summary(name))
        except Exception as exc:
            if "ResourceNotFound" not in error_message(exc):
                raise
    return out


class KinesisWorkers:
    """Mixed into the Workbench screen; workers only call AWS and post messages."""

    if TYPE_CHECKING:
        def post_message(self, message: Message) -> bool: ...

        def watched_stream(self) -> str | None: ...

        def poll_until_cancelled(self, target: Target, read: Callable[[], None],
                                 failed: Callable[[str], Message]) -> None: ...

    @work(thread=True, exclusive=True, exit_on_error=False, group="kinesis-streams",
          description="refresh streams and shards")
    def poll(self, target: Target) -> None:
        """ListStreams, DescribeStreamSummary and ListShards every 2 s (sooner when asked)."""
        svc = KinesisService(target)

        def read() -> None:
            stream = self.watched_stream()
            streams = stream_infos(svc)
            names = {s.name for s in streams}
            shards = svc.shards(stream) if stream in names else []
            self.post_message(StreamsRefreshed(streams, stream if stream in names else None,
                                               shards))

        self.poll_until_cancelled(target, read, lambda text: StreamsRefreshed([], None, [], text))

    @work(thread=True, exclusive=True, exit_on_error=False, group="kinesis-tail",
          description="consumer: GetRecords on every shard")
    def tail(self, target: Target, stream: str, start: StartPosition, run: int) -> None:
        """One thread for the whole stream; its GetRecords calls are background."""
        worker = get_current_worker()
        svc = KinesisService(target)
        reader = FanOutTail(svc, stream, start) if start.fan_out else \
            StreamTail(svc, stream, start)

        def emit(batch: TailBatch) -> None:
            if not worker.is_cancelled:
                self.post_message(TailUpdated(stream, run, batch))

        with target.recorder.background(), target.pacer.cancellable(worker.cancelled_event):
            reader.run(worker.cancelled_event, emit)

    @work(thread=True, exclusive=True, exit_on_error=False, group="kinesis-producer",
          description="producer: PutRecords at a steady rate")
    def produce(self, target: Target, stream: str, plan: ProducerPlan) -> None:
        worker = get_current_worker()
        producer = Producer(KinesisService(target), stream, plan,
                            quiet=target.recorder.background)

        def progress(update: ProducerProgress) -> None:
            self.post_message(ProducerUpdated(stream, update))

        producer.run(worker.cancelled_event, progress)
        if isinstance(producer.exception, TargetError):
            raise producer.exception  # read-only, or a real account's first write: ask

    @work(thread=True, exit_on_error=False, group="kinesis-write", description="put record")
    def put_record(self, target: Target, request: PutRequest) -> None:
        try:
            shard, sequence = KinesisService(target).put_record(
                request.stream, request.data, request.partition_key)
        except Exception as exc:
            self.post_message(RecordPut(request.stream, request.partition_key, None, None,
                                        error_message(exc)))
            if isinstance(exc, TargetError):
                raise
            return
        self.post_message(RecordPut(request.stream, request.partition_key, shard, sequence))

    def _settle(self, svc: KinesisService, name: str) -> list[str]:
        """Statuses DescribeStreamSummary reported until ACTIVE, each shown as it comes."""
        seen: list[str] = []

        def saw(status: str) -> None:
            seen.append(status)
            self.post_message(StreamStatusSeen(name, status))

        svc.wait_status(name, saw)
        return seen

    @work(thread=True, exit_on_error=False, group="kinesis-write", description="create stream")
    def create_stream(self, target: Target, name: str, shards: int,
                      on_demand: bool = False) -> None:
        svc = KinesisService(target)
        try:
            svc.create_stream(name, shards, on_demand=on_demand)
        except Exception as exc:
            if not on_demand or isinstance(exc, TargetError):
                raise
            self.post_message(StreamChanged(
                f"this target refuses on-demand streams ({error_message(exc)}); on AWS "
                "CreateStream takes StreamModeDetails ON_DEMAND: create a provisioned one here",
                error=True))
            return
        seen = self._settle(svc, name)
        # Some emulators drop CreateStream's Tags; tag again so teardown finds the stream.
        retagged = svc.ensure_tags(name)
        notes = [] if "CREATING" in seen else [
            "ACTIVE at once here; on AWS a new stream is CREATING for a few seconds"]
        if retagged:
            notes.append("tags re-added with AddTagsToStream")
        note = f" ({'; '.join(notes)})" if notes else ""
        made = "on-demand" if on_demand else f"with {shards} shards"
        self.post_message(StreamChanged(f"created {name} {made}{note}", select=name))

    @work(thread=True, exit_on_error=False, group="kinesis-write", description="set retention")
    def set_retention(self, target: Target, name: str, hours: int, current: int) -> None:
        svc = KinesisService(target)
        verb = "Increase" if hours > current else "Decrease"
        try:
            svc.set_retention(name, hours, current)
        except Exception as exc:
            self.post_message(StreamChanged(
                f"{verb}StreamRetentionPeriod refused: {error_message(exc)}", error=True))
            if isinstance(exc, TargetError):
                raise
            return
        self._settle(svc, name)
        now = svc.summary(name).retention_hours
        note = "" if now == hours else f" (but the target still says {now:,} h)"
        self.post_message(StreamChanged(f"{name} keeps records {hours:,} h now{note}",
                                        error=now != hours, select=name))

    @work(thread=True, exit_on_error=False, group="kinesis-write", description="delete stream")
    def delete_stream(self, target: Target, name: str) -> None:
        KinesisService(target).delete_stream(name)
        self.post_message(StreamChanged(f"deleted {name}"))

    @work(thread=True, exit_on_error=False, group="kinesis-write", description="split shard")
    def split(self, target: Target, stream: str, shard_id: str, key: int) -> None:
        self._reshard(target, stream, "split",
                      lambda svc: svc.split_shard(stream, shard_id, key),
                      f"split {short_id(shard_id)} at {key}: two children, lineage in the shard map")

    @work(thread=True, exit_on_error=False, group="kinesis-write", description="merge shards")
    def merge(self, target: Target, stream: str, shard_id: str, adjacent_id: str) -> None:
        self._reshard(target, stream, "merge",
                      lambda svc: svc.merge_shards(stream, shard_id, adjacent_id),
                      f"merged {short_id(shard_id)} + {short_id(adjacent_id)} into one child")

    def _reshard(self, target: Target, stream: str, verb: str,
                 change: Callable[[KinesisService], object], done: str) -> None:
        """Split or merge, wait for the stream to settle, then say what happened."""
        svc = KinesisService(target)
        try:
            change(svc)
        except Exception as exc:
            self.post_message(StreamChanged(f"{verb} refused: {error_message(exc)}", error=True))
            if isinstance(exc, TargetError):
                raise
            return
        self._settle(svc, stream)
        self.post_message(StreamChanged(done, select=stream))
