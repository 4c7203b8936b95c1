"""EventBridge: buses, rules, targets, put-events, pattern tests, archives and replays."""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any

from playground.aws.common import is_probe_resource, managed_tags, tag_dict, tag_list
from playground.targets.base import Target


class EventsService:
    def __init__(self, target: Target) -> None:
        self.target = target

    @property
    def client(self) -> Any:
        return self.target.client("events")

    def _pages(self, operation: str, key: str, **kwargs: Any) -> list[dict[str, Any]]:
        """Every page of a list call botocore has no paginator for (buses, archives)."""
        items: list[dict[str, Any]] = []
        seen: set[str] = set()
        while True:
            resp = getattr(self.client, operation)(**kwargs)
            items.extend(resp.get(key, []))
            token = resp.get("NextToken")
            if not token or token in seen:  # an emulator repeating a token would loop forever
                return items
            seen.add(token)
            kwargs["NextToken"] = token

    def list_buses(self) -> list[dict[str, Any]]:
        return [b for b in self._pages("list_event_buses", "EventBuses")
                if not is_probe_resource(b["Name"])]

    def create_bus(self, name: str, tags: dict[str, str] | None = None) -> str:
        resp = self.client.create_event_bus(Name=name, Tags=tag_list(managed_tags(tags)))
        return str(resp["EventBusArn"])

    def delete_bus(self, name: str) -> None:
        self.client.delete_event_bus(Name=name)

    def list_rules(self, bus: str = "default") -> list[dict[str, Any]]:
        rules: list[dict[str, Any]] = []
        for page in self.client.get_paginator("list_rules").paginate(EventBusName=bus):
            rules.extend(r for r in page.get("Rules", []) if not is_probe_resource(r["Name"]))
        return rules

    def put_rule(self, name: str, pattern: dict[str, Any], *, bus: str = "default",
                 enabled: bool = True, description: str | None = None,
                 tags: dict[str, str] | None = None) -> str:
        kwargs: dict[str, Any] = {
            "Name": name, "EventPattern": json.dumps(pattern), "EventBusName": bus,
            "State": "ENABLED" if enabled else "DISABLED", "Tags": tag_list(managed_tags(tags)),
        }
        if description:
            kwargs["Description"] = description
        return str(self.client.put_rule(**kwargs)["RuleArn"])

    def set_rule_enabled(self, name: str, enabled: bool, bus: str = "default") -> None:
        if enabled:
            self.client.enable_rule(Name=name, EventBusName=bus)
        else:
            self.client.disable_rule(Name=name, EventBusName=bus)

    def delete_rule(self, name: str, bus: str = "default") -> None:
        targets = self.list_targets(name, bus)
        if targets:
            self.client.remove_targets(Rule=name, EventBusName=bus,
                                       Ids=[t["Id"] for t in targets])
        self.client.delete_rule(Name=name, EventBusName=bus)

    def list_targets(self, rule: str, bus: str = "default") -> list[dict[str, Any]]:
        return list(self.client.list_targets_by_rule(Rule=rule, EventBusName=bus)
                    .get("Targets", []))

    def put_target(self, rule: str, target_id: str, arn: str, *, bus: str = "default",
                   input_transformer: dict[str, Any] | None = None,
                   role_arn: str | None = None) -> None:
        target: dict[str, Any] = {"Id": target_id, "Arn": arn}
        if input_transformer:
            target["InputTransformer"] = input_transformer
        if role_arn:
            target["RoleArn"] = role_arn
        resp = self.client.put_targets(Rule=rule, EventBusName=bus, Targets=[target])
        if resp.get("FailedEntryCount"):
            entry = resp["FailedEntries"][0]
            raise ValueError(f"{entry.get('ErrorCode')}: {entry.get('ErrorMessage')}")

    def put_event(self, source: str, detail_type: str, detail: dict[str, Any], *,
                  bus: str = "default", resources: list[str] | None = None) -> str:
        entry: dict[str, Any] = {"Source": source, "DetailType": detail_type,
                                 "Detail": json.dumps(detail), "EventBusName": bus}
        if resources:
            entry["Resources"] = resources
        resp = self.client.put_events(Entries=[entry])
        result = resp["Entries"][0]
        if "EventId" not in result:
            raise ValueError(f"{result.get('ErrorCode')}: {result.get('ErrorMessage')}")
        return str(result["EventId"])

    def test_event_pattern(self, pattern: dict[str, Any], event: dict[str, Any]) -> bool:
        resp = self.client.test_event_pattern(EventPattern=json.dumps(pattern),
                                              Event=json.dumps(event))
        return bool(resp["Result"])

    def create_archive(self, name: str, bus_arn: str, *, pattern: dict[str, Any] | None = None,
                       retention_days: int = 1) -> str:
        kwargs: dict[str, Any] = {"ArchiveName": name, "EventSourceArn": bus_arn,
                                  "RetentionDays": retention_days}
        if pattern:
            kwargs["EventPattern"] = json.dumps(pattern)
        return str(self.client.create_archive(**kwargs)["ArchiveArn"])

    def list_archives(self) -> list[dict[str, Any]]:
        return [a for a in self._pages("list_archives", "Archives")
                if not is_probe_resource(a["ArchiveName"])]

    def tags(self, arn: str) -> dict[str, str]:
        """A bus's or rule's tags (archives have none)."""
        return tag_dict(self.client.list_tags_for_resource(ResourceARN=arn).get("Tags", []))

    def start_replay(self, name: str, archive_arn: str, bus_arn: str, start: datetime,
                     end: datetime) -> str:
        resp = self.client.start_replay(ReplayName=name, EventSourceArn=archive_arn,
                                        EventStartTime=start, EventEndTime=end,
                                        Destination={"Arn": bus_arn})
        return str(resp.get("State", ""))

    def describe_replay(self, name: str) -> dict[str, Any]:
        return dict(self.client.describe_replay(ReplayName=name))

    # --- added for the workbench ---------------------------------------------------------------
    def bus_arn(self, name: str = "default") -> str:
        return str(self.client.describe_event_bus(Name=name)["Arn"])

    def describe_rule(self, name: str, bus: str = "default") -> dict[str, Any]:
        return dict(self.client.describe_rule(Name=name, EventBusName=bus))

    def remove_target(self, rule: str, target_id: str, bus: str = "default") -> None:
        self.client.remove_targets(Rule=rule, EventBusName=bus, Ids=[target_id])

    def put_target_spec(self, rule: str, target: dict[str, Any], bus: str = "default") -> None:
        """PutTargets with one full target structure (Input, InputPath or InputTransformer...)."""
        resp = self.client.put_targets(Rule=rule, EventBusName=bus, Targets=[target])
        if resp.get("FailedEntryCount"):
            entry = resp["FailedEntries"][0]
            raise ValueError(f"{entry.get('ErrorCode')}: {entry.get('ErrorMessage')}")

    def describe_archive(self, name: str) -> dict[str, Any]:
        return dict(self.client.describe_archive(ArchiveName=name))

    def delete_archive(self, name: str) -> None:
        self.client.delete_archive(ArchiveName=name)

    def list_replays(self, archive_arn: str | None = None) -> list[dict[str, Any]]:
        kwargs: dict[str, Any] = {"EventSourceArn": archive_arn} if archive_arn else {}
        return list(self.client.list_replays(**kwargs).get("Replays", []))
