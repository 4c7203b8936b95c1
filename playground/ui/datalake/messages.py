"""Typed messages the Data lake workbench's thread workers post back to the screen."""

from __future__ import annotations

from dataclasses import dataclass, field

from textual.message import Message

from playground.aws.firehose.service import DeliveryStreamInfo
from playground.aws.s3.preview import Preview
from playground.aws.s3.service import ObjectInfo


@dataclass
class LakeRefreshed(Message):
    """Delivery streams, buckets and Kinesis streams, and the objects under the watched
    bucket/prefix (None when nothing is watched or the bucket is gone)."""

    streams: list[DeliveryStreamInfo]
    buckets: list[str] = field(default_factory=list)
    kinesis_streams: list[str] = field(default_factory=list)
    watched: tuple[str, str] | None = None
    objects: list[ObjectInfo] | None = None
    error: str | None = None

    def can_replace(self, message: Message) -> bool:
        return isinstance(message, LakeRefreshed)


@dataclass
class PreviewRead(Message):
    """An object's first bytes, or why they could not be read."""

    bucket: str
    key: str
    preview: Preview | None
    error: str | None = None


@dataclass
class LakeChanged(Message):
    """A create, put or delete finished (or failed, with `error`)."""

    text: str
    error: bool = False
    select: str | None = None
    """A delivery stream to select once it is listed."""
