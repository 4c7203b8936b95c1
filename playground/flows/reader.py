"""Read how a target's resources are wired, into a FlowMap.

Everything in the region is read, not only what the playground made: the map is for
understanding an account as it is. Read-only calls only (List*, Describe*, Get*), through the
service layers in playground/aws/<service>/service.py; Lambda's event source mappings through
the target's client (the playground has no Lambda service layer).

What the map cannot place becomes a node of its own, never an error: a target of a kind it does
not know is an `unknown` node with its ARN, a definition it cannot parse a note on its state
machine, a queue URL picked at run time a `chosen at run time` node. A list call the target
refuses (AccessDenied on real AWS) is an Unseen, as teardown's inventory has them.
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable, Iterator
from functools import partial
from typing import TYPE_CHECKING, Any

from playground.aws.inventory import Survey
from playground.flows.model import NOT_LISTED, Edge, FlowMap, Node

if TYPE_CHECKING:
    from playground.targets.base import Target

MAX_DETAIL = 2000
"""Characters of a pattern, filter policy or parameter kept on an edge (the rest: `…`)."""
EMULATOR_ACCOUNT = "000000000000"


def read_flows(target: Target, *, sleep: Callable[[float], None] = time.sleep) -> FlowMap:
    """The wiring of `target`'s region. Blocking (boto3): call it from a thread in the UI."""
    reader = _Reader(target, Survey(target, sleep))
    reader.read()
    return reader.map


# --- ARNs -------------------------------------------------------------------------------------
def arn_parts(arn: str) -> tuple[str, str, str, str] | None:
    """(service, region, account, resource) of an ARN, or None when it is not one."""
    parts = arn.split(":", 5)
    if len(parts) < 6 or parts[0] != "arn":
        return None
    return parts[2], parts[3], parts[4], parts[5]


def node_for_arn(arn: str) -> Node:
    """What the map can say of a resource it only knows by ARN (a rule's target, a
    subscription's endpoint, what a state calls): its service, name and kind."""
    parts = arn_parts(arn)
    if parts is None:
        return Node("unknown", arn, arn, "unknown target",
                    note="not an ARN: the map cannot tell what it is")
    service, _, _, resource = parts
    placeholder = f"{NOT_LISTED} here (another region or account, or gone)"
    if service == "sqs":
        return Node("sqs", arn, resource, "queue", note=placeholder)
    if service == "sns":
        return Node("sns", arn, resource.split(":", 1)[0], "topic", note=placeholder)
    if service == "events":
        kind, _, rest = resource.partition("/")
        if kind == "event-bus":
            return Node("events", arn, rest, "event bus", note=placeholder)
        if kind == "rule":
            bus, _, name = rest.rpartition("/")
            return Node("events", arn, name, "rule", f"bus {bus or 'default'}", note=placeholder)
    if service == "states":
        kind, _, name = resource.partition(":")
        if kind == "stateMachine":
            return Node("stepfunctions", arn, name.split(":", 1)[0], "state machine",
                        note=placeholder)
        if kind == "activity":
            return Node("stepfunctions", arn, name, "activity", note=placeholder)
    if service == "kinesis" and resource.startswith("stream/"):
        return Node("kinesis", arn, resource.split("/", 1)[1], "stream", note=placeholder)
    if service == "firehose" and resource.startswith("deliverystream/"):
        return Node("firehose", arn, resource.split("/", 1)[1], "delivery stream",
                    note=placeholder)
    if service == "s3" and resource and "/" not in resource:
        # Buckets are not listed: the map knows them from the delivery streams writing there.
        return Node("s3", arn, resource, "bucket")
    if service == "lambda" and resource.startswith("function:"):
        # Functions are not listed: the map knows them from what calls them.
        return Node("lambda", arn, resource.split(":")[1], "function")
    return Node("unknown", arn, resource or arn,
                f"unknown target ({service})",
                note=f"a {service} resource: the map does not follow this kind of target")


