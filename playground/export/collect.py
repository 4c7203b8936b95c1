"""What to export: the resources a lab built (its tag), or every playground-tagged one, read
from the target into plain records the template and script writers share.

Read-only calls only. Wiring is kept by *reference to another exported resource* (its key), so
the writers can turn it into `Ref`/`Fn::GetAtt` or a variable; what points outside the export
keeps its ARN and a note. What the exporter does not understand (a Lambda target, an e-mail
subscription, a definition it cannot read) is listed in `skipped`, never an error.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from playground.aws.common import LAB_TAG_KEY, MANAGED_TAG_KEY, MANAGED_TAG_VALUE, error_message

if TYPE_CHECKING:
    from playground.targets.base import Target

QUEUE_ATTRIBUTES = ("VisibilityTimeout", "MessageRetentionPeriod", "DelaySeconds",
                    "MaximumMessageSize", "ReceiveMessageWaitTimeSeconds", "FifoQueue",
                    "ContentBasedDeduplication", "DeduplicationScope", "FifoThroughputLimit")
"""Queue attributes worth carrying over (the rest are counts, timestamps or the ARN).
Defaults are left out so the export says only what was chosen."""
QUEUE_DEFAULTS = {"VisibilityTimeout": "30", "MessageRetentionPeriod": "345600",
                  "DelaySeconds": "0", "MaximumMessageSize": "1048576",
                  "ReceiveMessageWaitTimeSeconds": "0", "FifoQueue": "false",
                  "ContentBasedDeduplication": "false"}
"""The CreateQueue defaults (botocore model docs): 30 s, 4 days, 0 s, 1 MiB, 0 s."""


@dataclass
class Ref:
    """A reference to another exported resource (`key`) or, outside the export, an ARN."""

    key: str | None
    arn: str


@dataclass
class Queue:
    key: str
    name: str
    attributes: dict[str, str]
    dead_letter: Ref | None = None
    max_receive_count: int | None = None
    tags: dict[str, str] = field(default_factory=dict)


@dataclass
class Subscription:
    topic: str
    """The topic's key."""
    protocol: str
    endpoint: Ref
    raw: bool = False
    filter_policy: dict[str, Any] | None = None
    filter_scope: str | None = None
    dead_letter: Ref | None = None


@dataclass
class Topic:
    key: str
    name: str
    fifo: bool = False
    content_dedup: bool = False
    tags: dict[str, str] = field(default_factory=dict)


@dataclass
class Bus:
    key: str
    name: str
    tags: dict[str, str] = field(default_factory=dict)


@dataclass
class RuleTarget:
    id: str
    to: Ref
    role_arn: str | None = None
    input: str | None = None
    input_path: str | None = None
    input_transformer: dict[str, Any] | None = None
    dead_letter: Ref | None = None


@dataclass
class Rule:
    key: str
    name: str
    bus: Ref | None
    """The bus's key, or None for the default bus."""
    pattern: dict[str, Any] | None
    schedule: str | None
    state: str
    description: str
    targets: list[RuleTarget] = field(default_factory=list)
    tags: dict[str, str] = field(default_factory=dict)


@dataclass
class Archive:
    key: str
    name: str
    source: Ref
    pattern: dict[str, Any] | None
    retention_days: int | None
    description: str = ""


@dataclass
class StateMachine:
    key: str
    name: str
    type: str
    definition: str
    """The definition with `${Placeholder}` where it named an exported resource."""
    substitutions: dict[str, tuple[str, str]]
    """Placeholder -> (resource key, what of it: url, arn or name)."""
    role_arn: str
    calls: list[tuple[str, str]]
    """(IAM action, resource key) the definition calls, for the role's policy."""
    tags: dict[str, str] = field(default_factory=dict)


@dataclass
class Stream:
    key: str
    name: str
    shards: int
    mode: str
    retention_hours: int
    tags: dict[str, str] = field(default_factory=dict)


