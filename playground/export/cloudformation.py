"""An Export as a CloudFormation template, YAML or JSON.

Resources point at each other with `Ref` and `Fn::GetAtt` (never the emulator's ARNs); a state
machine's definition names them through `DefinitionSubstitutions`. Intrinsic functions are
written in their full form (`Ref:`, `Fn::GetAtt:`, `Fn::Sub:`): CloudFormation reads it in YAML
and JSON alike, and so does any YAML parser (the `!Ref` short form needs a CloudFormation-aware
one). The roles and queue policies AWS needs for the wiring are generated from it.

Property names and return values: the CloudFormation resource reference of each type
(docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-<type>.html).
"""

from __future__ import annotations

import json
from typing import Any

import yaml

from playground.export.collect import Export, Ref, one_line

PROPERTIES: dict[str, frozenset[str]] = {
    "AWS::SQS::Queue": frozenset({
        "QueueName", "VisibilityTimeout", "MessageRetentionPeriod", "DelaySeconds",
        "MaximumMessageSize", "ReceiveMessageWaitTimeSeconds", "FifoQueue",
        "ContentBasedDeduplication", "DeduplicationScope", "FifoThroughputLimit",
        "RedrivePolicy", "Tags"}),
    "AWS::SQS::QueuePolicy": frozenset({"Queues", "PolicyDocument"}),
    "AWS::SNS::Topic": frozenset({"TopicName", "FifoTopic", "ContentBasedDeduplication", "Tags"}),
    "AWS::SNS::TopicPolicy": frozenset({"Topics", "PolicyDocument"}),
    "AWS::SNS::Subscription": frozenset({
        "TopicArn", "Protocol", "Endpoint", "RawMessageDelivery", "FilterPolicy",
        "FilterPolicyScope", "RedrivePolicy"}),
    "AWS::Events::EventBus": frozenset({"Name", "Tags"}),
    "AWS::Events::Rule": frozenset({
        "Name", "EventBusName", "EventPattern", "ScheduleExpression", "State", "Description",
        "Targets"}),
    "AWS::Events::Archive": frozenset({
        "ArchiveName", "SourceArn", "EventPattern", "RetentionDays", "Description"}),
    "AWS::StepFunctions::StateMachine": frozenset({
        "StateMachineName", "StateMachineType", "DefinitionString", "DefinitionSubstitutions",
        "RoleArn", "Tags"}),
    "AWS::Kinesis::Stream": frozenset({
        "Name", "ShardCount", "StreamModeDetails", "RetentionPeriodHours", "Tags"}),
    "AWS::IAM::Role": frozenset({"AssumeRolePolicyDocument", "Policies", "Description"}),
}
"""The types this exporter writes and the properties it may give each."""
ATTRIBUTES: dict[str, frozenset[str]] = {
    "AWS::SQS::Queue": frozenset({"Arn", "QueueName", "QueueUrl"}),
    "AWS::SNS::Topic": frozenset({"TopicArn", "TopicName"}),
    "AWS::Events::EventBus": frozenset({"Arn", "Name"}),
    "AWS::Events::Rule": frozenset({"Arn"}),
    "AWS::Events::Archive": frozenset({"Arn"}),
    "AWS::StepFunctions::StateMachine": frozenset({"Arn", "Name"}),
    "AWS::Kinesis::Stream": frozenset({"Arn"}),
    "AWS::IAM::Role": frozenset({"Arn", "RoleId"}),
}
"""What `Fn::GetAtt` may ask of each type."""
RULE_TARGET_FIELDS = frozenset({"Id", "Arn", "RoleArn", "Input", "InputPath",
                                "InputTransformer", "DeadLetterConfig"})


def _lid(key: str) -> str:
    return key.split(":", 1)[1]


def _getatt(key: str, attribute: str = "Arn") -> dict[str, Any]:
    return {"Fn::GetAtt": [_lid(key), attribute]}


def _ref(key: str) -> dict[str, Any]:
    return {"Ref": _lid(key)}


