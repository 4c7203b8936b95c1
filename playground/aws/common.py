"""What every service module shares: tags that mark our resources, error wording."""

from __future__ import annotations

from typing import Any

MANAGED_TAG_KEY = "playground:managed"
MANAGED_TAG_VALUE = "true"
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
