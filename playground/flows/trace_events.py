"""A trace on EventBridge: the event put on a bus, each rule matched or not (with the pattern's
reasons, from playground.patterns), each target's input as the rule hands it on (input
transformer, input path, constant input), and what the buses' archives keep."""

from __future__ import annotations

import contextlib
import json
import uuid
from collections.abc import Iterator
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

from playground.flows.hops import TRACE_KEY, Hop
from playground.flows.model import Edge, Node
from playground.flows.reader import arn_parts
from playground.patterns.json_input import parse_json

if TYPE_CHECKING:
    from playground.flows.trace_watch import Observers

DEFAULT_SOURCE = "playground.trace"
DEFAULT_DETAIL_TYPE = "Trace"
_ENTRY_KEYS = ("source", "detail-type", "detail", "resources")


def dumps(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False)


def example_from_pattern(pattern: Any, depth: int = 0) -> dict[str, Any]:
    """An event shape that a simple pattern matches: the first literal of each field
    (`{"source": ["shop"]}` -> `{"source": "shop"}`), prefixes and equals-ignore-case kept,
    the other operators left out (the user's payload can add them)."""
    out: dict[str, Any] = {}
    if not isinstance(pattern, dict) or depth > 20:
        return out
    for key, value in pattern.items():
        if not isinstance(key, str) or key.startswith("$"):
            continue
        if isinstance(value, dict):
            inner = example_from_pattern(value, depth + 1)
            if inner:
                out[key] = inner
        elif isinstance(value, list):
            for item in value:
                if isinstance(item, str | int | float | bool) or item is None:
                    out[key] = item
                    break
                if isinstance(item, dict):
                    for op in ("prefix", "equals-ignore-case", "suffix", "wildcard"):
                        if isinstance(item.get(op), str):
                            out[key] = item[op].replace("*", "")
                            break
                    if key in out:
                        break
    return out


def example_event(entry: dict[str, Any]) -> dict[str, Any]:
    """A PutEvents entry as the event rules see (without id and time)."""
    detail: Any = entry.get("Detail", "{}")
    with contextlib.suppress(ValueError):
        detail = parse_json(detail) if isinstance(detail, str) else detail
    return {"source": entry.get("Source"), "detail-type": entry.get("DetailType"),
            "detail": detail}


def rule_name_bus(arn: str) -> tuple[str, str]:
    """(rule name, bus name) from a rule's ARN."""
    parts = arn_parts(arn)
    resource = parts[3] if parts is not None else arn
    rest = resource.removeprefix("rule/")
    bus, _, name = rest.rpartition("/")
    return name, bus or "default"