@dataclass
class Export:
    """Everything to write, in the order it can be created."""

    region: str
    account: str
    scope: str
    """`lab <id>` or `every playground-tagged resource`."""
    queues: list[Queue] = field(default_factory=list)
    topics: list[Topic] = field(default_factory=list)
    subscriptions: list[Subscription] = field(default_factory=list)
    streams: list[Stream] = field(default_factory=list)
    buses: list[Bus] = field(default_factory=list)
    state_machines: list[StateMachine] = field(default_factory=list)
    rules: list[Rule] = field(default_factory=list)
    archives: list[Archive] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)
    """What the exporter left out, one line each: what it is and why."""

    @property
    def empty(self) -> bool:
        return not (self.queues or self.topics or self.streams or self.buses
                    or self.state_machines or self.rules)

    def kind_of(self, key: str) -> str:
        return key.split(":", 1)[0]


def logical_id(kind: str, name: str, taken: set[str]) -> str:
    """`queue`, `pg-capstone-billing` -> `PgCapstoneBillingQueue`: letters and digits only (as
    CloudFormation wants), unique in the template."""
    words = re.split(r"[^A-Za-z0-9]+", name)
    stem = "".join(w[:1].upper() + w[1:] for w in words if w) or "Resource"
    if stem[0].isdigit():
        stem = "R" + stem
    suffix = "".join(w.capitalize() for w in kind.split())
    base = (stem + suffix)[:200]
    out, n = base, 2
    while out in taken:
        out, n = f"{base}{n}", n + 1
    taken.add(out)
    return out


def one_line(text: str) -> str:
    """`text` fit for one comment line: every run of spaces, line breaks and other characters
    that do not print becomes one space (a target's text must not end a comment)."""
    return " ".join("".join(c if c.isprintable() else " " for c in text).split())


def as_utf8(text: str) -> str:
    """`text` as it can be written in UTF-8: a lone surrogate (a target's JSON may hold one)
    becomes its `\\udxxx` escape, which JSON strings and YAML's double-quoted ones read back."""
    return text.encode("utf-8", "backslashreplace").decode("utf-8")


def _wanted(tags: dict[str, str], lab: str | None) -> bool:
    if lab is not None:
        return tags.get(LAB_TAG_KEY) == lab
    return tags.get(MANAGED_TAG_KEY) == MANAGED_TAG_VALUE or LAB_TAG_KEY in tags


def _json(text: Any) -> Any:
    if not isinstance(text, str) or not text:
        return None
    try:
        return json.loads(text)
    except (ValueError, RecursionError):
        return None


