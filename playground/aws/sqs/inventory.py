"""The playground's queues in one region (approval queues of state machines among them)."""

from __future__ import annotations

from functools import partial

from playground.aws.inventory import Resource, Survey, as_utc
from playground.aws.sqs.service import SqsService, queue_name


def find(survey: Survey) -> list[Resource]:
    sqs = SqsService(survey.target)
    found: list[Resource] = []
    for url, tags in survey.tagged("sqs", "ListQueues", sqs.list_queue_urls,
                                   "ListQueueTags", sqs.tags):
        attrs = survey.ask("sqs", "GetQueueAttributes", partial(sqs.attributes, url)) or {}
        name = queue_name(url)
        found.append(Resource(
            "sqs", "queue", name, survey.region, url, as_utc(attrs.get("CreatedTimestamp")), tags,
            {"fifo": attrs.get("FifoQueue") == "true" or name.endswith(".fifo")},
            delete=partial(sqs.delete_queue, url)))
    return found
