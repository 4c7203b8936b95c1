"""Reset a lab: delete exactly what it made (its name prefix AND our tag), nothing else."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from functools import partial
from typing import Any, TypeVar

from playground.aws.common import (
    LAB_TAG_KEY,
    MANAGED_TAG_KEY,
    MANAGED_TAG_VALUE,
    NO_TAGGING_CODES,
    error_code,
    error_message,
)
from playground.aws.lambda_.roles import ROLE_PATH, delete_role
from playground.aws.lambda_.service import LambdaService
from playground.aws.sns.inventory import delete_topic
from playground.aws.sns.service import topic_name
from playground.aws.sqs.service import queue_name
from playground.lab.context import LabContext
from playground.targets.errors import TargetError

T = TypeVar("T")
ABSENT_SERVICE_CODES = NO_TAGGING_CODES | {"InternalFailure", "ServiceUnavailable",
                                           "ServiceNotEnabled", "501"}
"""What a target answers for a service it does not run."""


@dataclass
class ResetReport:
    deleted: list[str] = field(default_factory=list)
    """`queue pg-sqs101-orders`, one per resource deleted."""
    kept: list[str] = field(default_factory=list)
    """Resources with the lab's prefix but not our tag, and why they were left alone."""
    errors: list[str] = field(default_factory=list)


def is_ours(tags: dict[str, str], lab_id: str) -> bool:
    """Tagged for this lab, or made by the playground (workbench) and not for another lab."""
    if LAB_TAG_KEY in tags:
        return tags[LAB_TAG_KEY] == lab_id
    return tags.get(MANAGED_TAG_KEY) == MANAGED_TAG_VALUE


@dataclass(frozen=True)
class _Found:
    kind: str
    name: str
    delete: Callable[[], None]
    tags: Callable[[], dict[str, str]]


def _unless_absent(listing: Callable[[], list[T]]) -> list[T]:
    """A listing, or nothing where the target has no such service (LocalStack started without
    Lambda or IAM answers so): there is nothing of the lab's there to delete."""
    try:
        return listing()
    except TargetError:
        raise
    except Exception as exc:
        if error_code(exc) in ABSENT_SERVICE_CODES or "not enabled" in str(exc).lower():
            return []
        raise


def _delete_function(lam: LambdaService, name: str) -> None:
    for mapping in lam.mappings(name):
        lam.delete_mapping(mapping.uuid)
    lam.delete_function(name)


def _role_tags(iam: Any, name: str) -> dict[str, str]:
    return {t["Key"]: t.get("Value", "") for t in iam.list_role_tags(RoleName=name).get("Tags", [])}


