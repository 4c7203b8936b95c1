"""Home: pick a service workbench or a guided lab."""

from __future__ import annotations

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from playground.ui.common.screen import PlaygroundScreen
from playground.ui.common.text import markup
from playground.ui.workbenches import WORKBENCHES


def lab_options() -> list[Option]:
    """Labs from the lab catalog; empty until the lab engine provides one."""
    try:
        from playground.lab.catalog import load_catalog
    except ImportError:
        return []
    options = []
    for lab in load_catalog().labs:
        options.append(Option(markup("$title  [dim]$services · $level · $minutes min[/]",
                                     title=lab.title, services=", ".join(lab.services),
                                     level=lab.level, minutes=lab.minutes), id=f"lab:{lab.id}"))
    return options


class HomeScreen(PlaygroundScreen):
    CSS_PATH = "home.tcss"
    BINDINGS = [
        Binding("tab", "app.focus_next", "Next pane", show=False, id="home.next"),
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

    def on_mount(self) -> None:
        super().on_mount()
        self.query_one("#services", OptionList).focus()
        self._load_labs()

    @work(thread=True, exit_on_error=False, group="home-labs", description="load labs")
    def _load_labs(self) -> None:
        # Parsing and validating the labs takes ~0.3 s: not on the way to the first frame.
        options = lab_options()
        self.app.call_from_thread(self._show_labs, options)

    def _show_labs(self, options: list[Option]) -> None:
        labs = self.query_one("#labs", OptionList)
        labs.add_options(options)
        if options and labs.highlighted is None:
            labs.highlighted = 0  # so enter opens a lab as soon as the list has focus
        hint = self.query_one("#labs-hint", Static)
        hint.update("No labs found." if not options else "")
        hint.display = not options
