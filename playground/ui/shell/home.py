"""Home: pick a service workbench or a guided lab."""

from __future__ import annotations

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from playground.ui.common.messages import TargetChanged
from playground.ui.common.screen import PlaygroundScreen
from playground.ui.common.text import markup
from playground.ui.workbenches import WORKBENCHES


def progress_text(steps: list[str], passed: list[str]) -> str:
    """Where the learner got to, from stored progress: `not started`, `step 2 of 5`, `done`.
    Stored progress is not proof: the lab screen checks the target again when opened."""
    done = set(passed)
    if not done & set(steps):
        return "not started"
    for number, step in enumerate(steps, start=1):
        if step not in done:
            return f"step {number} of {len(steps)}"
    return "done"


def lab_options(progress: dict[str, list[str]] | None = None) -> list[Option]:
    """Labs from the lab catalog, each with where the learner got to on this target (when
    `progress` is known: lab id -> passed step ids)."""
    try:
        from playground.lab.catalog import load_catalog
    except ImportError:
        return []
    options = []
    for lab in load_catalog().labs:
        where = ("" if progress is None else
                 progress_text([step.id for step in lab.steps], progress.get(lab.id, [])))
        style = {"": "", "not started": "  [dim]· $where[/]", "done": "  [b $success]✓ $where[/]"}
        options.append(Option(markup("$title  [dim]$services · $level · $minutes min[/]"
                                     + style.get(where, "  [b $accent]$where[/]"),
                                     title=lab.title, services=", ".join(lab.services),
                                     level=lab.level, minutes=lab.minutes, where=where),
                              id=f"lab:{lab.id}"))
    return options


class HomeScreen(PlaygroundScreen):
    CSS_PATH = "home.tcss"
    BINDINGS = [
        Binding("tab", "app.focus_next", "Next pane", show=False, id="home.next"),
        # Hidden from the footer so home stays as it was drawn; help (?) and the palette list it.
        Binding("w", "flows", "Flows (the wiring)", show=False, id="home.flows"),
    ]

    def compose_body(self) -> ComposeResult:
        with Horizontal(id="home"):
            with Vertical(id="services-column"):
                yield Static("Workbenches", classes="column-title")
                yield OptionList(
                    *[Option(markup("[b]$title[/b] [dim]$blurb[/]", title=f"{c.title:<15}",
                                    blurb=c.blurb), id=f"service:{c.key}")
                      for c in WORKBENCHES],
                    id="services",
                )
            with Vertical(id="labs-column"):
                yield Static("Guided labs", classes="column-title")
                yield OptionList(id="labs")
                yield Static("loading labs…", id="labs-hint", classes="hint")
        yield Static("enter open · tab switch list · ctrl+p commands · l call log · ? help",
                     id="home-hint")

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        option_id = event.option.id or ""
        kind, _, key = option_id.partition(":")
        if kind == "service":
            self.playground.open_service(key)
        elif kind == "lab":
            self.playground.open_lab(key)

    def action_flows(self) -> None:
        from playground.ui.flows.screen import FlowsScreen

        self.app.push_screen(FlowsScreen())

    def on_mount(self) -> None:
        super().on_mount()
        self.query_one("#services", OptionList).focus()
        # After the first frame: the worker's imports (the lab models) would hold the GIL
        # while the frame is being drawn.
        self.call_after_refresh(self._load_labs)

    def on_screen_resume(self) -> None:
        super().on_screen_resume()
        self._load_labs()  # back from a lab: where the learner got to may have moved

    def on_target_changed(self, _: TargetChanged) -> None:
        self._load_labs()  # progress is kept per target

    @work(thread=True, exclusive=True, exit_on_error=False, group="home-labs",
          description="load labs")
    def _load_labs(self) -> None:
        # Parsing and validating the labs takes ~0.3 s: not on the way to the first frame.
        target = self.target
        progress = None
        if target is not None:
            from playground.lab.progress import ProgressStore, progress_key

            progress = ProgressStore().all_passed(progress_key(target))
        options = lab_options(progress)
        self.app.call_from_thread(self._show_labs, options)

    def _show_labs(self, options: list[Option]) -> None:
        labs = self.query_one("#labs", OptionList)
        if options and [(o.id, str(o.prompt)) for o in options] == [
                (o.id, str(o.prompt)) for o in labs.options]:
            return  # nothing moved: keep the list as it is (and where it is scrolled)
        highlighted = labs.highlighted
        labs.clear_options()
        labs.add_options(options)
        if options:
            # so enter opens a lab as soon as the list has focus; a reload keeps the place
            labs.highlighted = min(highlighted or 0, len(options) - 1)
        hint = self.query_one("#labs-hint", Static)
        hint.update("No labs found." if not options else "")
        hint.display = not options
