"""What a user sees, as SVG snapshots: home, palette, call log, header on each target kind."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from playground.aws.sqs.service import SqsService
from playground.targets import Target
from playground.targets.aws import AwsTarget
from playground.targets.endpoint import EndpointTarget
from playground.targets.localstack import LocalStackTarget
from playground.ui.shell.app import PlaygroundApp
from tests.core.test_targets import write_profile
from tests.ui.helpers import QUIET, settle

SIZE = (120, 40)


def _app(target: Target) -> PlaygroundApp:
    return PlaygroundApp(settings=QUIET, target=target)


def _ready(*keys: str) -> Callable[[Any], Any]:
    async def run_before(pilot: Any) -> None:
        await settle(pilot)
        if keys:
            await pilot.press(*keys)
            await settle(pilot)
            await pilot.pause(0.5)  # the palette searches after a short debounce
            await settle(pilot)

    return run_before


def test_home_on_the_embedded_emulator(snap_compare, target) -> None:
    assert snap_compare(_app(target), terminal_size=SIZE, run_before=_ready())


def test_home_at_80x24(snap_compare, target) -> None:
    """Home at a speaker's 80x24 (#13)."""
    assert snap_compare(_app(target), terminal_size=(80, 24), run_before=_ready())


def test_command_palette_lists_target_commands(snap_compare, target) -> None:
    assert snap_compare(_app(target), terminal_size=SIZE,
                        run_before=_ready("ctrl+p", *"target use"))


# The next snapshots show the emulator's URL, so they use the one on the fixed port.
@pytest.mark.xdist_group("fixed-port")
def test_call_log_shows_cli_of_the_selected_call(snap_compare, fixed_port_target) -> None:
    sqs = SqsService(fixed_port_target)
    url = sqs.create_queue("orders")
    sqs.send(url, '{"order": 42}')
    assert snap_compare(_app(fixed_port_target), terminal_size=SIZE, run_before=_ready("l"))


@pytest.mark.xdist_group("fixed-port")
@pytest.mark.parametrize("kind", ["localstack", "endpoint", "aws"])
def test_header_names_the_target(snap_compare, fixed_port_target, kind: str) -> None:
    url = fixed_port_target.endpoint_url
    other: Target
    if kind == "localstack":
        other = LocalStackTarget(url)
    elif kind == "endpoint":
        other = EndpointTarget(url)
    else:
        # A real-account target whose profile points at the emulator: the loud header.
        write_profile("prod", url, region="eu-west-1")
        other = AwsTarget("prod")
    other.start()
    assert snap_compare(_app(other), terminal_size=SIZE, run_before=_ready())
