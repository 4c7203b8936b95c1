"""The playground's queues in one region (approval queues of state machines among them)."""

from __future__ import annotations

from functools import partial

from playground.aws.common import is_managed
from playground.aws.inventory import Resource, Survey, as_utc
from playground.aws.sqs.service import SqsService, queue_name


def find(survey: Survey) -> list[Resource]:
    sqs = SqsService(survey.target)
    found: list[Resource] = []
    for url in survey.ask("sqs", "ListQueues", sqs.list_queue_urls) or []:
        tags = survey.ask("sqs", "ListQueueTags", partial(sqs.tags, url))
        if tags is None or not is_managed(tags):
            continue
        attrs = survey.ask("sqs", "GetQueueAttributes", partial(sqs.attributes, url)) or {}
        name = queue_name(url)
        found.append(Resource(
            "sqs", "queue", name, survey.region, url, as_utc(attrs.get("CreatedTimestamp")), tags,
            {"fifo": attrs.get("FifoQueue") == "true" or name.endswith(".fifo")},
            delete=partial(sqs.delete_queue, url)))
    return found
