"""Home: pick a service workbench or a guided lab."""

from __future__ import annotations

from rich.table import Table
from rich.text import Text
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

TITLE_WIDTH = max(len(w.title) for w in WORKBENCHES)
NARROW_BELOW = 120
"""Columns under which the workbench list shows titles only (see HomeScreen._fit_services)."""


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


def workbench_prompt(title: str, blurb: str) -> Table:
    """The title, and the blurb in its own column: wrapped at 80 columns, the blurb's lines
    stay under each other instead of running back under the title."""
    grid = Table.grid(padding=(0, 1))
    grid.add_column(width=TITLE_WIDTH, no_wrap=True)
    grid.add_column(ratio=1)
    grid.add_row(Text(title, style="bold"), Text(blurb, style="dim"))
    return grid


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
        # The title on its line, what it takes under it: a list of thirty labs reads by title.
        options.append(Option(markup("$title\n  [dim]$services · $level · $minutes min[/]"
                                     + style.get(where, "  [b $accent]$where[/]"),
                                     title=lab.title, services=", ".join(lab.services),
                                     level=lab.level, minutes=lab.minutes, where=where),
                              id=f"lab:{lab.id}"))
    return options


class HomeScreen(PlaygroundScreen):
    CSS_PATH = "home.tcss"
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (NARROW_BELOW, "-wide")]
    """Narrow: the workbench column shrinks to its titles and the labs get the room."""
    _loads = 0
    """Lab list loads started; each load shows its options only if no newer one started."""
    _narrow: bool | None = None
    """Whether the workbench list shows titles only (None: not fitted yet)."""
    BINDINGS = [
        Binding("tab", "app.focus_next", "Next pane", show=False, id="home.next"),
        # Hidden from the footer so home stays as it was drawn; help (?) and the palette list it.
        Binding("w", "flows", "Flows (the wiring)", show=False, id="home.flows"),
    ]

    def compose_body(self) -> ComposeResult:
        with Horizontal(id="home"):
            with Vertical(id="services-column"):
                yield Static("Workbenches", classes="column-title")
                yield OptionList(*[Option(workbench_prompt(c.title, c.blurb),
                                          id=f"service:{c.key}") for c in WORKBENCHES],
                                 id="services")
                yield Static("", id="service-blurb", classes="hint")
            with Vertical(id="labs-column"):
                yield Static("Guided labs", classes="column-title")
                yield OptionList(id="labs")
                yield Static("loading labs…", id="labs-hint", classes="hint")
        yield Static("enter open · tab switch list · ctrl+p commands · l call log · ? help",
                     id="home-hint")

    # --- narrow: titles only, the highlighted one's blurb under the list ------------------
    def on_resize(self) -> None:
        self._fit_services()

    def _fit_services(self) -> None:
        """Under NARROW_BELOW columns seven blurbs wrapped in a half-width list took two or
        three lines each and pushed the last workbenches out of sight at 80x24."""
        narrow = self.size.width < NARROW_BELOW
        if narrow == self._narrow:
            return
        self._narrow = narrow
        services = self.query_one("#services", OptionList)
        for w in WORKBENCHES:
            services.replace_option_prompt(
                f"service:{w.key}",
                Text(w.title, style="bold") if narrow else workbench_prompt(w.title, w.blurb))
        self.query_one("#service-blurb", Static).display = narrow
        self._show_blurb()

    def _show_blurb(self) -> None:
        index = self.query_one("#services", OptionList).highlighted
        blurb = WORKBENCHES[index].blurb if index is not None else ""
        self.query_one("#service-blurb", Static).update(Text(blurb))

    def on_option_list_option_highlighted(self, event: OptionList.OptionHighlighted) -> None:
        if event.option_list.id == "services" and self._narrow:
            self._show_blurb()

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
        self._fit_services()
        # After the first frame: the worker's imports (the lab models) would hold the GIL
        # while the frame is being drawn.
        self.call_after_refresh(self._load_labs)

    def on_screen_resume(self) -> None:
        super().on_screen_resume()
        self._load_labs()  # back from a lab: where the learner got to may have moved

    def on_target_changed(self, _: TargetChanged) -> None:
        self._load_labs()  # progress is kept per target

    def _load_labs(self) -> None:
        # Loads overlap (the first one, before the target is ready, parses the catalog while
        # the target's arrival starts another): only the newest is shown, or the first, with
        # no progress in it, finishing last would wipe the progress the second one showed.
        self._loads += 1
        self._read_labs(self._loads)

    @work(thread=True, exit_on_error=False, group="home-labs", description="load labs")
    def _read_labs(self, load: int) -> None:
        # Parsing and validating the labs takes ~0.3 s: not on the way to the first frame.
        target = self.target
        progress = None
        if target is not None:
            from playground.lab.progress import ProgressStore, progress_key

            progress = ProgressStore().all_passed(progress_key(target))
        options = lab_options(progress)
        self.app.call_from_thread(self._show_labs, options, load)

    def _show_labs(self, options: list[Option], load: int) -> None:
        if load != self._loads:
            return  # a newer load is on its way
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
