"""The playground's Kinesis streams in one region, with what their cost depends on."""

from __future__ import annotations

from functools import partial
from typing import Any

from playground.aws.inventory import Resource, Survey, as_utc
from playground.aws.kinesis.service import KinesisService


def find(survey: Survey) -> list[Resource]:
    kinesis = KinesisService(survey.target)
    found: list[Resource] = []
    for name, tags in survey.tagged("kinesis", "ListStreams", kinesis.list_streams,
                                    "ListTagsForStream", kinesis.tags):
        desc = survey.ask("kinesis", "DescribeStreamSummary", partial(_summary, kinesis, name)) or {}
        status = desc.get("StreamStatus", "unknown")
        if status == "DELETING":
            continue  # on its way out already
        found.append(Resource(
            "kinesis", "stream", name, survey.region, desc.get("StreamARN", name),
            as_utc(desc.get("StreamCreationTimestamp")), tags,
            # Not described (refused): at least one shard, the least a stream has.
            {"shards": int(desc.get("OpenShardCount", 1)),
             "mode": desc.get("StreamModeDetails", {}).get("StreamMode", "PROVISIONED"),
             "status": status},
            delete=partial(kinesis.delete_stream, name)))
    return found


def _summary(kinesis: KinesisService, name: str) -> dict[str, Any]:
    return dict(kinesis.client.describe_stream_summary(StreamName=name)["StreamDescriptionSummary"])
