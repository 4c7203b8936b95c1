"""What checks and actions run against: services over a target, lab names, lookups."""

from __future__ import annotations

import re
from collections.abc import Mapping
from functools import cached_property
from typing import Any

# Re-exported: checks and cleanup take the lab's tag key from here (it lives in aws/ for teardown).
from playground.aws.common import LAB_TAG_KEY as LAB_TAG_KEY
from playground.aws.common import error_code
from playground.aws.events.replay import ArchiveInfo
from playground.aws.events.service import EventsService
from playground.aws.firehose.service import FirehoseService
from playground.aws.kinesis.service import KinesisService
from playground.aws.lambda_.service import LambdaService
from playground.aws.s3.service import S3Service
from playground.aws.sns.service import SnsService, topic_name
from playground.aws.sqs.service import PeekedMessage, SqsService, look
from playground.aws.stepfunctions.service import StepFunctionsService
from playground.targets.base import Target
from playground.targets.errors import TargetError

VARIABLES = ("prefix", "lab", "region", "account", "aws", "aws_setup")
_VARIABLE = re.compile(r"\{([a-z_]+)\}")


class LabError(Exception):
    """A lab cannot go on; the message is one line a learner can act on."""


def find_unknown_variables(value: Any) -> list[str]:
    """Template variables in a YAML value that the engine does not know."""
    found: list[str] = []
    if isinstance(value, str):
        found += [m for m in _VARIABLE.findall(value) if m not in VARIABLES]
    elif isinstance(value, dict):
        for item in value.values():
            found += find_unknown_variables(item)
    elif isinstance(value, list):
        for item in value:
            found += find_unknown_variables(item)
    return found


def expand(value: Any, variables: Mapping[str, str]) -> Any:
    """Replace `{prefix}`-style variables in strings, inside dicts and lists too.

    Only known names are replaced, so JSON braces in Markdown and policies stay as they are.
    """
    if isinstance(value, str):
        return _VARIABLE.sub(lambda m: variables.get(m.group(1), m.group(0)), value)
    if isinstance(value, dict):
        return {k: expand(v, variables) for k, v in value.items()}
    if isinstance(value, list):
        return [expand(v, variables) for v in value]
    return value


class LabContext:
    """Services and name lookups for one lab on one target; `variables` fill `{prefix}` etc."""

    def __init__(self, target: Target, lab_id: str, variables: Mapping[str, str]) -> None:
        self.target = target
        self.lab_id = lab_id
        self.variables = dict(variables)

    @property
    def name_prefix(self) -> str:
        return self.variables["prefix"]

    def lab_tags(self) -> dict[str, str]:
        """Added to the managed tag on everything a lab solution creates."""
        return {LAB_TAG_KEY: self.lab_id}

    @cached_property
    def sqs(self) -> SqsService:
        return SqsService(self.target)

    @cached_property
    def sns(self) -> SnsService:
        return SnsService(self.target)

    @cached_property
    def events(self) -> EventsService:
        return EventsService(self.target)

    @cached_property
    def sfn(self) -> StepFunctionsService:
        return StepFunctionsService(self.target)

    @cached_property
    def kinesis(self) -> KinesisService:
        return KinesisService(self.target)

    @cached_property
    def firehose(self) -> FirehoseService:
        return FirehoseService(self.target)

    @cached_property
    def s3(self) -> S3Service:
        return S3Service(self.target)

    @cached_property
    def lambda_(self) -> LambdaService:
        return LambdaService(self.target)

    # --- lookups by the names learners type -----------------------------------------------
    def find_queue_url(self, name: str) -> str | None:
        try:
            return self.sqs.queue_url(name)
        except Exception as exc:
            if "NonExistentQueue" in error_code(exc) or "QueueDoesNotExist" in error_code(exc):
                return None
            raise

    def look_into_queue(self, name: str) -> tuple[list[PeekedMessage] | None, int, str]:
        """A queue's visible messages without consuming them (None where the target can only
        count), its visible count, and a note on how they were seen (or why not)."""
        url = self.find_queue_url(name)
        if url is None:
            raise LookupError(f"queue {name} does not exist yet")
        count = self.sqs.summary(url).visible
        try:
            messages, how = look(self.sqs, url)
        except TargetError as exc:
            return None, count, f"{exc}, so this check only counts them"
        return messages, count, how

    def queue_url(self, name: str) -> str:
        url = self.find_queue_url(name)
        if url is None:
            raise LabError(f"queue {name} does not exist: do the earlier steps first")
        return url

    def find_topic_arn(self, name: str) -> str | None:
        for arn in self.sns.list_topics():
            if topic_name(arn) == name:
                return arn
        return None

    def topic_arn(self, name: str) -> str:
        arn = self.find_topic_arn(name)
        if arn is None:
            raise LabError(f"topic {name} does not exist: do the earlier steps first")
        return arn

    def find_state_machine_arn(self, name: str) -> str | None:
        for machine in self.sfn.list_state_machines():
            if machine.get("name") == name:
                return str(machine["stateMachineArn"])
        return None

    def state_machine_arn(self, name: str) -> str:
        arn = self.find_state_machine_arn(name)
        if arn is None:
            raise LabError(f"state machine {name} does not exist: do the earlier steps first")
        return arn

    def find_rule(self, name: str, bus: str = "default") -> dict[str, Any] | None:
        for rule in self.events.list_rules(bus):
            if rule.get("Name") == name:
                return rule
        return None

    def rule_arn(self, name: str, bus: str = "default") -> str:
        rule = self.find_rule(name, bus)
        if rule is None:
            raise LabError(f"rule {name} does not exist on bus {bus}: do the earlier steps first")
        return str(rule.get("Arn"))

    def find_archive(self, name: str) -> ArchiveInfo | None:
        try:
            found = self.events.describe_archive(name)
        except Exception as exc:
            if error_code(exc) == "ResourceNotFoundException":
                return None
            raise
        return ArchiveInfo(name, str(found.get("ArchiveArn")), str(found.get("EventSourceArn", "")),
                           str(found.get("State", "")), found.get("EventCount"),
                           found.get("RetentionDays"))

    def archive(self, name: str) -> ArchiveInfo:
        found = self.find_archive(name)
        if found is None:
            raise LabError(f"archive {name} does not exist: do the earlier steps first")
        return found