class _Writer:
    def __init__(self, export: Export) -> None:
        self.export = export
        self.resources: dict[str, Any] = {}
        self.queue_statements: dict[str, list[dict[str, Any]]] = {}
        self.topic_statements: dict[str, list[dict[str, Any]]] = {}

    def external(self, arn: str) -> Any:
        """An ARN outside the export, with this account and region made the deploying one's."""
        ex = self.export
        if f":{ex.region}:{ex.account}:" in arn:
            return {"Fn::Sub": arn.replace(f":{ex.region}:{ex.account}:",
                                           ":${AWS::Region}:${AWS::AccountId}:")}
        return arn

    def arn_of(self, ref: Ref) -> Any:
        if ref.key is None:
            return self.external(ref.arn)
        kind = self.export.kind_of(ref.key)
        return _ref(ref.key) if kind in ("topic", "state machine") else _getatt(ref.key)

    def value(self, key: str, what: str) -> Any:
        """A resource's URL, ARN or name, as a state machine's definition names it."""
        kind = self.export.kind_of(key)
        if what == "url":
            return _ref(key)
        if what == "name":
            return _ref(key) if kind in ("stream", "event bus") else _getatt(key, "Name")
        return self.arn_of(Ref(key, ""))

    def add(self, key: str, type_: str, properties: dict[str, Any],
            depends: list[str] | None = None) -> None:
        body: dict[str, Any] = {"Type": type_, "Properties": properties}
        if depends:
            body["DependsOn"] = depends
        self.resources[key if ":" not in key else _lid(key)] = body

    @staticmethod
    def tags(tags: dict[str, str]) -> list[dict[str, str]]:
        return [{"Key": k, "Value": v} for k, v in sorted(tags.items())]

    def template(self) -> dict[str, Any]:
        ex = self.export
        for q in ex.queues:
            props: dict[str, Any] = {"QueueName": q.name}
            for name, raw in q.attributes.items():
                props[name] = (raw == "true" if raw in ("true", "false")
                               else int(raw) if raw.isdigit() else raw)
            if q.dead_letter is not None:
                props["RedrivePolicy"] = {"deadLetterTargetArn": self.arn_of(q.dead_letter),
                                          "maxReceiveCount": q.max_receive_count or 10}
            if q.tags:
                props["Tags"] = self.tags(q.tags)
            self.add(q.key, "AWS::SQS::Queue", props)
        for t in ex.topics:
            props = {"TopicName": t.name}
            if t.fifo:
                props["FifoTopic"] = True
            if t.content_dedup:
                props["ContentBasedDeduplication"] = True
            if t.tags:
                props["Tags"] = self.tags(t.tags)
            self.add(t.key, "AWS::SNS::Topic", props)
        for sub in ex.subscriptions:
            assert sub.endpoint.key is not None
            props = {"TopicArn": _ref(sub.topic), "Protocol": sub.protocol,
                     "Endpoint": self.arn_of(sub.endpoint)}
            if sub.raw:
                props["RawMessageDelivery"] = True
            if sub.filter_policy is not None:
                props["FilterPolicy"] = sub.filter_policy
                props["FilterPolicyScope"] = sub.filter_scope or "MessageAttributes"
            if sub.dead_letter is not None:
                props["RedrivePolicy"] = {"deadLetterTargetArn": self.arn_of(sub.dead_letter)}
            self.add(f"{_lid(sub.topic)}To{_lid(sub.endpoint.key)}", "AWS::SNS::Subscription",
                     props)
            self.queue_statements.setdefault(sub.endpoint.key, []).append(
                _allow("sns.amazonaws.com", "sqs:SendMessage", _getatt(sub.endpoint.key),
                       _ref(sub.topic)))
        for s in ex.streams:
            props = {"Name": s.name, "StreamModeDetails": {"StreamMode": s.mode}}
            if s.mode == "PROVISIONED":
                props["ShardCount"] = max(s.shards, 1)
            if s.retention_hours != 24:
                props["RetentionPeriodHours"] = s.retention_hours
            if s.tags:
                props["Tags"] = self.tags(s.tags)
            self.add(s.key, "AWS::Kinesis::Stream", props)
        for b in ex.buses:
            props = {"Name": b.name}
            if b.tags:
                props["Tags"] = self.tags(b.tags)
            self.add(b.key, "AWS::Events::EventBus", props)
        for m in ex.state_machines:
            self.state_machine(m)
        for r in ex.rules:
            self.rule(r)
        for a in ex.archives:
            props = {"ArchiveName": a.name, "SourceArn": self.arn_of(a.source)}
            if a.pattern is not None:
                props["EventPattern"] = a.pattern
            if a.retention_days:
                props["RetentionDays"] = a.retention_days
            if a.description:
                props["Description"] = a.description
            self.add(a.key, "AWS::Events::Archive", props)
        for key, statements in self.queue_statements.items():
            self.add(f"{_lid(key)}Policy", "AWS::SQS::QueuePolicy", {
                "Queues": [_ref(key)],
                "PolicyDocument": {"Version": "2012-10-17", "Statement": statements}})
        for key, statements in self.topic_statements.items():
            self.add(f"{_lid(key)}Policy", "AWS::SNS::TopicPolicy", {
                "Topics": [_ref(key)],
                "PolicyDocument": {"Version": "2012-10-17", "Statement": statements}})
        out: dict[str, Any] = {
            "AWSTemplateFormatVersion": "2010-09-09",
            "Description": f"What the playground built ({ex.scope}), exported by "
                           "`playground export`",
        }
        if ex.skipped:
            out["Metadata"] = {"PlaygroundNotExported": list(ex.skipped)}
        out["Resources"] = self.resources
        return out

    def state_machine(self, m: Any) -> None:
        role = f"{_lid(m.key)}Role"
        statements = [{"Effect": "Allow", "Action": action, "Resource": self.arn_of(Ref(key, ""))}
                      for action, key in m.calls]
        role_props: dict[str, Any] = {
            "Description": f"Assumed by Step Functions to run {m.name}",
            "AssumeRolePolicyDocument": _trust("states.amazonaws.com")}
        if statements:
            role_props["Policies"] = [{"PolicyName": "calls", "PolicyDocument": {
                "Version": "2012-10-17", "Statement": statements}}]
        self.add(role, "AWS::IAM::Role", role_props)
        props: dict[str, Any] = {
            "StateMachineName": m.name, "StateMachineType": m.type,
            "DefinitionString": m.definition, "RoleArn": {"Fn::GetAtt": [role, "Arn"]}}
        if m.substitutions:
            props["DefinitionSubstitutions"] = {
                name: self.value(key, what) for name, (key, what) in sorted(m.substitutions.items())}
        if m.tags:
            props["Tags"] = self.tags(m.tags)
        self.add(m.key, "AWS::StepFunctions::StateMachine", props)

    def rule(self, r: Any) -> None:
        props: dict[str, Any] = {"Name": r.name, "State": r.state}
        if r.bus is not None and r.bus.key is not None:
            props["EventBusName"] = _ref(r.bus.key)
        if r.pattern is not None:
            props["EventPattern"] = r.pattern
        if r.schedule:
            props["ScheduleExpression"] = r.schedule
        if r.description:
            props["Description"] = r.description
        targets = []
        role_statements: list[dict[str, Any]] = []
        role = f"{_lid(r.key)}TargetRole"
        for t in r.targets:
            kind = self.export.kind_of(t.to.key or "")
            target: dict[str, Any] = {"Id": t.id, "Arn": self.arn_of(t.to)}
            needs = {"state machine": "states:StartExecution", "stream": "kinesis:PutRecord",
                     "event bus": "events:PutEvents"}.get(kind)
            if needs:
                role_statements.append({"Effect": "Allow", "Action": needs,
                                        "Resource": self.arn_of(t.to)})
                target["RoleArn"] = {"Fn::GetAtt": [role, "Arn"]}
            elif kind == "queue" and t.to.key:
                self.queue_statements.setdefault(t.to.key, []).append(
                    _allow("events.amazonaws.com", "sqs:SendMessage", _getatt(t.to.key),
                           _getatt(r.key)))
            elif kind == "topic" and t.to.key:
                self.topic_statements.setdefault(t.to.key, []).append(
                    _allow("events.amazonaws.com", "sns:Publish", _ref(t.to.key),
                           _getatt(r.key)))
            for field in ("Input", "InputPath"):
                value = getattr(t, "input" if field == "Input" else "input_path")
                if value:
                    target[field] = value
            if t.input_transformer:
                target["InputTransformer"] = {k: v for k, v in t.input_transformer.items()
                                              if k in ("InputPathsMap", "InputTemplate")}
            if t.dead_letter is not None:
                target["DeadLetterConfig"] = {"Arn": self.arn_of(t.dead_letter)}
            targets.append(target)
        if role_statements:
            self.add(role, "AWS::IAM::Role", {
                "Description": f"Assumed by EventBridge for the targets of rule {r.name}",
                "AssumeRolePolicyDocument": _trust("events.amazonaws.com"),
                "Policies": [{"PolicyName": "targets", "PolicyDocument": {
                    "Version": "2012-10-17", "Statement": role_statements}}]})
        if targets:
            props["Targets"] = targets
        self.add(r.key, "AWS::Events::Rule", props)


