"""Who invokes a function without a mapping: SNS subscriptions and EventBridge rule targets."""

from __future__ import annotations

from dataclasses import dataclass

from playground.targets.base import Target


@dataclass(frozen=True)
class Trigger:
    """Something that invokes a function without a mapping: an SNS subscription or an
    EventBridge rule's target."""

    kind: str
    """"sns subscription" or "eventbridge rule"."""
    source: str
    """The topic ARN, or `bus/rule`."""
    arn: str
    """The subscription ARN, or the rule's ARN."""
    detail: str = ""
    """The filter policy or event pattern, as JSON text, when there is one."""



def find_triggers(target: Target, function_arn: str) -> list[Trigger]:
    """SNS subscriptions (protocol lambda) and EventBridge rules whose target is the
    function, so the workbench can say where its invocations come from. A service the
    target lacks or refuses is left out."""
    out: list[Trigger] = []
    bare = function_arn.split(":")[:7]
    wanted = ":".join(bare)

    def points_here(arn: str) -> bool:
        return ":".join(arn.split(":")[:7]) == wanted

    try:
        sns = target.client("sns")
        for page in sns.get_paginator("list_subscriptions").paginate():
            for s in page.get("Subscriptions", []):
                if s.get("Protocol") == "lambda" and points_here(str(s.get("Endpoint", ""))):
                    detail = ""
                    if str(s["SubscriptionArn"]).startswith("arn:"):
                        attrs = sns.get_subscription_attributes(
                            SubscriptionArn=s["SubscriptionArn"]).get("Attributes", {})
                        detail = str(attrs.get("FilterPolicy") or "")
                    out.append(Trigger("sns subscription", str(s["TopicArn"]),
                                       str(s["SubscriptionArn"]), detail))
    except Exception as exc:
        if _is_target_refusal(exc):
            raise
    try:
        events = target.client("events")
        buses = [str(b["Name"]) for b in events.list_event_buses().get("EventBuses", [])]
        for bus in buses:
            for page in events.get_paginator("list_rules").paginate(EventBusName=bus):
                for rule in page.get("Rules", []):
                    targets = events.list_targets_by_rule(
                        Rule=rule["Name"], EventBusName=bus).get("Targets", [])
                    if any(points_here(str(t.get("Arn", ""))) for t in targets):
                        out.append(Trigger("eventbridge rule", f"{bus}/{rule['Name']}",
                                           str(rule.get("Arn", "")),
                                           str(rule.get("EventPattern") or "")))
    except Exception as exc:
        if _is_target_refusal(exc):
            raise
    return out




def _is_target_refusal(exc: BaseException) -> bool:
    from playground.targets.errors import TargetError

    return isinstance(exc, TargetError)
