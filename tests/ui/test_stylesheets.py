"""Workbench styles stay in their workbench: Textual keeps a screen's stylesheet loaded, and
applying to every screen, once that screen has been opened."""

from __future__ import annotations

import importlib
import inspect
import pkgutil
from pathlib import Path
from typing import Any

import pytest
from textual.app import App
from textual.css.model import SelectorType
from textual.css.stylesheet import Stylesheet
from textual.screen import Screen
from textual.widgets import Label

import playground.ui
from playground.ui.events.put_form import PutEventForm
from playground.ui.shell.home import HomeScreen
from playground.ui.workbenches import BY_KEY, WORKBENCHES
from tests.ui.helpers import make_app, wait_for

UI = Path(playground.ui.__file__).parent
SERVICES = [w.key for w in WORKBENCHES]
# Every UI package with a stylesheet: the workbenches, and home, labs, flows, ... too. The
# app's own sheet (shell/app.tcss, the App's CSS_PATH) is global on purpose.
APP_SHEET = UI / "shell" / "app.tcss"
STYLED = sorted({sheet.parent.name for sheet in UI.glob("*/*.tcss")})


def _classes(package: str) -> list[type]:
    """Every class defined in the modules of `package` (playground.ui.<service> or all of ui)."""
    found = []
    root = importlib.import_module(package)
    modules = [root, *(importlib.import_module(m.name) for m in
                       pkgutil.walk_packages(root.__path__, prefix=f"{package}."))]
    for module in modules:
        found += [c for _, c in inspect.getmembers(module, inspect.isclass)
                  if c.__module__ == module.__name__]
    return found


def _loaders(service: str) -> dict[Path, set[str]]:
    """Each stylesheet of the service, with the screens whose CSS_PATH loads it."""
    loaders: dict[Path, set[str]] = {}
    for cls in _classes(f"playground.ui.{service}"):
        paths = cls.__dict__.get("CSS_PATH") if issubclass(cls, Screen) else None
        for path in [paths] if isinstance(paths, str | Path) else paths or []:
            file = (Path(inspect.getfile(cls)).parent / path).resolve()
            loaders.setdefault(file, set()).add(cls.__name__)
    return loaders


@pytest.mark.parametrize("service", STYLED)
def test_every_rule_is_scoped_to_the_screen_that_loads_it(service: str) -> None:
    """Each rule's selector names the screen class that loads the file (`KinesisWorkbench
    .put-label`, or `.-present LabScreen`), as Textual scopes a widget's DEFAULT_CSS by its
    type: so a rule matches only inside that screen, whatever its class and id names, and
    nothing here can style another workbench or the shell. (Home's sheet was unscoped, and its
    `.hint` would have styled every screen's hints once home's CSS was loaded.)"""
    loaders = _loaders(service)
    variables = App().get_css_variables()
    sheets = [s for s in sorted((UI / service).glob("*.tcss")) if s != APP_SHEET]
    assert sheets
    unscoped = []
    for sheet in sheets:
        scopes = loaders.get(sheet.resolve())
        assert scopes, f"{sheet.name}: no screen in ui/{service} loads it (CSS_PATH)"
        stylesheet = Stylesheet(variables=variables)
        stylesheet.read(sheet)
        stylesheet.parse()
        for rule in stylesheet.rules:
            for selectors in rule.selector_set:
                if not any(part.type is SelectorType.TYPE and part.name in scopes
                           for part in selectors.selectors):
                    unscoped.append(f"{sheet.name}: {selectors.css!r} does not name "
                                    f"{' or '.join(sorted(scopes))}")
    assert not unscoped, "\n".join(unscoped)


def test_scoping_screens_have_names_no_other_class_has() -> None:
    """A type selector matches by class name: a scope shared with any other UI class (or one
    of Textual's) would leak again."""
    names = [c.__name__ for c in _classes("playground.ui")]
    textual = {c.__name__ for c in _classes("textual.widgets")} | {"Screen", "ModalScreen"}
    for service in STYLED:
        for scopes in _loaders(service).values():
            for scope in scopes:
                assert names.count(scope) == 1, f"{scope} is defined more than once in ui"
                assert scope not in textual, f"{scope} is also a Textual class"


async def _visit(pilot: Any, service: str) -> None:
    app = pilot.app
    screen = BY_KEY[service].screen()
    app.open_service(service)
    # Mounted once it has focused its first pane.
    await wait_for(pilot, lambda: isinstance(app.screen, screen) and app.screen.focused,
                   timeout=30, what=f"{service} workbench")


async def _back_home(pilot: Any) -> None:
    await pilot.press("escape")
    await wait_for(pilot, lambda: isinstance(pilot.app.screen, HomeScreen), timeout=30,
                   what="home")


async def _put_label_widths(pilot: Any) -> dict[str, int]:
    """Open EventBridge's put-events tab; its labels as drawn, by their text."""
    await _visit(pilot, "events")
    await pilot.press("2")
    labels = list(pilot.app.screen.query_one(PutEventForm).query(Label))
    await wait_for(pilot, lambda: all(label.size.width for label in labels), timeout=30,
                   what="put form")
    await pilot.pause()
    widths = {str(label.render()): label.size.width for label in labels}
    await _back_home(pilot)
    return widths


async def test_kinesis_styles_do_not_leak_into_the_eventbridge_put_form(target: Any) -> None:
    """Kinesis names its put form's labels `.put-label` too, 7 columns wide. Its stylesheet,
    loaded after EventBridge's, used to win from then on: back in EventBridge, "detail-type"
    (11 characters) was cut to 7."""
    app = make_app(target)
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_for(pilot, lambda: app.target is not None, timeout=30)
        first = await _put_label_widths(pilot)
        await _visit(pilot, "kinesis")
        await _back_home(pilot)
        after_kinesis = await _put_label_widths(pilot)
    assert after_kinesis == first
    assert first["detail-type"] >= len("detail-type")