def _trust(service: str) -> dict[str, Any]:
    return {"Version": "2012-10-17", "Statement": [{
        "Effect": "Allow", "Principal": {"Service": service}, "Action": "sts:AssumeRole"}]}


def _allow(service: str, action: str, resource: Any, source: Any) -> dict[str, Any]:
    """A resource policy statement: this service may call `action` for this source only."""
    return {"Effect": "Allow", "Principal": {"Service": service}, "Action": action,
            "Resource": resource, "Condition": {"ArnEquals": {"aws:SourceArn": source}}}


def template(export: Export) -> dict[str, Any]:
    return _Writer(export).template()


class _Dumper(yaml.SafeDumper):
    """Block style for multi-line strings (the state machine definitions)."""


def _str(dumper: yaml.SafeDumper, value: str) -> yaml.ScalarNode:
    # Double quotes, with escapes, for anything but printable text and newlines: PyYAML writes
    # a NEL (\x85) or a line separator raw in a single-quoted scalar, which reads back as a
    # space.
    odd = any(not (c.isprintable() or c == "\n") or c in "\x85\u2028\u2029" for c in value)
    style = '"' if odd else "|" if "\n" in value else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


_Dumper.add_representer(str, _str)


def render(export: Export, fmt: str = "yaml") -> str:
    """The template as text; in YAML, what was not exported is also listed as comments."""
    body = template(export)
    if fmt == "json":
        return json.dumps(body, indent=2, ensure_ascii=False) + "\n"
    head = [f"# What the playground built ({export.scope}) in {export.region}, as a "
            "CloudFormation template.",
            "# Deploy: aws cloudformation deploy --template-file FILE --stack-name NAME "
            "--capabilities CAPABILITY_IAM"]
    if export.skipped:
        head.append("# Not exported (add these by hand):")
        head += [f"#   - {one_line(line)}" for line in export.skipped]
    text = yaml.dump(body, Dumper=_Dumper, sort_keys=False, allow_unicode=True, width=100)
    return "\n".join(head) + "\n" + text


