"""The playground's Firehose delivery streams in one region."""

from __future__ import annotations

from functools import partial

from playground.aws.firehose.service import DeliveryStreamInfo, FirehoseService
from playground.aws.inventory import Resource, Survey


def find(survey: Survey) -> list[Resource]:
    firehose = FirehoseService(survey.target)
    found: list[Resource] = []
    for name, tags in survey.tagged("firehose", "ListDeliveryStreams",
                                    firehose.list_delivery_streams,
                                    "ListTagsForDeliveryStream", firehose.tags):
        info: DeliveryStreamInfo | None = survey.ask("firehose", "DescribeDeliveryStream",
                                                     partial(firehose.describe, name))
        if info is not None and info.status == "DELETING":
            continue
        found.append(Resource(
            "firehose", "delivery stream", name, survey.region,
            info.arn if info and info.arn else name, None, tags,
            {"source": info.source if info else "?", "bucket": info.bucket if info else None},
            delete=partial(firehose.delete, name)))
    return found
