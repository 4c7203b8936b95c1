"""What every service module shares: tags that mark our resources, error wording."""

from __future__ import annotations

from typing import Any

MANAGED_TAG_KEY = "playground:managed"
MANAGED_TAG_VALUE = "true"
LAB_TAG_KEY = "playground:lab"
"""Added to the managed tag on what a lab makes (its value: the lab's id). Here, not in lab/,
so teardown in aws/ can recognise a lab's resources without importing the labs."""
NO_TAGGING_CODES = frozenset({"UnknownOperationException", "NotImplemented", "InvalidAction",
                              "UnsupportedOperation", "NotImplementedException"})
"""What a target answers a tag call it does not have (some emulators)."""
PROBE_PREFIX = "pg-probe-"
"""Names of the resources the capability probes create and delete within a second or two."""


def is_probe_resource(name: str) -> bool:
    """A probe's own resource (by name, URL or ARN): never the learner's, so no list shows it
    (the SQS workbench opened on `pg-probe-message-move-task-…` as its current queue)."""
    return name.replace(":", "/").rsplit("/", 1)[-1].startswith(PROBE_PREFIX)


def managed_tags(extra: dict[str, str] | None = None) -> dict[str, str]:
    """Tags put on everything the playground creates, so teardown deletes only those."""
    tags = {MANAGED_TAG_KEY: MANAGED_TAG_VALUE}
    tags.update(extra or {})
    return tags


def is_managed(tags: dict[str, str]) -> bool:
    """Made by the playground: it carries the managed tag or a lab's tag (nothing else counts)."""
    return tags.get(MANAGED_TAG_KEY) == MANAGED_TAG_VALUE or LAB_TAG_KEY in tags


def tag_dict(tags: list[dict[str, str]]) -> dict[str, str]:
    """`[{"Key": "k", "Value": "v"}]` as `{"k": "v"}` (a missing Value is an empty one)."""
    return {t["Key"]: t.get("Value", "") for t in tags}


def tag_list(tags: dict[str, str]) -> list[dict[str, str]]:
    """`{"k": "v"}` as `[{"Key": "k", "Value": "v"}]` (SNS, EventBridge, Step Functions use lists)."""
    return [{"Key": k, "Value": v} for k, v in tags.items()]


def error_code(exc: BaseException) -> str:
    response: Any = getattr(exc, "response", None) or {}
    return str(response.get("Error", {}).get("Code", type(exc).__name__))


def error_message(exc: BaseException) -> str:
    """The service's own words, which are what a learner should read."""
    response: Any = getattr(exc, "response", None) or {}
    err = response.get("Error", {})
    if err:
        code, message = err.get("Code", ""), err.get("Message", "")
        return f"{code}: {message}" if message else str(code)
    return str(exc)