class EventsHops:
    def __init__(self, obs: Observers) -> None:
        self.obs = obs

    def _events(self) -> Any:
        from playground.aws.events.service import EventsService

        return EventsService(self.obs.target)

    def _rules_of(self, bus_arn: str) -> list[Edge]:
        return [e for e in self.obs.flows.outgoing(bus_arn) if e.kind == "rule"]

    def _pattern(self, rule_arn: str) -> tuple[dict[str, Any] | None, str]:
        """(pattern, state) of a rule as the target holds it now."""
        name, bus = rule_name_bus(rule_arn)
        with self.obs.background():
            described = self._events().describe_rule(name, bus)
        raw = described.get("EventPattern")
        try:
            pattern = parse_json(raw) if raw else None
        except ValueError:
            pattern = None
        return pattern if isinstance(pattern, dict) else None, str(described.get("State", ""))

    # --- sending -------------------------------------------------------------------------------
    def send(self, node: Node, payload: dict[str, Any]) -> Iterator[Hop]:
        obs, t = self.obs, self.obs.trace
        if node.label == "rule":
            rule = node.arn
            bus_name = rule_name_bus(rule)[1]
            bus_arn = next((e.source for e in obs.flows.incoming(rule) if e.kind == "rule"),
                           "")
        else:
            bus_name, bus_arn = node.name, node.arn
            rule = next((e.target for e in self._rules_of(bus_arn)), "")
        try:
            pattern = self._pattern(rule)[0] if rule else None
        except Exception:  # the rule cannot be read: the event goes out without its shape
            pattern = None
        shape = example_from_pattern(pattern or {})
        given = payload if any(k in payload for k in _ENTRY_KEYS) else {"detail": payload}
        detail = given.get("detail", {})
        if not isinstance(detail, dict):
            raise ValueError("the payload's detail must be a JSON object")
        shaped = shape.get("detail")
        detail = {**(shaped if isinstance(shaped, dict) else {}), **detail, TRACE_KEY: obs.tid}
        source = str(given.get("source") or shape.get("source") or DEFAULT_SOURCE)
        detail_type = str(given.get("detail-type") or shape.get("detail-type")
                          or DEFAULT_DETAIL_TYPE)
        listed = given.get("resources")
        resources = [str(r) for r in listed] if isinstance(listed, list) else []
        entry = {"Source": source, "DetailType": detail_type, "Detail": dumps(detail),
                 "EventBusName": bus_arn or bus_name, "Resources": resources}
        answer = obs.target.client("events").put_events(Entries=[entry])["Entries"][0]
        if "EventId" not in answer:
            raise ValueError(f"{answer.get('ErrorCode')}: {answer.get('ErrorMessage')}")
        event = {"version": "0", "id": answer["EventId"], "detail-type": detail_type,
                 "source": source, "account": obs.target.account_id or "000000000000",
                 "time": datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
                 "region": obs.target.region, "resources": entry["Resources"], "detail": detail}
        shaped_by = f" (source and detail-type from the pattern of {node.title})" if (
            shape and node.label == "rule") else ""
        yield t.hop(bus_arn or node.arn, "event put", "reached", payload=dumps(event),
                    happened=t.start,
                    explanation=f"PutEvents with the trace id in detail.{TRACE_KEY}{shaped_by}")
        bus = obs.flows.nodes.get(bus_arn)
        if bus is not None:
            yield from self.arrive_bus(bus, dumps(event), None, None, announce=False)

    # --- a bus and its rules -----------------------------------------------------------------
    def arrive_bus(self, bus: Node, payload: str | None, via: Edge | None, before: str | None,
                   *, announce: bool = True) -> Iterator[Hop]:
        obs, t = self.obs, self.obs.trace
        if announce:
            yield t.hop(bus.arn, "event put" if payload else "event put (not known here)",
                        "reached", payload=payload, before=before, via=via,
                        happened=self.obs.cause)
        event = _object(payload)
        for edge in self._rules_of(bus.arn):
            rule = obs.flows.node(edge.target)
            if event is None:
                for target in obs.flows.outgoing(rule.arn):
                    if target.kind == "target":
                        yield from obs.arrive(target.target, payload=None, via=target,
                                              before=None, required=False, match_any=False)
                continue
            yield from self._rule(edge, rule, event, payload or "")
        for edge in obs.flows.outgoing(bus.arn):
            if edge.kind == "archive" and event is not None:
                yield from self._archive(edge, event, payload or "")

    def _rule(self, edge: Edge, rule: Node, event: dict[str, Any], text: str) -> Iterator[Hop]:
        from playground.patterns import EventError, PatternError, match_event_pattern
        from playground.targets.liveness import describe_failure

        obs, t = self.obs, self.obs.trace
        try:
            pattern, state = self._pattern(rule.arn)
        except Exception as exc:  # refused (AccessDenied), gone: a note, the other rules go on
            yield t.hop(rule.arn, "rule not read", "note", payload=text, via=edge,
                        happened=obs.cause, explanation=describe_failure(obs.target, exc))
            return
        if pattern is None:
            return  # a scheduled rule: events do not trigger it
        if state and state != "ENABLED":
            yield t.hop(rule.arn, f"rule {state.lower()}", "stopped", payload=text, via=edge,
                        happened=self.obs.cause, explanation="a disabled rule matches nothing")
            return
        try:
            result = match_event_pattern(pattern, event)
        except (PatternError, EventError) as exc:
            yield t.hop(rule.arn, "pattern not checked", "note", payload=text, via=edge,
                        explanation=f"the trace cannot check this pattern: {exc}")
            return
        if not result.matched:
            yield t.hop(rule.arn, "rule did not match", "stopped", payload=text, via=edge,
                        happened=self.obs.cause, explanation=result.explain())
            return
        yield t.hop(rule.arn, "rule matched", "reached", payload=text, via=edge,
                    happened=self.obs.cause, explanation=result.explain())
        name, bus = rule_name_bus(rule.arn)
        try:
            with obs.background():
                targets = self._events().list_targets(name, bus)
        except Exception as exc:
            yield t.hop(rule.arn, "targets not read", "note", happened=obs.cause,
                        explanation=describe_failure(obs.target, exc))
            return
        for spec in targets:
            arn = str(spec.get("Arn", ""))
            wire = next((e for e in obs.flows.outgoing(rule.arn)
                         if e.kind == "target" and e.target == arn), None)
            delivered, how = _target_input(spec, event, name, rule.arn)
            if how:
                yield t.hop(rule.arn, f"input for {obs_title(obs, arn)}", "reached",
                            payload=delivered, before=text, via=wire, happened=self.obs.cause,
                            explanation=how)
            keeps_id = delivered is None or obs.tid in delivered
            yield from obs.arrive(arn, payload=delivered, via=wire,
                                  before=delivered if how else text, match_any=not keeps_id)

    def _archive(self, edge: Edge, event: dict[str, Any], text: str) -> Iterator[Hop]:
        from playground.patterns import EventError, PatternError, match_event_pattern

        t = self.obs.trace
        name = self.obs.flows.node(edge.target).name
        try:
            with self.obs.background():
                raw = self._events().describe_archive(name).get("EventPattern")
            if raw:
                result = match_event_pattern(parse_json(raw), event)
                if not result.matched:
                    return
        except (PatternError, EventError, ValueError, KeyError):
            return
        except Exception:  # not described: say nothing rather than guess
            return
        yield t.hop(edge.target, "archived", "reached", payload=text, via=edge,
                    happened=self.obs.cause, explanation="the archive keeps every event its "
                    "pattern matches (for a replay)")


