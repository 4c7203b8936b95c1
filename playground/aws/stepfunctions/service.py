"""Step Functions: state machines, executions and their history, task tokens, activities."""

from __future__ import annotations

import json
from typing import Any

from playground.aws.common import is_probe_resource, managed_tags, tag_list
from playground.targets.base import Target

# Emulators do not check the role; AWS needs one that Step Functions can assume.
PLACEHOLDER_ROLE = "arn:aws:iam::{account}:role/playground-sfn-role"
MAX_HISTORY_EVENTS = 25_000
"""AWS fails an execution whose history reaches 25,000 events: no history is longer."""


class StepFunctionsService:
    def __init__(self, target: Target) -> None:
        self.target = target

    @property
    def client(self) -> Any:
        return self.target.client("stepfunctions")

    def _listed(self, operation: str, key: str) -> list[dict[str, Any]]:
        """Every page of a list call, the probes' own resources left out."""
        items: list[dict[str, Any]] = []
        for page in self.client.get_paginator(operation).paginate():
            items.extend(i for i in page.get(key, []) if not is_probe_resource(i["name"]))
        return items

    def list_state_machines(self) -> list[dict[str, Any]]:
        return self._listed("list_state_machines", "stateMachines")

    def create_state_machine(self, name: str, definition: dict[str, Any], *,
                             role_arn: str | None = None, kind: str = "STANDARD",
                             tags: dict[str, str] | None = None) -> str:
        role = role_arn or PLACEHOLDER_ROLE.format(account=self.target.account_id or "000000000000")
        resp = self.client.create_state_machine(
            name=name, definition=json.dumps(definition), roleArn=role, type=kind,
            tags=[{"key": t["Key"], "value": t["Value"]} for t in tag_list(managed_tags(tags))])
        return str(resp["stateMachineArn"])

    def list_activities(self) -> list[dict[str, Any]]:
        return self._listed("list_activities", "activities")

    def delete_activity(self, arn: str) -> None:
        self.client.delete_activity(activityArn=arn)

    def tags(self, arn: str) -> dict[str, str]:
        """A state machine's or activity's tags as a dict."""
        tags = self.client.list_tags_for_resource(resourceArn=arn).get("tags", [])
        return {t["key"]: t.get("value", "") for t in tags}

    def describe_state_machine(self, arn: str) -> dict[str, Any]:
        return dict(self.client.describe_state_machine(stateMachineArn=arn))

    def delete_state_machine(self, arn: str) -> None:
        self.client.delete_state_machine(stateMachineArn=arn)

    def start_execution(self, arn: str, payload: Any = None, name: str | None = None) -> str:
        """`payload` is any JSON value (`[]` and `0` are inputs too); None sends `{}`."""
        kwargs: dict[str, Any] = {"stateMachineArn": arn,
                                  "input": json.dumps({} if payload is None else payload)}
        if name:
            kwargs["name"] = name
        return str(self.client.start_execution(**kwargs)["executionArn"])

    def list_executions(self, arn: str) -> list[dict[str, Any]]:
        return list(self.client.list_executions(stateMachineArn=arn).get("executions", []))

    def describe_execution(self, arn: str) -> dict[str, Any]:
        return dict(self.client.describe_execution(executionArn=arn))

    def history(self, execution_arn: str, limit: int | None = None) -> list[dict[str, Any]]:
        """The execution's events, oldest first; at most `limit` of them (a loop on an emulator
        that does not stop executions at AWS's 25,000 events grows its history without end)."""
        events: list[dict[str, Any]] = []
        paginator = self.client.get_paginator("get_execution_history")
        config = {"PaginationConfig": {"MaxItems": limit, "PageSize": 1000}} if limit else {}
        for page in paginator.paginate(executionArn=execution_arn, **config):
            events.extend(page.get("events", []))
        return events[:limit] if limit else events

    def send_task_success(self, token: str, output: dict[str, Any]) -> None:
        self.client.send_task_success(taskToken=token, output=json.dumps(output))

    def send_task_failure(self, token: str, error: str, cause: str = "") -> None:
        self.client.send_task_failure(taskToken=token, error=error, cause=cause)
