"""The Lambda workbench: functions, an editor for the handler (its syntax checked before a
deploy), invoke with a JSON payload, the live tail of invocations from CloudWatch Logs, event
source mappings from SQS and Kinesis, and the SNS topics and EventBridge rules that point at a
function."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.widgets import Input, Static, TextArea

from playground.aws.lambda_ import validate as lv
from playground.aws.lambda_.service import Function
from playground.aws.lambda_.templates import TEMPLATES
from playground.aws.validation import blocking
from playground.parity import NOTES
from playground.ui.common.dialogs import ConfirmDialog, account_name
from playground.ui.common.issues import issue_lines
from playground.ui.common.panes import Pane, PaneKeys, pane_bindings
from playground.ui.common.text import clean, plain
from playground.ui.common.workbench import NoteLine, PollingWorkbench
from playground.ui.lambda_.dialogs import MappingDialog, NewFunctionDialog
from playground.ui.lambda_.messages import (
    BisectReplayed,
    FunctionsRefreshed,
    Invoked,
    LambdaChanged,
    RoleNeeded,
    SourceLoaded,
    SourcesListed,
)
from playground.ui.lambda_.panes import (
    FunctionTable,
    MappingTable,
    bisect_text,
    result_text,
    tail_text,
    triggers_text,
)
from playground.ui.lambda_.workers import LambdaWorkers, NewFunction, NewMapping

PARITY = ("lambda", "kinesis-bisect", "lambda-node")
SHORT_NOTES = {
    NOTES["kinesis-bisect"].text(): "Here a failing Kinesis batch is retried whole (no "
    "bisect); AWS splits it until the poison record is alone.",
    NOTES["lambda"].text(): "Here Lambda functions cannot run; on AWS they do.",
    NOTES["lambda-node"].text(): "Here Node.js functions cannot run: Python templates only.",
}
"""The parity notes where the full text does not fit (under 120 columns)."""
PANES = (
    Pane("Functions", ("#fn-list",), box="#fn-list"),
    Pane("Mappings and triggers", ("#fn-mappings",), box="#fn-triggers"),
    Pane("Handler", ("#fn-editor",), box="#fn-editor-box"),
    Pane("Invoke", ("#fn-payload",), box="#fn-invoke"),
    Pane("Invocations (live)", ("#fn-tail",), box="#fn-tail"),
)


class LambdaWorkbench(PaneKeys, LambdaWorkers, PollingWorkbench):
    """All state lives here; widgets show it, workers make the calls."""

    PARITY_KEYS = PARITY
    CSS_PATH = "screen.tcss"
    PANES = PANES
    BINDINGS = [
        Binding("escape", "back", "Back", id="lambda.back"),
        *pane_bindings(PANES, "lambda"),
        Binding("n", "new_function", "New function", id="lambda.function.new"),
        Binding("ctrl+s", "deploy", "Deploy", id="lambda.deploy"),
        Binding("i", "compose", "Invoke", id="lambda.invoke"),
        Binding("m", "new_mapping", "New mapping", id="lambda.mapping.new"),
        Binding("e", "toggle_mapping", "Enable/disable", id="lambda.mapping.toggle"),
        Binding("b", "bisect", "Bisect replay", id="lambda.mapping.bisect"),
        Binding("d", "delete_function", "Delete function", id="lambda.function.delete"),
        Binding("r", "refresh", "Refresh", id="lambda.refresh"),
    ]
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (120, "-wide")]

    def __init__(self) -> None:
        super().__init__(name="lambda")
        self.function: str | None = None
        self.drafts: dict[str, str] = {}
        """The editor's text per function, so moving between functions loses no edit."""
        self._notes: list[str] = []
        self.node_runs = True
        """False where the probe found that Node.js functions cannot run on this target."""

    def compose_body(self) -> ComposeResult:
        with Horizontal(id="fn-main"):
            with Vertical(id="fn-left"):
                yield FunctionTable(id="fn-list")
                yield NoteLine("", id="fn-note")
                with Vertical(id="fn-triggers"):
                    yield MappingTable(id="fn-mappings")
                    yield Static("", id="fn-trigger-text")
            with Vertical(id="fn-right"):
                with Vertical(id="fn-editor-box"):
                    yield TextArea("", id="fn-editor", show_line_numbers=True,
                                   tab_behavior="indent", soft_wrap=False)
                    yield Static("", id="fn-editor-status")
                with Vertical(id="fn-invoke"):
                    yield Input(placeholder='payload (JSON), e.g. {"order": 1}',
                                id="fn-payload", compact=True)
                    with VerticalScroll(id="fn-result-box"):
                        yield Static("", id="fn-result")
                with VerticalScroll(id="fn-tail"):
                    yield Static("", id="fn-tail-text")

    def on_mount(self) -> None:
        super().on_mount()
        self.number_panes()
        self.query_one(FunctionTable).focus()
        self._editor_status(Text("Pick a function, or n to make one from a template.",
                                 style="dim"))
        self.start_polling()

    def on_resize(self) -> None:
        wide = not self.has_class("-narrow")
        self.query_one(FunctionTable).fit(wide)
        self.query_one(MappingTable).fit(wide)
        self.show_parity(self._notes)

    def show_parity(self, notes: list[str]) -> None:
        """Under 120 columns each note in its short form: the full ones take half of 80x24.
        Where Node.js functions cannot run, the new-function dialog offers Python only."""
        self._notes = notes
        self.node_runs = NOTES["lambda-node"].text() not in notes
        if self.has_class("-narrow"):
            notes = [SHORT_NOTES.get(n, n) for n in notes]
        super().show_parity(notes)

    # --- what the poll reads ------------------------------------------------------------------
    def watched_function(self) -> str | None:
        return self.function

    def clear_view(self) -> None:
        self.query_one(FunctionTable).show([])
        self._choose(None)

    def on_functions_refreshed(self, message: FunctionsRefreshed) -> None:
        if not self.show_listing(self.query_one(FunctionTable), message.functions, message.error,
                                 "No function yet: n makes one from a template."):
            return
        if message.watched is not None and message.watched == self.function:
            mappings = self.query_one(MappingTable)
            mappings.show(message.mappings)
            self.query_one("#fn-trigger-text", Static).update(
                triggers_text(mappings.selected, message.triggers))
            self.query_one("#fn-tail-text", Static).update(
                tail_text(message.invocations, self.playground.settings.ui.clock))
            count = len(message.invocations)
            self.query_one("#fn-tail").border_subtitle = plain(
                f"latest {count} from /aws/lambda/{self.function}" if count else "")

    def on_function_table_selected(self, message: FunctionTable.Selected) -> None:
        if message.function != self.function:
            self._choose(message.function)

    def _choose(self, name: str | None) -> None:
        editor = self.query_one("#fn-editor", TextArea)
        if self.function is not None:
            self.drafts[self.function] = editor.text
        self.function = name
        self.query_one(MappingTable).show([])
        self.query_one("#fn-trigger-text", Static).update("")
        self.query_one("#fn-tail-text", Static).update("")
        self.query_one("#fn-result", Static).update("")
        box = self.query_one("#fn-editor-box")
        if name is None:
            editor.load_text("")
            box.border_subtitle = ""
            return
        fn = self.query_one(FunctionTable).functions.get(name)
        box.border_subtitle = plain(f"{name} · {fn.runtime if fn else '?'} · ctrl+s deploys")
        if name in self.drafts:
            editor.load_text(self.drafts[name])
            # Kept in the app since it was made or last edited here: deployed or not, it is
            # the text ctrl+s sends (the question mark read as the app not knowing).
            self._editor_status(Text("the handler as you left it here · ctrl+s deploys it",
                                     style="dim"))
        else:
            editor.load_text("")
            self._editor_status(Text("reading the deployed handler…", style="dim"))
            if self.target is not None:
                self.load_source(self.target, name)
        self.action_refresh()

    def on_source_loaded(self, message: SourceLoaded) -> None:
        if message.function != self.function or message.function in self.drafts:
            return
        if message.source is None:
            self._editor_status(Text(clean(
                f"the target gives no package to read back ({message.error or 'no Code.Location'})"
                "; write the handler here and deploy"), style="yellow"))
            return
        self.query_one("#fn-editor", TextArea).load_text(message.source)
        self._editor_status(Text("the deployed handler · ctrl+s deploys your changes",
                                 style="dim"))

    def _editor_status(self, text: Text | Content) -> None:
        self.query_one("#fn-editor-status", Static).update(text)

    # --- deploy ---------------------------------------------------------------------------------
    def _selected(self) -> Function | None:
        fn = self.query_one(FunctionTable).functions.get(self.function or "")
        if fn is None or self.target is None:
            self.notify("Pick or create a function first", severity="warning")
            return None
        return fn

    def action_deploy(self) -> None:
        fn = self._selected()
        if fn is None or self.target is None:
            return
        editor = self.query_one("#fn-editor", TextArea)
        source = editor.text
        self.drafts[fn.name] = source
        issues = lv.python_source(source) if fn.runtime.startswith("python") else []
        if blocking(issues):
            # The learner's text stays; the cursor goes to the line Python complains about.
            self._editor_status(issue_lines(issues, style="red", mark="✗"))
            line = next((int(w) for i in issues for w in str(i.field).replace(",", " ").split()
                         if w.isdigit()), None)
            if line is not None:
                editor.move_cursor((max(0, line - 1), 0))
            return
        self._editor_status(issue_lines(issues, style="yellow", mark="⚠") if issues
                            else Text(f"deploying {fn.name}…", style="dim"))
        self.deploy(self.target, fn.name, fn.runtime, source)

    # --- invoke ---------------------------------------------------------------------------------
    def action_compose(self) -> None:
        self.query_one("#fn-payload", Input).focus()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        if event.input.id != "fn-payload":
            return
        event.stop()
        fn = self._selected()
        if fn is None or self.target is None:
            return
        payload, issues = lv.payload(event.value)
        result = self.query_one("#fn-result", Static)
        if issues:
            result.update(issue_lines(issues, style="red", mark="✗"))
            return
        result.update(Text(f"invoking {fn.name}…", style="dim"))
        self.invoke(self.target, fn.name, payload)

    def on_invoked(self, message: Invoked) -> None:
        if message.function != self.function:
            return
        result = self.query_one("#fn-result", Static)
        if message.result is None:
            result.update(Text(clean(f"✗ {message.error}"), style="red"))
            return
        result.update(result_text(message.result))
        self.action_refresh()  # the tail shows the invocation once its log lands

    # --- writes ---------------------------------------------------------------------------------
    def on_lambda_changed(self, message: LambdaChanged) -> None:
        self.note(message.text, error=message.error)
        if message.select:
            self._select_when_listed = message.select
        if self.function and message.text.startswith(f"{self.function}:"):
            self._editor_status(Text(clean(message.text), style="red" if message.error
                                     else "green"))
        self.action_refresh()

    def action_new_function(self) -> None:
        def chosen(request: NewFunction | None) -> None:
            if request is None or self.target is None:
                return
            request = NewFunction(account_name(self.app, request.name), request.template)
            self.drafts[request.name] = TEMPLATES[request.template].source
            self.note(f"creating {request.name}…")
            self.create_function(self.target, request)

        self.app.push_screen(NewFunctionDialog(node=self.node_runs), chosen)

    def on_role_needed(self, message: RoleNeeded) -> None:
        request = message.request
        if not isinstance(request, NewFunction):
            return

        def answered(yes: bool | None) -> None:
            if yes and self.target is not None:
                self.create_function(self.target, NewFunction(request.name, request.template,
                                                              confirmed=True))
            else:
                self.note("no function created: it needs an execution role on AWS")

        self.app.push_screen(ConfirmDialog("Create an execution role?", message.explanation,
                                           "Create role"), answered)

    def action_new_mapping(self) -> None:
        if self._selected() is not None and self.target is not None:
            self.note("listing queues and streams…")
            self.list_sources(self.target)

    def on_sources_listed(self, message: SourcesListed) -> None:
        fn = self._selected()
        if fn is None or self.target is None:
            return
        if message.error:
            self.note(f"could not list queues and streams: {message.error}", error=True)
            return
        self.note("")
        target = self.target

        def chosen(request: NewMapping | None) -> None:
            if request is not None:
                self.note("creating the mapping…")
                self.create_mapping(target, request)

        self.app.push_screen(MappingDialog(fn.name, message.queues, message.streams), chosen)

    def action_toggle_mapping(self) -> None:
        mapping, target = self.query_one(MappingTable).selected, self.target
        if mapping is None or target is None:
            self.notify("No mapping selected (m makes one)", severity="warning")
            return
        self.set_enabled(target, mapping.uuid, not mapping.enabled)

    def action_bisect(self) -> None:
        """Replay a Kinesis mapping's batch as BisectBatchOnFunctionError splits it: where the
        target's mapping retries the whole batch (parity note kinesis-bisect), this shows what
        AWS does, with the same function and the same records."""
        mapping, fn, target = self.query_one(MappingTable).selected, self._selected(), self.target
        if fn is None or target is None:
            return
        if mapping is None or mapping.source_kind != "kinesis":
            self.notify("Pick a Kinesis mapping (m makes one): bisect splits stream batches",
                        severity="warning")
            return
        self.query_one("#fn-result", Static).update(Text(
            f"replaying the first {mapping.batch_size or 10} records of "
            f"{mapping.source_name}…", style="dim"))
        self.bisect_replay(target, fn.name, mapping.source_name, mapping.batch_size or 10)

    def on_bisect_replayed(self, message: BisectReplayed) -> None:
        if message.function != self.function:
            return
        result = self.query_one("#fn-result", Static)
        if message.run is None:
            result.update(Text(clean(f"✗ {message.error}"), style="red"))
            return
        result.update(bisect_text(message.stream, message.run))
        self.action_refresh()

    def action_delete_function(self) -> None:
        fn = self._selected()
        if fn is None or self.target is None:
            return
        target = self.target

        def answered(yes: bool | None) -> None:
            if yes:
                self.drafts.pop(fn.name, None)
                self.delete_function(target, fn.name)

        self.app.push_screen(ConfirmDialog(
            f"Delete function {fn.name}?", "Deletes its event source mappings first, then the "
            "function and its code. Its log group stays (CloudWatch Logs keeps it).", "Delete"),
            answered)

    def action_back(self) -> None:
        focused = self.focused
        if focused is not None and focused.id in ("fn-editor", "fn-payload"):
            self.query_one(FunctionTable).focus()
            return
        self.app.pop_screen()