def obs_title(obs: Observers, arn: str) -> str:
    from playground.flows.trace_watch import node_title

    return node_title(obs.flows, arn)


def _object(payload: str | None) -> dict[str, Any] | None:
    if payload is None:
        return None
    try:
        value = parse_json(payload)
    except ValueError:
        return None
    return value if isinstance(value, dict) else None


def _target_input(spec: dict[str, Any], event: dict[str, Any], rule: str,
                  rule_arn: str) -> tuple[str | None, str]:
    """(what the target receives, how the rule made it; "" when it is the event as is)."""
    from playground.aws.events.transform import (
        TransformError,
        apply_transformer,
        parse_path,
        resolve,
    )

    transformer = spec.get("InputTransformer")
    if isinstance(transformer, dict):
        try:
            preview = apply_transformer(transformer.get("InputPathsMap") or {},
                                        str(transformer.get("InputTemplate", "")), event,
                                        rule_name=rule, rule_arn=rule_arn)
        except TransformError as exc:
            return None, f"input transformer (the trace cannot apply it: {exc})"
        notes = "; ".join(preview.notes)
        return preview.output, "input transformer: InputPathsMap " + dumps(
            transformer.get("InputPathsMap") or {}) + (f" ({notes})" if notes else "")
    if spec.get("InputPath"):
        try:
            found, value = resolve(event, parse_path(str(spec["InputPath"])))
        except (TransformError, ValueError):
            return None, f"input path {spec['InputPath']} (the trace cannot read it)"
        return (dumps(value) if found else None), f"input path {spec['InputPath']}"
    if spec.get("Input"):
        return str(spec["Input"]), "constant input: the rule sends this instead of the event"
    return dumps(event), ""


def new_event_id() -> str:
    return str(uuid.uuid4())