class LabCleaner:
    def __init__(self, ctx: LabContext, services: list[str]) -> None:
        self.ctx = ctx
        self.services = services
        self.prefix = ctx.name_prefix

    def _topics(self) -> list[_Found]:
        sns = self.ctx.sns
        return [_Found("topic", topic_name(arn), partial(delete_topic, sns, arn),
                       partial(sns.tags, arn))
                for arn in sns.list_topics() if topic_name(arn).startswith(self.prefix)]

    def _archives(self) -> list[_Found]:
        """Archives cannot be tagged, so the lab's prefix alone decides."""
        events = self.ctx.events
        try:
            archives = events.list_archives()
        except Exception as exc:
            if error_code(exc) in NO_TAGGING_CODES:
                return []
            raise
        lab_tag = {LAB_TAG_KEY: self.ctx.lab_id}
        return [_Found("archive", a["ArchiveName"], partial(events.delete_archive, a["ArchiveName"]),
                       partial(dict, lab_tag))
                for a in archives if a["ArchiveName"].startswith(self.prefix)]

    def _rules_and_buses(self) -> list[_Found]:
        events = self.ctx.events
        buses = [b for b in events.list_buses() if b["Name"].startswith(self.prefix)]
        found: list[_Found] = []
        for bus in ["default", *(b["Name"] for b in buses)]:
            found += [_Found("rule", r["Name"], partial(events.delete_rule, r["Name"], bus),
                             partial(events.tags, r["Arn"]))
                      for r in events.list_rules(bus) if r["Name"].startswith(self.prefix)]
        found += [_Found("event bus", b["Name"], partial(events.delete_bus, b["Name"]),
                         partial(events.tags, b["Arn"])) for b in buses]
        return found

    def _state_machines(self) -> list[_Found]:
        sfn = self.ctx.sfn
        return [_Found("state machine", m["name"],
                       partial(sfn.delete_state_machine, m["stateMachineArn"]),
                       partial(sfn.tags, m["stateMachineArn"]))
                for m in sfn.list_state_machines() if m["name"].startswith(self.prefix)]

    def _streams(self) -> list[_Found]:
        kinesis = self.ctx.kinesis
        return [_Found("stream", name, partial(kinesis.delete_stream, name),
                       partial(kinesis.tags, name))
                for name in kinesis.list_streams() if name.startswith(self.prefix)]

    def _delivery_streams(self) -> list[_Found]:
        firehose = self.ctx.firehose
        return [_Found("delivery stream", name, partial(firehose.delete, name),
                       partial(firehose.tags, name))
                for name in firehose.list_delivery_streams() if name.startswith(self.prefix)]

    def _buckets(self) -> list[_Found]:
        """Deleted with every object in them (S3 deletes only an empty bucket)."""
        s3 = self.ctx.s3
        return [_Found("bucket", name, partial(s3.delete_bucket, name), partial(s3.tags, name))
                for name in s3.list_buckets() if name.startswith(self.prefix)]

    def _functions(self) -> list[_Found]:
        """The lab's functions, each with its event source mappings (deleted first: AWS keeps a
        mapping whose function is gone)."""
        lam = self.ctx.lambda_
        functions = _unless_absent(lam.list_functions)
        return [_Found("function", f.name, partial(_delete_function, lam, f.name),
                       partial(lam.tags, f.arn))
                for f in functions if f.name.startswith(self.prefix)]

    def _roles(self) -> list[_Found]:
        """Execution roles the lab made (IAM is global: by name and tag, as everywhere)."""
        iam = self.ctx.target.client("iam")
        roles = _unless_absent(lambda: [r for page in iam.get_paginator("list_roles").paginate(
            PathPrefix=ROLE_PATH) for r in page.get("Roles", [])])
        return [_Found("execution role", r["RoleName"],
                       partial(delete_role, self.ctx.target, r["RoleName"]),
                       partial(_role_tags, iam, r["RoleName"]))
                for r in roles if r["RoleName"].startswith(self.prefix)]

    def _queues(self) -> list[_Found]:
        sqs = self.ctx.sqs
        return [_Found("queue", queue_name(url), partial(sqs.delete_queue, url),
                       partial(sqs.tags, url))
                for url in sqs.list_queue_urls(self.prefix)
                if queue_name(url).startswith(self.prefix)]

    def find(self) -> list[_Found]:
        """Candidates by prefix, in a safe deletion order (subscribers' sources first)."""
        finders = [("sns", self._topics), ("events", self._archives),
                   ("events", self._rules_and_buses),
                   ("stepfunctions", self._state_machines),
                   ("lambda", self._functions), ("lambda", self._roles),
                   ("firehose", self._delivery_streams), ("kinesis", self._streams),
                   ("sqs", self._queues), ("s3", self._buckets)]
        return [f for service, finder in finders if service in self.services for f in finder()]

    def reset(self) -> ResetReport:
        report = ResetReport()
        for found in self.find():
            label = f"{found.kind} {found.name}"
            try:
                tags = found.tags()
            except TargetError:
                raise
            except Exception as exc:
                if error_code(exc) not in NO_TAGGING_CODES:
                    report.errors.append(f"{label}: cannot read its tags ({error_message(exc)})")
                    continue
                tags = {LAB_TAG_KEY: self.ctx.lab_id}  # the service has no tags: prefix decides
            if not is_ours(tags, self.ctx.lab_id):
                report.kept.append(f"{label}: has the lab's prefix but not its tag "
                                   f"({LAB_TAG_KEY}={self.ctx.lab_id}), so it was left alone")
                continue
            try:
                found.delete()
            except TargetError:
                raise  # read-only, or writes to a real account not confirmed: the caller asks
            except Exception as exc:
                report.errors.append(f"{label}: {error_message(exc)}")
            else:
                report.deleted.append(label)
        return report

