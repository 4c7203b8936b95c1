"""Lab test helpers: every shipped lab plus the fixture lab that covers the other services."""

from __future__ import annotations

import os
import sys
import warnings
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from playground.lab.catalog import load_catalog
from playground.lab.context import LabContext
from playground.lab.model import Lab
from playground.lab.registry import lab_function
from tests.lab import aws_cli_server
from tests.lab.aws_cli_server import AwsCli

FIXTURES = Path(__file__).parent / "fixtures"


@lab_function("send_markers_for_tests")
def send_markers(ctx: LabContext, queue: str, count: int = 1) -> str:
    """The `python:` escape hatch, as a lab author would register one."""
    url = ctx.queue_url(queue)
    for n in range(count):
        ctx.sqs.send(url, f"marker {n}")
    return f"sent {count} markers to {queue}"


def shipped_labs() -> list[Lab]:
    return load_catalog().labs


def fixture_labs() -> list[Lab]:
    return load_catalog(FIXTURES / "valid").labs


def all_labs() -> list[Any]:
    """Shipped labs (new ones are picked up automatically) and the every-service fixture."""
    return ([pytest.param(lab, id=lab.id) for lab in shipped_labs()]
            + [pytest.param(lab, id=f"fixture-{lab.id}") for lab in fixture_labs()])


REAL_AWS_CLI = Path(sys.executable).with_name("aws")


@pytest.fixture(scope="session")
def aws_cli() -> Iterator[AwsCli]:
    """Where a test's bash finds `aws`: the fork server's client, one server per test process
    (~0.1 s of CPU a command instead of ~0.6 s), stopped with the session. If the server cannot
    start, the real CLI, with a warning saying why; PLAYGROUND_AWS_FORK_SERVER=0 asks for it."""
    if os.environ.get("PLAYGROUND_AWS_FORK_SERVER") == "0" or not REAL_AWS_CLI.exists():
        yield AwsCli(REAL_AWS_CLI.parent, REAL_AWS_CLI, via_server=False,
                     note="the real aws CLI (PLAYGROUND_AWS_FORK_SERVER=0 or no aws installed)")
        return
    with aws_cli_server.start(REAL_AWS_CLI) as cli:
        if not cli.via_server:
            warnings.warn(f"{cli.note}; the tests run the real aws CLI", stacklevel=1)
        yield cli
