"""Command palette: namespaced commands that follow what the app can do right now."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from functools import partial
from typing import TYPE_CHECKING, Protocol, runtime_checkable

from textual.command import DiscoveryHit, Hit, Hits, Provider
from textual.content import Content
from textual.fuzzy import Matcher

from playground.targets import TargetKind
from playground.ui.common.text import plain
from playground.ui.shell.teardown import COMMAND as TEARDOWN_COMMAND
from playground.ui.shell.teardown import tear_down
from playground.ui.workbenches import WORKBENCHES

if TYPE_CHECKING:
    from textual.app import App

    from playground.targets import Target, TargetSpec

COMMON_REGIONS = ("us-east-1", "us-east-2", "us-west-2", "eu-west-1", "eu-central-1",
                  "eu-north-1", "ap-southeast-1", "ap-southeast-2", "ap-northeast-1",
                  "sa-east-1")


Command = tuple[str, Callable[[], object], str]
RESTART_COMMAND = "emulator: restart"


class ListedCommands(Provider):
    """A provider whose commands are a list of (name, callback, help); subclasses list them."""

    HIDDEN_FROM_DISCOVERY: tuple[str, ...] = ()
    """Name prefixes only shown when searched for (long lists such as themes)."""

    def _commands(self) -> list[Command]:
        raise NotImplementedError

    async def discover(self) -> Hits:
        for name, callback, help_text in self._commands():
            if not (self.HIDDEN_FROM_DISCOVERY and name.startswith(self.HIDDEN_FROM_DISCOVERY)):
                yield DiscoveryHit(plain(name), callback, text=name, help=help_text)

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for name, callback, help_text in self._commands():
            score = matcher.match(name)
            if score > 0:
                yield Hit(score, highlight(matcher, name), callback, text=name, help=help_text)


FLOWS_COMMAND = "flows: show the wiring"


def open_flows(app: App[object]) -> None:
    """The flow map (imported when asked: the palette opens with the app)."""
    from playground.ui.flows.screen import FlowsScreen

    app.push_screen(FlowsScreen())


def highlight(matcher: Matcher, name: str) -> Content:
    """`matcher.highlight` without reading `name` as markup: names hold what the learner's AWS
    config says (profile names)."""
    content = Content(name)
    score, offsets = matcher.fuzzy_search.match(matcher.query, name)
    if score:
        for offset in offsets:
            if not name[offset].isspace():
                content = content.stylize(matcher.match_style, offset, offset + 1)
    return content


@runtime_checkable
class PaletteHost(Protocol):
    """What the palette's commands ask of the app (PlaygroundApp is one), so this module need
    not import the app that lists it in COMMANDS."""

    @property
    def spec(self) -> TargetSpec: ...
    @property
    def target(self) -> Target | None: ...
    @property
    def available_themes(self) -> Mapping[str, object]: ...
    @property
    def present(self) -> bool: ...
    def use_target(self, kind: TargetKind) -> None: ...
    def use_profile(self, profile: str) -> None: ...
    def use_region(self, region: str) -> None: ...
    def ask_endpoint(self) -> None: ...
    def toggle_read_only(self) -> None: ...
    def open_service(self, service: str) -> None: ...
    def set_theme_name(self, name: str) -> None: ...
    def action_toggle_call_log(self) -> None: ...
    def action_toggle_present(self) -> None: ...
    def action_help(self) -> None: ...
    def action_reset_target(self) -> None: ...
    def restart_target(self) -> None: ...


class PlaygroundCommands(ListedCommands):
    HIDDEN_FROM_DISCOVERY = ("view: theme", "region:", "profile:", "demo:")

    def _commands(self) -> list[tuple[str, Callable[[], object], str]]:
        app = self.app
        assert isinstance(app, PaletteHost)
        spec = app.spec
        refused = "refused while served (serve --allow-aws allows it)"
        cmds: list[tuple[str, Callable[[], object], str]] = [
            ("target: use embedded emulator", partial(app.use_target, TargetKind.EMBEDDED),
             "the emulator `playground serve` shares with every tab" if spec.shared_emulator
             else "offline emulator started by the app"),
            ("target: use LocalStack", partial(app.use_target, TargetKind.LOCALSTACK),
             "an existing LocalStack (localhost:4566 or LOCALSTACK_HOST)"),
            ("target: use endpoint…", app.ask_endpoint, "any AWS-compatible URL"),
            ("target: use AWS (default profile)", partial(app.use_target, TargetKind.AWS),
             refused if spec.refuse_aws else "real AWS with the default credentials"),
            ("target: read-only " + ("off" if spec.read_only else "on"), app.toggle_read_only,
             "refuse every call that would change something"),
            ("view: toggle call log", app.action_toggle_call_log, "the AWS calls the app made"),
            ("view: presenter mode " + ("off" if app.present else "on"),
             app.action_toggle_present,
             "projector theme, no call log or cost meter, short footers, big lab text (f5)"),
            ("view: help", app.action_help, "keys, grouped by section"),
        ]
        if app.target is not None and app.target.supports_reset:
            cmds.append(("emulator: reset all state", app.action_reset_target,
                         "delete every resource on the target"))
        if app.target is not None:
            cmds.append((TEARDOWN_COMMAND, partial(tear_down, self.app, app.target),
                         "delete what carries the playground's tag in this region, once you say"))
        if app.target is not None:
            cmds.append((FLOWS_COMMAND, partial(open_flows, self.app),
                         "how this region's resources are wired: rules, subscriptions, DLQs, "
                         "what state machines call"))
        if app.target is not None and app.target.supports_restart:
            down = app.target.liveness.down
            cmds.append((RESTART_COMMAND, app.restart_target,
                         "it stopped: start a new, empty one" if down else
                         "stop it and start a new, empty one"))
        from playground.targets.aws import available_profiles

        for profile in available_profiles():
            cmds.append((f"profile: use {profile}", partial(app.use_profile, profile),
                         refused if spec.refuse_aws else
                         "real AWS account: writes are confirmed first"))
        for region in COMMON_REGIONS:
            if region != spec.region:
                cmds.append((f"region: use {region}", partial(app.use_region, region), ""))
        for card in WORKBENCHES:
            cmds.append((f"open: {card.title}", partial(app.open_service, card.key), card.blurb))
        from playground.ui.demo.palette import demo_commands

        cmds.extend(demo_commands(self.app))
        for theme in sorted(app.available_themes):
            cmds.append((f"view: theme {theme}", partial(app.set_theme_name, theme), ""))
        return cmds
