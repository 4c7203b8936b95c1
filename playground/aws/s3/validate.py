"""Bucket names AWS refuses, caught before the call with one clear sentence each.

The rules are the S3 user guide's "General purpose bucket naming rules"
(https://docs.aws.amazon.com/AmazonS3/latest/userguide/bucketnamingrules.html): 3 to 63
characters; lowercase letters, digits, dots and hyphens only; a letter or digit first and
last; no two dots in a row; not an IP address; none of the reserved prefixes and suffixes.
botocore itself only refuses characters outside `[a-zA-Z0-9.\\-_]`, with a message about a
regex, and sends the rest for S3 to answer `InvalidBucketName`.
"""

from __future__ import annotations

import re

from playground.aws.validation import Issue

NAME_MIN = 3
NAME_MAX = 63
RESERVED_PREFIXES = ("xn--", "sthree-", "amzn-s3-demo-")
RESERVED_SUFFIXES = ("-s3alias", "--ol-s3", ".mrap", "--x-s3", "--table-s3")
_IP = re.compile(r"\d{1,3}(\.\d{1,3}){3}")
_ALLOWED = re.compile(r"[a-z0-9.-]+")
_SHOWN = 40
"""Characters of a bad name quoted back: a 10 MB paste is not echoed."""


def _quoted(name: str) -> str:
    shown = name if len(name) <= _SHOWN else name[:_SHOWN] + "…"
    return ascii(shown)


def bucket_name_issues(name: str) -> list[Issue]:
    """What AWS would refuse in `name` as a bucket name; empty when it would take it."""
    field = "bucket name"
    if not name:
        return [Issue(field, "give a bucket name (3 to 63 characters: a-z, 0-9, dots, hyphens)")]
    if len(name) < NAME_MIN or len(name) > NAME_MAX:
        return [Issue(field, f"{_quoted(name)} has {len(name):,} characters; a bucket name has "
                             f"{NAME_MIN} to {NAME_MAX}")]
    if not _ALLOWED.fullmatch(name):
        bad = next(c for c in name if not _ALLOWED.fullmatch(c))
        why = "uppercase letters are not allowed" if bad.isupper() else f"{bad!a} is not allowed"
        return [Issue(field, f"{_quoted(name)}: {why}; a bucket name takes only lowercase letters, "
                             "digits, dots and hyphens")]
    issues: list[Issue] = []
    if not name[0].isalnum() or not name[-1].isalnum():
        issues.append(Issue(field, f"{_quoted(name)} must begin and end with a letter or digit"))
    if ".." in name:
        issues.append(Issue(field, f"{_quoted(name)} has two dots in a row"))
    if _IP.fullmatch(name):
        issues.append(Issue(field, f"{_quoted(name)} is formatted as an IP address, which S3 "
                                   "refuses"))
    for prefix in RESERVED_PREFIXES:
        if name.startswith(prefix):
            issues.append(Issue(field, f"names starting with {prefix!r} are reserved by AWS"))
    for suffix in RESERVED_SUFFIXES:
        if name.endswith(suffix):
            issues.append(Issue(field, f"names ending with {suffix!r} are reserved by AWS"))
    return issues


def bucket_name_problem(name: str) -> str | None:
    """The first issue as one sentence, or None when AWS would accept the name."""
    issues = bucket_name_issues(name)
    return str(issues[0]) if issues else None
