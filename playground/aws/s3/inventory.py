"""The playground's S3 buckets in one region (deleted with everything in them)."""

from __future__ import annotations

from functools import partial

from playground.aws.inventory import Resource, Survey
from playground.aws.s3.service import S3Service, bucket_arn


def find(survey: Survey) -> list[Resource]:
    s3 = S3Service(survey.target)
    found: list[Resource] = []
    # ListBuckets answers with every region's buckets: each region takes its own.
    for name, tags in survey.tagged("s3", "ListBuckets", partial(s3.list_buckets, survey.region),
                                    "GetBucketTagging", s3.tags):
        found.append(Resource("s3", "bucket", name, survey.region, bucket_arn(name), None, tags,
                              delete=partial(s3.delete_bucket, name)))
    return found