def compact(value: Any) -> str:
    """A pattern or policy on one line, keys sorted (the same map prints the same text)."""
    try:
        text = json.dumps(value, sort_keys=True, ensure_ascii=False, separators=(", ", ": "))
    except (TypeError, ValueError, RecursionError):
        text = str(value)
    return text if len(text) <= MAX_DETAIL else text[:MAX_DETAIL - 1] + "…"


def compact_text(raw: str) -> str:
    """A JSON document the target holds as text, compacted; as it is when it is not JSON."""
    from playground.patterns.json_input import parse_json

    try:
        return compact(parse_json(raw))
    except ValueError:
        return raw if len(raw) <= MAX_DETAIL else raw[:MAX_DETAIL - 1] + "…"


# --- the reader -------------------------------------------------------------------------------
class _Reader:
    def __init__(self, target: Target, survey: Survey) -> None:
        self.target = target
        self.survey = survey
        self.map = FlowMap(target.region)
        self.account = target.account_id or EMULATOR_ACCOUNT
        self.queue_by_name: dict[str, str] = {}
        """Listed queues' ARNs by name: Step Functions names a queue by URL."""

    def read(self) -> None:
        self.sqs()
        self.sns()
        self.events()
        self.stepfunctions()
        self.kinesis()
        self.firehose()
        self.event_source_mappings()
        self.map.unseen = self.survey.unseen

    def ask(self, service: str, operation: str, call: Callable[[], Any]) -> Any:
        return self.survey.ask(service, operation, call)

    def refer(self, arn: str) -> str:
        """Make sure a node stands for `arn` (a placeholder if nothing listed it); its ARN."""
        self.map.add(node_for_arn(arn))
        return arn

    # SQS: queues and their dead-letter queues
    def sqs(self) -> None:
        from playground.aws.sqs.service import RedrivePolicy, SqsService, queue_name

        sqs = SqsService(self.target)
        for url in self.ask("sqs", "ListQueues", sqs.list_queue_urls) or []:
            name = queue_name(url)
            attrs = self.ask("sqs", "GetQueueAttributes", partial(sqs.attributes, url))
            arn = (attrs or {}).get("QueueArn") or self.queue_arn_from_url(url)
            self.queue_by_name[name] = arn
            raw = (attrs or {}).get("RedrivePolicy", "")
            policy = RedrivePolicy.parse(raw)
            note = ("attributes not read: the dead-letter queue is unknown" if attrs is None else
                    "the redrive policy cannot be read" if raw and policy is None else "")
            self.map.add(Node("sqs", arn, name, "queue", "FIFO" if name.endswith(".fifo") else "",
                              note))
            if policy is not None:
                self.map.link(Edge(arn, self.refer(policy.dlq_arn), "dead-letter", "dead-letter queue",
                                   f"after {policy.max_receive_count} receives"))

    def queue_arn_from_url(self, url: str) -> str:
        """`https://sqs.../123456789012/orders` -> the queue's ARN in this region."""
        path = url.rstrip("/").split("/")
        name = path[-1]
        account = path[-2] if len(path) >= 2 and path[-2].isdigit() else self.account
        return f"arn:aws:sqs:{self.target.region}:{account}:{name}"

    # SNS: topics and their subscriptions
    def sns(self) -> None:
        from playground.aws.sns.service import SnsService, topic_name

        sns = SnsService(self.target)
        for topic in self.ask("sns", "ListTopics", sns.list_topics) or []:
            self.map.add(Node("sns", topic, topic_name(topic), "topic",
                              "FIFO" if topic.endswith(".fifo") else ""))
            subs = self.ask("sns", "ListSubscriptionsByTopic", partial(sns.subscriptions, topic))
            for sub in subs or []:
                protocol = sub.protocol.lower()
                if sub.endpoint.startswith("arn:"):
                    endpoint = self.refer(sub.endpoint)
                else:  # e-mail, http(s), sms: not a resource, shown as the endpoint it is
                    endpoint = self.map.add(Node("endpoint", sub.endpoint, sub.endpoint,
                                                 f"{protocol} endpoint")).arn
                details = []
                if not sub.arn.startswith("arn:"):
                    details.append(sub.arn.lower() or "pending confirmation")
                policy = sub.filter_policy
                if policy is not None:
                    details.append(f"filter policy ({sub.filter_scope}) {compact(policy)}")
                elif sub.filter_policy_problem:
                    details.append(sub.filter_policy_problem)
                if sub.raw_delivery:
                    details.append("raw delivery")
                label = f"{protocol} subscription" + (", raw" if sub.raw_delivery else "") + (
                    ", filtered" if policy is not None else "")
                self.map.link(Edge(topic, endpoint, "subscription", label, "; ".join(details)))
                self.subscription_dlq(topic, sub)

    def subscription_dlq(self, topic: str, sub: Any) -> None:
        from playground.aws.sqs.service import RedrivePolicy

        raw = sub.attributes.get("RedrivePolicy", "")
        if not raw:
            return
        try:
            dlq = str(json.loads(raw)["deadLetterTargetArn"])
        except (ValueError, KeyError, TypeError):
            dlq = getattr(RedrivePolicy.parse(raw), "dlq_arn", "")
        if dlq:
            self.map.link(Edge(topic, self.refer(dlq), "dead-letter", "subscription dead-letter queue",
                               f"for the subscription of {sub.endpoint}"))

    # EventBridge: buses, rules, their targets and the buses' archives
    def events(self) -> None:
        from playground.aws.events.service import EventsService

        events = EventsService(self.target)
        buses = self.ask("events", "ListEventBuses", events.list_buses) or []
        bus_arns: dict[str, str] = {}
        for bus in buses:
            name = str(bus.get("Name", ""))
            arn = str(bus.get("Arn") or f"arn:aws:events:{self.target.region}:{self.account}:"
                                         f"event-bus/{name}")
            bus_arns[name] = arn
            self.map.add(Node("events", arn, name, "event bus"))
            for rule in self.ask("events", "ListRules", partial(events.list_rules, name)) or []:
                self.rule(events, name, arn, rule)
        for archive in self.ask("events", "ListArchives", events.list_archives) or []:
            self.archive(events, archive)

    def rule(self, events: Any, bus: str, bus_arn: str, rule: dict[str, Any]) -> None:
        name = str(rule.get("Name", ""))
        arn = str(rule.get("Arn") or f"arn:aws:events:{self.target.region}:{self.account}:rule/"
                                     + (f"{bus}/" if bus != "default" else "") + name)
        state = str(rule.get("State", "ENABLED"))
        self.map.add(Node("events", arn, name, "rule", f"bus {bus}" + (
            "" if state == "ENABLED" else f", {state.lower()}")))
        self.map.link(Edge(bus_arn, arn, "rule", "rule" if state == "ENABLED"
                           else f"rule ({state.lower()})"))
        if rule.get("EventPattern"):
            detail = f"pattern {compact_text(str(rule['EventPattern']))}"
        elif rule.get("ScheduleExpression"):
            detail = f"schedule {rule['ScheduleExpression']}"
        else:
            detail = ""
        targets = self.ask("events", "ListTargetsByRule", partial(events.list_targets, name, bus))
        for target in targets or []:
            to = self.refer(str(target.get("Arn", "")))
            how = [w for key, w in (("InputTransformer", "input transformer"),
                                    ("InputPath", "input path"), ("Input", "constant input"))
                   if target.get(key)]
            label = "target" + (f" ({', '.join(how)})" if how else "")
            self.map.link(Edge(arn, to, "target", label, detail))
            dlq = (target.get("DeadLetterConfig") or {}).get("Arn")
            if dlq:
                self.map.link(Edge(arn, self.refer(str(dlq)), "dead-letter",
                                   "target dead-letter queue", f"for target {target.get('Id', '')}"))

    def archive(self, events: Any, archive: dict[str, Any]) -> None:
        name = str(archive.get("ArchiveName", ""))
        source = str(archive.get("EventSourceArn", ""))
        described = self.ask("events", "DescribeArchive", partial(events.describe_archive, name))
        account = (arn_parts(source) or ("", "", self.account, ""))[2] or self.account
        arn = str((described or {}).get("ArchiveArn")
                  or f"arn:aws:events:{self.target.region}:{account}:archive/{name}")
        self.map.add(Node("events", arn, name, "archive",
                          note="" if described is not None else "not described: its pattern is unknown"))
        pattern = (described or {}).get("EventPattern")
        retention = archive.get("RetentionDays")
        detail = "; ".join(part for part in (
            f"pattern {compact_text(str(pattern))}" if pattern else "every event",
            f"kept {retention} days" if retention else "kept forever" if retention == 0 else "")
            if part)
        if source:
            self.map.link(Edge(self.refer(source), arn, "archive", "archive", detail))

    # Step Functions: what each definition calls
    def stepfunctions(self) -> None:
        from playground.aws.stepfunctions.service import StepFunctionsService

        sfn = StepFunctionsService(self.target)
        for machine in self.ask("stepfunctions", "ListStateMachines", sfn.list_state_machines) or []:
            arn = str(machine.get("stateMachineArn", ""))
            name = str(machine.get("name", ""))
            described = self.ask("stepfunctions", "DescribeStateMachine",
                                 partial(sfn.describe_state_machine, arn))
            if described is None:
                self.map.add(Node("stepfunctions", arn, name, "state machine",
                                  str(machine.get("type", "")),
                                  "not described: what it calls is unknown"))
                continue
            text = str(described.get("definition", ""))
            definition, problem = _parse_definition(text)
            self.map.add(Node("stepfunctions", arn, name, "state machine",
                              str(machine.get("type", "")), problem))
            if definition is not None:
                for path, state in _task_states(definition):
                    for label, to in self.calls(arn, path, state):
                        self.map.link(Edge(arn, to, "calls", label, f"state {path}"))
        for activity in self.ask("stepfunctions", "ListActivities", sfn.list_activities) or []:
            self.map.add(Node("stepfunctions", str(activity.get("activityArn", "")),
                              str(activity.get("name", "")), "activity"))

    def calls(self, machine: str, path: str, state: dict[str, Any]) -> Iterator[tuple[str, str]]:
        """(edge label, target ARN) for what one Task state calls."""
        resource = state.get("Resource")
        if not isinstance(resource, str) or not resource:
            return
        if not resource.startswith("arn:aws:states:::"):
            parts = arn_parts(resource)
            if parts is not None and parts[0] == "states" and parts[3].startswith("activity:"):
                yield "activity task", self.refer(resource)
            elif parts is not None and parts[0] == "lambda":
                yield "lambda:invoke", self.refer(resource)
            else:
                yield "task", self.unknown(resource)
            return
        integration = resource.removeprefix("arn:aws:states:::")
        sdk = integration.startswith("aws-sdk:")
        integration = integration.removeprefix("aws-sdk:")
        action = integration.partition(".")[0]
        service, _, operation = action.partition(":")
        label = integration
        args = state.get("Parameters", state.get("Arguments"))
        args = args if isinstance(args, dict) else {}
        op = operation.lower()
        found = False
        if service == "sqs" and op in ("sendmessage", "sendmessagebatch"):
            for value in _values(args, "QueueUrl"):
                found = True
                yield label, self.queue_ref(machine, path, value)
        elif service == "sns" and op in ("publish", "publishbatch"):
            for value in _values(args, "TopicArn", "TargetArn"):
                found = True
                yield label, self.by_arn(machine, path, value)
        elif service in ("events", "eventbridge") and op == "putevents":
            entries = args.get("Entries")
            for entry in entries if isinstance(entries, list) else []:
                if isinstance(entry, dict):
                    buses = list(_values(entry, "EventBusName")) or [_Value("default", False)]
                    for bus in buses:
                        found = True
                        yield label, self.bus_ref(machine, path, bus)
        elif service == "lambda" and op == "invoke":
            for value in _values(args, "FunctionName"):
                found = True
                yield label, self.function_ref(machine, path, value)
        elif service == "states" and op.startswith("startexecution"):
            for value in _values(args, "StateMachineArn"):
                found = True
                yield label, self.by_arn(machine, path, value)
        elif service == "kinesis" and op in ("putrecord", "putrecords"):
            for value in _values(args, "StreamARN", "StreamName"):
                found = True
                yield label, self.stream_ref(machine, path, value)
        else:
            yield label, self.unknown(resource, sdk=sdk)
            return
        if not found:
            yield label, self.runtime(machine, path, "(not in the definition)")

    def unknown(self, resource: str, *, sdk: bool = False) -> str:
        name = resource.removeprefix("arn:aws:states:::")
        return self.map.add(Node("unknown", resource, name, "unknown target",
                                 note=("an AWS SDK integration" if sdk else "an integration")
                                 + " the map does not follow")).arn

    def runtime(self, machine: str, path: str, value: _Value | str) -> str:
        expr = value.expr if isinstance(value, _Value) else value
        return self.map.add(Node("unknown", f"{machine}#{path}", expr, "chosen at run time",
                                 note="the definition computes it: the map cannot follow it")).arn

    def queue_ref(self, machine: str, path: str, value: _Value) -> str:
        if value.dynamic:
            return self.runtime(machine, path, value)
        text = value.expr
        if text.startswith("arn:"):
            return self.refer(text)
        name = text.rstrip("/").rsplit("/", 1)[-1]
        return self.refer(self.queue_by_name.get(name) or self.queue_arn_from_url(text))

    def by_arn(self, machine: str, path: str, value: _Value) -> str:
        if value.dynamic:
            return self.runtime(machine, path, value)
        return self.refer(value.expr)

    def bus_ref(self, machine: str, path: str, value: _Value) -> str:
        if value.dynamic:
            return self.runtime(machine, path, value)
        if value.expr.startswith("arn:"):
            return self.refer(value.expr)
        return self.refer(f"arn:aws:events:{self.target.region}:{self.account}:event-bus/{value.expr}")

    def function_ref(self, machine: str, path: str, value: _Value) -> str:
        if value.dynamic:
            return self.runtime(machine, path, value)
        text = value.expr
        if not text.startswith("arn:"):
            text = f"arn:aws:lambda:{self.target.region}:{self.account}:function:{text}"
        return self.refer(text)

    def stream_ref(self, machine: str, path: str, value: _Value) -> str:
        if value.dynamic:
            return self.runtime(machine, path, value)
        text = value.expr
        if not text.startswith("arn:"):
            text = f"arn:aws:kinesis:{self.target.region}:{self.account}:stream/{text}"
        return self.refer(text)

    # Kinesis: streams (what reads them: the event source mappings below)
    def kinesis(self) -> None:
        from playground.aws.kinesis.service import KinesisService

        kinesis = KinesisService(self.target)
        for name, arn in (self.ask("kinesis", "ListStreams", kinesis.stream_arns) or {}).items():
            if arn:
                self.map.add(Node("kinesis", arn, name, "stream"))

    # Firehose: delivery streams, reading a Kinesis stream or put to directly, into a bucket
    def firehose(self) -> None:
        from playground.aws.firehose.service import FirehoseService
        from playground.aws.s3.service import bucket_arn

        firehose = FirehoseService(self.target)
        for name in self.ask("firehose", "ListDeliveryStreams",
                             firehose.list_delivery_streams) or []:
            info = self.ask("firehose", "DescribeDeliveryStream", partial(firehose.describe, name))
            if info is None:
                continue
            arn = info.arn or (f"arn:aws:firehose:{self.target.region}:{self.account}:"
                               f"deliverystream/{name}")
            self.map.add(Node("firehose", arn, name, "delivery stream",
                              note="" if info.status == "ACTIVE" else info.status))
            if info.source_arn:
                self.map.link(Edge(self.refer(info.source_arn), arn, "delivery source",
                                   "read by Firehose"))
            if info.bucket:
                self.map.link(Edge(arn, self.refer(bucket_arn(info.bucket)), "delivery",
                                   f"into {info.prefix or '(no prefix)'}",
                                   f"buffer {info.size_mb} MiB or {info.interval_s} s"))

    # Lambda event source mappings: SQS queues and Kinesis streams read by functions
    def event_source_mappings(self) -> None:
        def listed() -> list[dict[str, Any]]:
            client = self.target.client("lambda")
            out: list[dict[str, Any]] = []
            for page in client.get_paginator("list_event_source_mappings").paginate():
                out.extend(page.get("EventSourceMappings", []))
            return out

        for mapping in self.ask("lambda", "ListEventSourceMappings", listed) or []:
            source = str(mapping.get("EventSourceArn") or "")
            function = str(mapping.get("FunctionArn") or "")
            if not source or not function:
                continue
            state = str(mapping.get("State", ""))
            details = [f"batch size {mapping['BatchSize']}" if mapping.get("BatchSize") else "",
                       f"from {mapping['StartingPosition']}" if mapping.get("StartingPosition") else ""]
            filters = (mapping.get("FilterCriteria") or {}).get("Filters") or []
            details += [f"filter {compact_text(str(f.get('Pattern', '')))}" for f in filters
                        if isinstance(f, dict)]
            label = "event source mapping" + (f" ({state.lower()})" if state and state != "Enabled"
                                              else "")
            self.map.link(Edge(self.refer(source), self.refer(function), "event source", label,
                               "; ".join(d for d in details if d)))