class _Collector:
    def __init__(self, target: Target, lab: str | None) -> None:
        self.target = target
        self.lab = lab
        self.out = Export(target.region, target.account_id or "000000000000",
                          f"lab {lab}" if lab else "every playground-tagged resource")
        self.taken: set[str] = set()
        self.by_arn: dict[str, str] = {}
        """Exported resources' ARNs (queue URLs too) -> key."""
        self.queue_names: dict[str, str] = {}
        self.stream_names: dict[str, str] = {}
        self.bus_names: dict[str, str] = {}
        self._raw_queues: list[tuple[Queue, dict[str, str]]] = []
        self._topic_arns: dict[str, str] = {}
        self._bus_arns: dict[str, str] = {}

    def key(self, kind: str, name: str) -> str:
        return f"{kind}:{logical_id(kind, name, self.taken)}"

    def ref(self, arn: str) -> Ref:
        return Ref(self.by_arn.get(arn), arn)

    def tags(self, read: Any, what: str) -> dict[str, str] | None:
        try:
            return dict(read())
        except Exception as exc:  # a target without tagging: nothing is "ours" there
            self.out.skipped.append(f"{what}: its tags cannot be read ({error_message(exc)})")
            return None

    def ours(self, kind: str, found: Iterable[tuple[str, str]],
             read: Callable[[str], Any]) -> Iterator[tuple[str, str, dict[str, str]]]:
        """Each (id, name) of `found` that goes in this export, with its tags (`read(id)`
        gives them); one whose tags cannot be read is left out, and `skipped` says so."""
        for ident, name in found:
            tags = self.tags(lambda i=ident: read(i), f"{kind} {name}")
            if tags is not None and _wanted(tags, self.lab):
                yield ident, name, tags

    # -- read everything first, then wire: a rule may name a queue read later --------------
    def collect(self) -> Export:
        self.read_all()
        self.out.skipped = [one_line(line) for line in self.out.skipped]
        return self.out

    def read_all(self) -> None:
        from playground.targets.errors import TargetError

        for what, step in (("queues", self.read_queues), ("topics", self.read_topics),
                           ("streams", self.read_streams), ("event buses", self.read_buses),
                           ("state machines", self.read_state_machines),
                           ("dead-letter queues", self.wire_queues),
                           ("subscriptions", self.read_subscriptions),
                           ("rules", self.read_rules), ("archives", self.read_archives)):
            try:
                step()
            except TargetError:
                raise  # the target is down or refused: the command says so
            except Exception as exc:  # AccessDenied on a real account, say: the rest goes on
                self.out.skipped.append(f"{what}: could not be read ({error_message(exc)}); "
                                        "what they hold is not in this export")

    def read_queues(self) -> None:
        from playground.aws.sqs.service import SqsService, queue_name

        sqs = SqsService(self.target)
        found = ((url, queue_name(url)) for url in sqs.list_queue_urls())
        for url, name, tags in self.ours("queue", found, sqs.tags):
            attrs = sqs.attributes(url)
            keep = {k: str(v) for k, v in attrs.items()
                    if k in QUEUE_ATTRIBUTES and QUEUE_DEFAULTS.get(k) != str(v)}
            queue = Queue(self.key("queue", name), name, keep, tags=tags)
            self.by_arn[str(attrs.get("QueueArn", ""))] = queue.key
            self.by_arn[url] = queue.key
            self.queue_names[name] = queue.key
            self.out.queues.append(queue)
            self._raw_queues.append((queue, attrs))

    def wire_queues(self) -> None:
        for queue, attrs in self._raw_queues:
            policy = _json(attrs.get("RedrivePolicy"))
            if isinstance(policy, dict) and policy.get("deadLetterTargetArn"):
                queue.dead_letter = self.ref(str(policy["deadLetterTargetArn"]))
                try:
                    queue.max_receive_count = int(policy.get("maxReceiveCount", 10))
                except (TypeError, ValueError):
                    queue.max_receive_count = 10
        # Dead-letter queues before the queues that name them.
        order = {q.key: i for i, q in enumerate(self.out.queues)}
        dlqs = {q.dead_letter.key for q in self.out.queues if q.dead_letter and q.dead_letter.key}
        self.out.queues.sort(key=lambda q: (q.key not in dlqs, order[q.key]))

    def read_topics(self) -> None:
        from playground.aws.sns.service import SnsService, topic_name

        sns = SnsService(self.target)
        found = ((arn, topic_name(arn)) for arn in sns.list_topics())
        for arn, name, tags in self.ours("topic", found, sns.tags):
            attrs = sns.topic_attributes(arn)
            topic = Topic(self.key("topic", name), name,
                          fifo=attrs.get("FifoTopic") == "true" or name.endswith(".fifo"),
                          content_dedup=attrs.get("ContentBasedDeduplication") == "true",
                          tags=tags)
            self.by_arn[arn] = topic.key
            self.out.topics.append(topic)
            self._topic_arns[topic.key] = arn

    def read_subscriptions(self) -> None:
        from playground.aws.sns.service import SnsService

        sns = SnsService(self.target)
        for topic in self.out.topics:
            for sub in sns.subscriptions(self._topic_arns[topic.key]):
                protocol = sub.protocol.lower()
                to = self.ref(sub.endpoint)
                if protocol != "sqs" or to.key is None:
                    where = "a queue not in this export" if protocol == "sqs" else (
                        f"a {protocol} endpoint")
                    self.out.skipped.append(
                        f"subscription of topic {topic.name} to {sub.endpoint} ({where}): "
                        "add it by hand")
                    continue
                if sub.filter_policy_problem:
                    self.out.skipped.append(f"the filter policy of {topic.name}'s subscription of "
                                            f"{sub.endpoint}: {sub.filter_policy_problem}; "
                                            "exported without it")
                dlq = _json(sub.attributes.get("RedrivePolicy"))
                dead = (self.ref(str(dlq["deadLetterTargetArn"]))
                        if isinstance(dlq, dict) and dlq.get("deadLetterTargetArn") else None)
                self.out.subscriptions.append(Subscription(
                    topic.key, protocol, to, raw=sub.raw_delivery,
                    filter_policy=sub.filter_policy,
                    filter_scope=sub.filter_scope if sub.filter_policy is not None else None,
                    dead_letter=dead))

    def read_streams(self) -> None:
        from playground.aws.kinesis.service import KinesisService

        kinesis = KinesisService(self.target)
        for name, arn in kinesis.stream_arns().items():
            tags = self.tags(lambda n=name: kinesis.tags(n), f"stream {name}")
            if tags is None or not _wanted(tags, self.lab):
                continue
            info = kinesis.summary(name)
            stream = Stream(self.key("stream", name), name, info.open_shards,
                            info.mode if info.mode in ("PROVISIONED", "ON_DEMAND")
                            else "PROVISIONED", info.retention_hours, tags)
            self.by_arn[arn] = stream.key
            self.stream_names[name] = stream.key
            self.out.streams.append(stream)

    def read_buses(self) -> None:
        from playground.aws.events.service import EventsService

        events = EventsService(self.target)
        for bus in events.list_buses():
            name, arn = str(bus.get("Name", "")), str(bus.get("Arn", ""))
            self._bus_arns[name] = arn
            if name == "default":
                continue
            tags = self.tags(lambda a=arn: events.tags(a), f"event bus {name}")
            if tags is None or not _wanted(tags, self.lab):
                continue
            found = Bus(self.key("event bus", name), name, tags)
            self.by_arn[arn] = found.key
            self.bus_names[name] = found.key
            self.out.buses.append(found)

    def read_rules(self) -> None:
        from playground.aws.events.service import EventsService
        from playground.targets.errors import TargetError

        events = EventsService(self.target)
        for bus_name, bus_arn in self._bus_arns.items():
            for rule in events.list_rules(bus_name):
                name, arn = str(rule.get("Name", "")), str(rule.get("Arn", ""))
                tags = self.tags(lambda a=arn: events.tags(a), f"rule {name}")
                if tags is None or not _wanted(tags, self.lab):
                    continue
                if rule.get("ManagedBy"):
                    continue  # made by another AWS service for itself
                bus = None if bus_name == "default" else self.ref(bus_arn)
                if bus is not None and bus.key is None:
                    self.out.skipped.append(f"rule {name}: its bus {bus_name} is not in this "
                                            "export")
                    continue
                pattern = _json(rule.get("EventPattern"))
                if rule.get("EventPattern") and not isinstance(pattern, dict):
                    self.out.skipped.append(f"rule {name}: its event pattern is not JSON the "
                                            "exporter can read")
                    continue
                found = Rule(self.key("rule", name), name, bus, pattern,
                             rule.get("ScheduleExpression"), str(rule.get("State", "ENABLED")),
                             str(rule.get("Description", "")), tags=tags)
                try:
                    targets = events.list_targets(name, bus_name)
                except TargetError:
                    raise
                except Exception as exc:  # a rule half exported would do something else
                    self.out.skipped.append(f"rule {name}: its targets could not be read "
                                            f"({error_message(exc)}); add it by hand")
                    continue
                self.by_arn[arn] = found.key
                for target in targets:
                    self.rule_target(found, target)
                self.out.rules.append(found)

    def rule_target(self, rule: Rule, target: dict[str, Any]) -> None:
        to = self.ref(str(target.get("Arn", "")))
        if to.key is None:
            self.out.skipped.append(f"target {target.get('Id')} of rule {rule.name} "
                                    f"({to.arn}): not in this export, add it by hand")
            return
        dead = (target.get("DeadLetterConfig") or {}).get("Arn")
        transformer = target.get("InputTransformer")
        rule.targets.append(RuleTarget(
            str(target.get("Id", "1")), to, target.get("RoleArn"), target.get("Input"),
            target.get("InputPath"), dict(transformer) if transformer else None,
            self.ref(str(dead)) if dead else None))

    def read_archives(self) -> None:
        from playground.aws.events.service import EventsService

        events = EventsService(self.target)
        try:
            archives = events.list_archives()
        except Exception as exc:
            self.out.skipped.append(f"archives: cannot be listed ({error_message(exc)})")
            return
        for archive in archives:
            name = str(archive.get("ArchiveName", ""))
            source = self.ref(str(archive.get("EventSourceArn", "")))
            if source.key is None:
                continue  # archives carry no tags: only those of an exported bus go
            try:
                described = events.describe_archive(name)
            except Exception as exc:
                self.out.skipped.append(f"archive {name}: not described ({error_message(exc)})")
                continue
            self.out.archives.append(Archive(
                self.key("archive", name), name, source, _json(described.get("EventPattern")),
                described.get("RetentionDays"), str(described.get("Description", ""))))

    def read_state_machines(self) -> None:
        from playground.aws.stepfunctions.service import StepFunctionsService

        sfn = StepFunctionsService(self.target)
        machines = []
        found = ((str(m["stateMachineArn"]), str(m["name"])) for m in sfn.list_state_machines())
        for arn, name, tags in self.ours("state machine", found, sfn.tags):
            key = self.key("state machine", name)
            self.by_arn[arn] = key
            machines.append((key, arn, name, tags))
        for key, arn, name, tags in machines:
            described = sfn.describe_state_machine(arn)
            text = str(described.get("definition", ""))
            definition = _json(text)
            if not isinstance(definition, dict):
                self.out.skipped.append(f"state machine {name}: its definition is not JSON the "
                                        "exporter can read")
                continue
            subs: dict[str, tuple[str, str]] = {}
            calls: list[tuple[str, str]] = []
            swapped = self.swap(definition, subs, calls, None)
            self.out.state_machines.append(StateMachine(
                key, name, str(described.get("type", "STANDARD")),
                json.dumps(swapped, indent=2, ensure_ascii=False), subs,
                str(described.get("roleArn", "")), calls, tags))

    def swap(self, value: Any, subs: dict[str, tuple[str, str]],
             calls: list[tuple[str, str]], resource: str | None, key: str = "") -> Any:
        """The definition with exported resources' URLs, ARNs and names as placeholders."""
        if isinstance(value, dict):
            here = value.get("Resource") if isinstance(value.get("Resource"), str) else resource
            return {k: self.swap(v, subs, calls, here, k) for k, v in value.items()}
        if isinstance(value, list):
            return [self.swap(v, subs, calls, resource, key) for v in value]
        if not isinstance(value, str) or key.endswith(".$"):
            return value
        found = self.by_arn.get(value)
        what = "arn"
        if found is None and key == "QueueUrl":
            name = value.rstrip("/").rsplit("/", 1)[-1]
            found, what = self.queue_names.get(name), "url"
        elif found is None and key in ("StreamName",):
            found, what = self.stream_names.get(value), "name"
        elif found is None and key == "EventBusName":
            found, what = self.bus_names.get(value), "name"
        if found is None:
            if key in _NAMES_A_RESOURCE:
                note = (f"a state machine names {value} ({key}), which is not in this export: "
                        "its definition keeps it as it is")
                if note not in self.out.skipped:
                    self.out.skipped.append(note)
            return value
        if found.startswith("queue:") and value.startswith(("http://", "https://")):
            what = "url"
        placeholder = found.split(":", 1)[1] + what.capitalize()
        subs[placeholder] = (found, what)
        if resource:
            action = _iam_action(resource)
            if action and (action, found) not in calls:
                calls.append((action, found))
        return "${" + placeholder + "}"


_NAMES_A_RESOURCE = ("QueueUrl", "TopicArn", "TargetArn", "StreamName", "StreamARN",
                     "StateMachineArn", "FunctionName", "EventBusName")


def _iam_action(resource: str) -> str | None:
    """`arn:aws:states:::sqs:sendMessage.waitForTaskToken` -> `sqs:SendMessage`."""
    if not resource.startswith("arn:aws:states:::"):
        return None
    integration = resource.removeprefix("arn:aws:states:::").removeprefix("aws-sdk:")
    service, _, operation = integration.partition(".")[0].partition(":")
    if not operation:
        return None
    service = {"eventbridge": "events", "sfn": "states"}.get(service, service)
    return f"{service}:{operation[:1].upper()}{operation[1:]}"


def collect(target: Target, lab: str | None = None) -> Export:
    """What `lab` built on `target` (its `playground:lab` tag), or with `lab` None every
    playground-tagged resource. Blocking (boto3)."""
    return _Collector(target, lab).collect()
