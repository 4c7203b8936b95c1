"""What a lab will create, read from its reference solution: shown before the first write on a
real account, with what it would cost there."""

from __future__ import annotations

from dataclasses import dataclass

from playground.aws.inventory import Resource
from playground.lab.context import expand
from playground.lab.model import Lab
from playground.lab.registry import ACTIONS, FUNCTIONS, load_builtins


@dataclass(frozen=True)
class Planned:
    step: int
    """1-based: the step whose solution creates it."""
    resource: Resource


def lab_plan(lab: Lab, variables: dict[str, str], region: str) -> list[Planned]:
    """Every resource the lab's steps create, in order, once each (a step may update what an
    earlier one made: `put_rule` twice is one rule)."""
    load_builtins()
    seen: set[tuple[str, str]] = set()
    plan: list[Planned] = []
    for number, step in enumerate(lab.steps, start=1):
        for spec in step.solution:
            entry = (ACTIONS if spec.action else FUNCTIONS).get(spec.name)
            if entry is None or entry.resource is None:
                continue
            params = expand(spec.params, variables)
            name = _name(entry.resource, entry.creates, params)
            if (entry.resource, name) in seen:
                continue
            seen.add((entry.resource, name))
            plan.append(Planned(number, Resource(
                service=entry.service or "", kind=entry.resource, name=name, region=region,
                arn="", details=_details(entry.resource, params))))
    return plan


def _name(kind: str, creates: str | None, params: dict[str, object]) -> str:
    if kind == "subscription":
        return f"{params.get('topic', '?')} → {params.get('queue', '?')}"
    name = str(params.get(creates or "name", "?"))
    if kind in ("queue", "topic") and params.get("fifo") and not name.endswith(".fifo"):
        name += ".fifo"  # as the services' create calls name it
    return name


def _details(kind: str, params: dict[str, object]) -> dict[str, object]:
    """What its cost depends on, in the inventory's terms."""
    if kind == "stream":
        return {"shards": params.get("shards", 1), "mode": "PROVISIONED"}
    if kind == "queue":
        return {"fifo": bool(params.get("fifo")) or str(params.get("name", "")).endswith(".fifo")}
    if kind == "state machine":
        return {"type": str(params.get("type", "STANDARD"))}
    return {}


def plan_lines(plan: list[Planned]) -> list[str]:
    """One line per resource, as the plan dialog and `labs solve` print it."""
    lines = []
    for item in plan:
        res = item.resource
        extra = ""
        if res.kind == "stream":
            extra = f" ({res.details.get('shards', 1)} shard(s), provisioned: billed per shard-hour)"
        elif res.details.get("fifo"):
            extra = " (FIFO)"
        lines.append(f"step {item.step}: {res.kind} {res.name}{extra}")
    return lines


def plan_cost_line(plan: list[Planned], minutes: int) -> str:
    """What the plan costs on AWS by the hour while it exists, from the price file; empty when
    nothing in it is billed by the hour (requests cost fractions of a cent at a lab's pace)."""
    from playground.cost.meter import fine_money, standing_lines
    from playground.cost.prices import PriceFileError, shipped_prices

    try:
        lines = standing_lines([item.resource for item in plan], shipped_prices())
    except PriceFileError as exc:
        return f"No cost estimate: {exc}"
    if not lines:
        return ""
    hourly = sum(line.usd_per_hour or 0.0 for line in lines)
    quoted = "" if all(line.verified for line in lines) else (
        " (* a price quoted by others, not read on an AWS page: docs/cost.md)")
    items = "; ".join(line.text() for line in lines)
    return (f"On AWS (us-east-1 prices): {items}. That is {fine_money(hourly)} an hour while it "
            f"exists, about {fine_money(hourly * minutes / 60)} for the lab's {minutes} minutes, "
            f"and it goes on costing until it is deleted{quoted}.")
