"""A service's resources in a table: the workbench starting point for each service."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import DataTable, Static

from playground.targets import Target
from playground.ui.messages import TargetChanged
from playground.ui.screens.base import PlaygroundScreen
from playground.ui.services import CARDS_BY_KEY

Rows = tuple[list[str], list[list[str]]]


def _sqs(t: Target) -> Rows:
    from playground.aws.sqs import SqsService

    rows = [[q.name, "FIFO" if q.fifo else "standard", str(q.visible), str(q.in_flight),
             str(q.delayed)] for q in SqsService(t).list_queues()]
    return ["queue", "type", "visible", "in flight", "delayed"], rows


def _sns(t: Target) -> Rows:
    from playground.aws.sns import SnsService, topic_name

    svc = SnsService(t)
    rows = [[topic_name(a), str(len(svc.subscriptions(a))), a] for a in svc.list_topics()]
    return ["topic", "subscriptions", "ARN"], rows


def _events(t: Target) -> Rows:
    from playground.aws.events import EventsService

    svc = EventsService(t)
    rows = []
    for bus in svc.list_buses():
        for rule in svc.list_rules(bus["Name"]) or [{"Name": "—", "State": ""}]:
            rows.append([bus["Name"], rule["Name"], rule.get("State", "")])
    return ["bus", "rule", "state"], rows


def _sfn(t: Target) -> Rows:
    from playground.aws.stepfunctions import StepFunctionsService

    rows = [[m["name"], m.get("type", ""), m["stateMachineArn"]]
            for m in StepFunctionsService(t).list_state_machines()]
    return ["state machine", "type", "ARN"], rows


def _kinesis(t: Target) -> Rows:
    from playground.aws.kinesis import KinesisService

    svc = KinesisService(t)
    rows = []
    for name in svc.list_streams():
        shards = svc.shards(name)
        rows.append([name, str(sum(s.open for s in shards)), str(len(shards))])
    return ["stream", "open shards", "all shards"], rows


LISTERS: dict[str, Callable[[Target], Rows]] = {
    "sqs": _sqs, "sns": _sns, "events": _events, "stepfunctions": _sfn, "kinesis": _kinesis,
}


SERVICE_PARITY: dict[str, tuple[str, ...]] = {
    "stepfunctions": ("nested-history", "activities", "jsonata", "lambda"),
    "kinesis": ("split-keeps-parent", "subscribe-to-shard"),
}


class ServiceScreen(PlaygroundScreen):
    """Lists a service's resources on the current target; `r` reloads."""

    BINDINGS = [
        Binding("r", "refresh", "Refresh", id="service.refresh"),
        Binding("escape", "app.pop_screen", "Back", id="service.back"),
    ]

    def __init__(self, service: str) -> None:
        super().__init__(name=service)
        self.service = service
        self.card = CARDS_BY_KEY[service]
        self.PARITY_KEYS = SERVICE_PARITY.get(service, ())  # type: ignore[misc]

    def compose_body(self) -> ComposeResult:
        yield Static(f"[b]{self.card.title}[/b]  [dim]{self.card.blurb}[/]", classes="screen-title")
        yield DataTable(id="resources", cursor_type="row")
        yield Static("", id="resources-status", classes="hint")

    def on_mount(self) -> None:
        super().on_mount()
        self.action_refresh()

    def on_target_changed(self, _: TargetChanged) -> None:
        self.action_refresh()

    def action_refresh(self) -> None:
        target = self.playground.target
        if target is None:
            self.query_one("#resources-status", Static).update("waiting for the target…")
            return
        self.query_one("#resources-status", Static).update("loading…")
        self._load(target)

    @work(thread=True, exclusive=True, exit_on_error=False, group="service-load",
          description="list resources")
    def _load(self, target: Target) -> None:
        header, rows = LISTERS[self.service](target)
        self.app.call_from_thread(self._show, header, rows)

    def _show(self, header: list[str], rows: list[list[Any]]) -> None:
        table = self.query_one(DataTable)
        table.clear(columns=True)
        table.add_columns(*header)
        table.add_rows(rows)
        status = f"{len(rows)} found · r refresh · esc back" if rows else (
            "Nothing here yet on this target · r refresh · esc back")
        self.query_one("#resources-status", Static).update(status)
