"""A filter policy edited as JSON, checked on every keystroke against the SNS rules."""

from __future__ import annotations

import json
from typing import Any

from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.widgets import Label, Select, Static, TextArea

from playground.patterns import PatternError, validate_filter_policy
from playground.patterns.sns import MAX_POLICY_BYTES
from playground.ui.common.issues import issue_lines
from playground.ui.common.paste import limited
from playground.ui.common.text import markup

SCOPES = (("message attributes", "MessageAttributes"), ("message body", "MessageBody"))


class FilterPolicyEditor(Vertical):
    """Empty text means no filter policy (the subscriber gets everything)."""

    def __init__(self, policy: dict[str, Any] | None = None, scope: str = "MessageAttributes",
                 *, id: str | None = None) -> None:
        super().__init__(id=id, classes="filter-editor")
        self._policy = policy
        self._scope = scope

    def compose(self) -> ComposeResult:
        with Horizontal(classes="filter-scope-row"):
            yield Label("filter on", classes="filter-label")
            yield Select(SCOPES, value=self._scope, allow_blank=False, compact=True,
                         classes="filter-scope")
        text = json.dumps(self._policy, indent=2) if self._policy else ""
        yield limited(TextArea(text, classes="filter-text", tab_behavior="focus"),
                      MAX_POLICY_BYTES, "SNS's limit for a filter policy")
        yield Static("", classes="filter-status")

    def on_mount(self) -> None:
        self.check()

    @property
    def scope(self) -> str:
        return str(self.query_one(".filter-scope", Select).value)

    @property
    def text(self) -> str:
        return self.query_one(".filter-text", TextArea).text

    def value(self) -> dict[str, Any] | None:
        """The policy to send, or None for no policy; PatternError when SNS would refuse it."""
        if not self.text.strip():
            return None
        return validate_filter_policy(self.text, self.scope)

    def check(self) -> bool:
        status = self.query_one(".filter-status", Static)
        area = self.query_one(".filter-text", TextArea)
        try:
            policy = self.value()
        except PatternError as exc:
            status.update(issue_lines([str(exc)]))
            area.add_class("-invalid")
            return False
        area.remove_class("-invalid")
        if policy is None:
            status.update("[dim]no filter policy: this subscriber gets every message[/]")
        else:
            status.update(markup("[green]✓ a valid filter policy on the $scope scope[/]",
                                 scope=self.scope))
        return True

    def on_text_area_changed(self, event: TextArea.Changed) -> None:
        event.stop()
        self.check()

    def on_select_changed(self, event: Select.Changed) -> None:
        event.stop()
        self.check()
