"""The Data lake workbench's thread workers: every AWS call the screen makes starts here."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from textual import work

from playground.aws.common import error_code, error_message
from playground.aws.firehose.service import DeliveryStreamInfo, FirehoseService
from playground.aws.kinesis.service import KinesisService
from playground.aws.s3.service import S3Service
from playground.targets import Target
from playground.ui.common.workers import LOOP_GROUPS, report_change
from playground.ui.datalake.messages import LakeChanged, LakeRefreshed, PreviewRead

if TYPE_CHECKING:
    from textual.message import Message

    from playground.ui.datalake.dialogs import NewDeliveryStream

LOOP_GROUPS.add("lake-poll")
GONE = ("ResourceNotFoundException", "NoSuchBucket")
PARTITION_KEY = "data-lake-workbench"


def delivery_streams(svc: FirehoseService) -> list[DeliveryStreamInfo]:
    """Every delivery stream described; one deleted between the two calls is skipped."""
    out = []
    for name in svc.list_delivery_streams():
        try:
            out.append(svc.describe(name))
        except Exception as exc:
            if error_code(exc) not in GONE:
                raise
    return out


class DataLakeWorkers:
    """Mixed into the workbench screen; workers only call AWS and post messages."""

    if TYPE_CHECKING:
        def post_message(self, message: Message) -> bool: ...

        def watched(self) -> tuple[str, str] | None: ...

        def poll_until_cancelled(self, target: Target, read: Callable[[], None],
                                 failed: Callable[[str], Message]) -> None: ...

    @work(thread=True, exclusive=True, exit_on_error=False, group="lake-poll",
          description="refresh delivery streams and objects")
    def poll(self, target: Target) -> None:
        """ListDeliveryStreams + DescribeDeliveryStream, ListBuckets, ListStreams and the
        watched prefix's ListObjectsV2, every 2 s (paced like every loop; sooner when asked)."""
        firehose, s3, kinesis = FirehoseService(target), S3Service(target), KinesisService(target)

        def read() -> None:
            streams = delivery_streams(firehose)
            buckets = s3.list_buckets()
            try:
                sources = kinesis.list_streams()
            except Exception:
                sources = []  # a target without Kinesis still has a lake to show
            watched = self.watched()
            objects = None
            if watched is not None and watched[0] in buckets:
                objects = s3.objects(*watched)
            self.post_message(LakeRefreshed(streams, buckets, sources, watched, objects))

        self.poll_until_cancelled(target, read, lambda text: LakeRefreshed([], error=text))

    @work(thread=True, exclusive=True, exit_on_error=False, group="lake-preview",
          description="preview an object")
    def read_preview(self, target: Target, bucket: str, key: str) -> None:
        try:
            with target.recorder.background():
                preview = S3Service(target).preview(bucket, key)
        except Exception as exc:
            self.post_message(PreviewRead(bucket, key, None, error_message(exc)))
            return
        self.post_message(PreviewRead(bucket, key, preview))

    def _change(self, call: Callable[[], str], failure: str, select: str | None = None) -> None:
        """Run one write; say what it did, or the service's words for why not."""
        report_change(self.post_message, LakeChanged, call, failure, select)

    @work(thread=True, exit_on_error=False, group="lake-write", description="create bucket")
    def create_bucket(self, target: Target, name: str) -> None:
        def call() -> str:
            S3Service(target).create_bucket(name)
            return f"created bucket {name}"

        self._change(call, f"could not create bucket {name}")

    @work(thread=True, exit_on_error=False, group="lake-write",
          description="create delivery stream")
    def create_delivery_stream(self, target: Target, request: NewDeliveryStream) -> None:
        def call() -> str:
            arn = None
            if request.source_stream:
                arn = KinesisService(target).stream_arns().get(request.source_stream)
                if arn is None:
                    raise LookupError(f"stream {request.source_stream} is gone")
            svc = FirehoseService(target)
            svc.create(request.name, request.bucket, prefix=request.prefix,
                       size_mb=request.size_mb, interval_s=request.interval_s,
                       source_stream_arn=arn)
            status = svc.wait_active(request.name, timeout=120, delay=1.0)
            return f"created {request.name}: {status}"

        self._change(call, f"could not create {request.name}", select=request.name)

    @work(thread=True, exit_on_error=False, group="lake-write", description="put record")
    def put_record(self, target: Target, stream: DeliveryStreamInfo, data: bytes) -> None:
        """To the delivery stream (DirectPut), or to its Kinesis stream: Firehose refuses
        PutRecord on a delivery stream that reads a Kinesis stream."""
        def call() -> str:
            if stream.source_stream:
                shard, _ = KinesisService(target).put_record(stream.source_stream, data,
                                                             PARTITION_KEY)
                return (f"put {len(data):,} bytes on Kinesis stream {stream.source_stream} "
                        f"({shard}); {stream.name} reads it")
            FirehoseService(target).put_record(stream.name, data)
            return f"put {len(data):,} bytes to {stream.name}"

        self._change(call, f"could not put to {stream.source_stream or stream.name}")

    @work(thread=True, exit_on_error=False, group="lake-write",
          description="delete delivery stream")
    def delete_delivery_stream(self, target: Target, name: str) -> None:
        def call() -> str:
            FirehoseService(target).delete(name)
            return f"deleted delivery stream {name}"

        self._change(call, f"could not delete {name}")

    @work(thread=True, exit_on_error=False, group="lake-write", description="delete bucket")
    def delete_bucket(self, target: Target, name: str) -> None:
        def call() -> str:
            svc = S3Service(target)
            count = svc.empty_bucket(name)
            svc.client.delete_bucket(Bucket=name)
            return f"deleted bucket {name} and its {count:,} object(s)"

        self._change(call, f"could not delete bucket {name}")