class _Value:
    """A parameter of a Task state: a literal, or an expression the definition computes
    (a `Key.$` JSONPath, a `{% … %}` JSONata)."""

    def __init__(self, expr: str, dynamic: bool) -> None:
        self.expr = expr
        self.dynamic = dynamic


def _values(args: dict[str, Any], *keys: str) -> Iterator[_Value]:
    for key in keys:
        value = args.get(key)
        if isinstance(value, str):
            text = value.strip()
            dynamic = text.startswith("{%") and text.endswith("%}")
            yield _Value(value, dynamic)
            return
        computed = args.get(f"{key}.$")
        if isinstance(computed, str):
            yield _Value(computed, True)
            return


def _parse_definition(text: str) -> tuple[dict[str, Any] | None, str]:
    """(definition, "") or (None, why it cannot be read)."""
    from playground.aws.stepfunctions.validate import parse_json

    value, issues = parse_json(text)
    if issues:
        return None, f"the definition cannot be read: {issues[0].message}"
    if not isinstance(value, dict) or not isinstance(value.get("States"), dict):
        return None, "the definition cannot be read: it has no States object"
    return value, ""


def _task_states(scope: dict[str, Any], prefix: str = "",
                 depth: int = 0) -> Iterator[tuple[str, dict[str, Any]]]:
    """(path, state) of every Task state, Parallel branches and Map processors included."""
    from playground.aws.stepfunctions.validate import nested_scopes

    states = scope.get("States")
    if not isinstance(states, dict) or depth > 50:
        return
    for name, state in states.items():
        if not isinstance(state, dict):
            continue
        path = f"{prefix}{name}"
        if state.get("Type") == "Task":
            yield path, state
        for key, inner in nested_scopes(state):
            yield from _task_states(inner, f"{path} > {key} > ", depth + 1)