def problems(body: dict[str, Any]) -> list[str]:
    """What is wrong with a template this module wrote: a type or property it does not know,
    a Ref or GetAtt to no resource (or to an attribute its type does not have)."""
    found: list[str] = []
    resources = body.get("Resources")
    if not isinstance(resources, dict) or not resources:
        return ["the template has no Resources"]
    for name, res in resources.items():
        if not name.isalnum():
            found.append(f"{name}: a logical id must be letters and digits")
        kind = res.get("Type") if isinstance(res, dict) else None
        if kind not in PROPERTIES:
            found.append(f"{name}: unknown type {kind!r}")
            continue
        props = res.get("Properties", {})
        extra = sorted(set(props) - PROPERTIES[kind])
        if extra:
            found.append(f"{name}: {kind} has no property {', '.join(extra)}")
        for target in props.get("Targets", []):
            odd = sorted(set(target) - RULE_TARGET_FIELDS)
            if odd:
                found.append(f"{name}: a rule target has no field {', '.join(odd)}")
        for dep in res.get("DependsOn", []):
            if dep not in resources:
                found.append(f"{name}: DependsOn {dep}, which is not in the template")
    for where, node in _walk(body):
        if (isinstance(node, dict) and "Ref" in node and len(node) == 1
                and node["Ref"] not in resources and not str(node["Ref"]).startswith("AWS::")):
            found.append(f"{where}: Ref to {node['Ref']}, which is not in the template")
        if isinstance(node, dict) and "Fn::GetAtt" in node and len(node) == 1:
            target, attribute = node["Fn::GetAtt"]
            kind = resources.get(target, {}).get("Type")
            if kind is None:
                found.append(f"{where}: GetAtt of {target}, which is not in the template")
            elif attribute not in ATTRIBUTES.get(kind, frozenset()):
                found.append(f"{where}: {kind} has no attribute {attribute}")
    return found


def _walk(node: Any, where: str = "") -> list[tuple[str, Any]]:
    out: list[tuple[str, Any]] = []
    todo: list[tuple[str, Any]] = [(where, node)]
    while todo:
        path, item = todo.pop()
        out.append((path, item))
        if isinstance(item, dict):
            todo.extend((f"{path}.{k}" if path else str(k), v) for k, v in item.items())
        elif isinstance(item, list):
            todo.extend((f"{path}[{i}]", v) for i, v in enumerate(item))
    return out
