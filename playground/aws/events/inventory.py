"""The playground's event buses and rules in one region, and the archives of its buses (archives
cannot be tagged: an archive is the playground's when its source is a tagged bus)."""

from __future__ import annotations

from functools import partial
from typing import Any

from playground.aws.events.service import EventsService
from playground.aws.inventory import Resource, Survey, as_utc

DEFAULT_BUS = "default"


def find(survey: Survey) -> list[Resource]:
    events = EventsService(survey.target)
    buses = survey.ask("events", "ListEventBuses", events.list_buses) or []
    arns = {b["Name"]: b["Arn"] for b in buses}
    found: list[Resource] = []
    tagged: dict[str, str] = {}
    custom = [b for b in buses if b["Name"] != DEFAULT_BUS]  # listed once: rules need them all
    for bus, tags in survey.tagged("events", "ListEventBuses", lambda: custom,
                                   "ListTagsForResource", lambda b: events.tags(b["Arn"])):
        tagged[bus["Arn"]] = bus["Name"]
        found.append(Resource("events", "event bus", bus["Name"], survey.region, bus["Arn"],
                              as_utc(bus.get("CreationTime")), tags,
                              delete=partial(delete_bus, events, bus["Name"])))
    # A tagged rule may sit on any bus (the default one, another tool's): every bus is looked at.
    for bus_name in [DEFAULT_BUS, *(n for n in arns if n != DEFAULT_BUS)]:
        # A service's own rule (an archive's, ManagedBy) goes with what made it.
        rules = partial(_own_rules, events, bus_name)
        for rule, tags in survey.tagged("events", "ListRules", rules,
                                        "ListTagsForResource", lambda r: events.tags(r["Arn"])):
            bus_arn = arns.get(bus_name)
            found.append(Resource("events", "rule", rule["Name"], survey.region, rule["Arn"],
                                  None, tags, {"bus": bus_name, "state": rule.get("State", "")},
                                  belongs_to=bus_arn if bus_arn in tagged else None,
                                  delete=partial(events.delete_rule, rule["Name"], bus_name)))
    if tagged:
        for archive in survey.ask("events", "ListArchives", events.list_archives) or []:
            source = archive.get("EventSourceArn", "")
            if source not in tagged:
                continue
            name = archive["ArchiveName"]
            found.append(Resource(
                "events", "archive", name, survey.region, archive_arn(source, name),
                as_utc(archive.get("CreationTime")),
                details={"bus": tagged[source], "state": archive.get("State", ""),
                         "size_bytes": archive.get("SizeBytes", 0)},
                belongs_to=source, delete=partial(events.delete_archive, name)))
    return found


def _own_rules(events: EventsService, bus: str) -> list[dict[str, Any]]:
    return [r for r in events.list_rules(bus) if not r.get("ManagedBy")]


def archive_arn(bus_arn: str, name: str) -> str:
    """ListArchives gives no ARN: it is the bus's with `archive/<name>` for `event-bus/<bus>`."""
    return f"{bus_arn.rsplit(':', 1)[0]}:archive/{name}"


class BusNotEmpty(Exception):
    """A bus still carries rules the playground did not make: deleting it would take them too
    (some emulators delete a bus's rules with it; AWS refuses), so it is left alone."""


def delete_bus(events: EventsService, name: str) -> None:
    """Delete a bus once nothing is left on it: teardown has deleted its tagged rules (and the
    archives' rules with the archives) by then, so what remains is someone else's."""
    left = [r["Name"] for r in events.list_rules(name)]
    if left:
        shown = ", ".join(left[:5]) + (f" and {len(left) - 5} more" if len(left) > 5 else "")
        raise BusNotEmpty(f"rules not made by the playground are still on it ({shown}): the bus "
                          "is left alone so they are not deleted with it")
    events.delete_bus(name)
