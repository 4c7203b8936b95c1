"""`playground serve` without a browser: bad input, the shared emulator, the AWS refusal, and that
nothing it started outlives it."""

from __future__ import annotations

import signal
import socket
import subprocess
import sys
import urllib.request

import aiohttp
import pytest

from playground.targets import TargetError, TargetKind, TargetSpec, make_target
from playground.targets.emulator import free_port, port_in_use
from playground.targets.served import (
    ALLOW_AWS_ENV,
    AWS_REFUSED,
    SHARED_EMULATOR_ENV,
    SHARED_LABEL,
    SharedEmulatorTarget,
    served_spec,
)
from tests.serve.helpers import (
    ROOT,
    alive,
    descendants,
    emulator_url,
    is_emulator,
    is_tab_app,
    serve_env,
    served,
    stop,
    wait_until,
)
from tests.ui.helpers import QUIET, Notices, settle


def run_serve(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "playground", "serve", *args], cwd=ROOT,
                          env=serve_env(), capture_output=True, text=True, timeout=60)


def one_line(result: subprocess.CompletedProcess[str]) -> str:
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert "Traceback" not in result.stderr
    return lines[0]


# --- bad input ---------------------------------------------------------------------------------

def test_a_port_in_use_is_one_line_and_exit_2() -> None:
    with socket.socket() as held:
        held.bind(("127.0.0.1", 0))
        held.listen()
        port = held.getsockname()[1]
        result = run_serve("--port", str(port))
    assert result.returncode == 2
    assert one_line(result) == (f"playground: error: port {port} on 127.0.0.1 is in use: "
                                "pick another with --port")
    assert result.stdout == ""  # refused before the emulator was started


def test_a_host_other_machines_reach_needs_public() -> None:
    result = run_serve("--host", "0.0.0.0", "--port", str(free_port()))
    assert result.returncode == 2
    assert "add --public" in one_line(result)


def test_an_address_not_of_this_machine_is_one_line() -> None:
    port = free_port()
    result = run_serve("--host", "192.0.2.1", "--public", "--port", str(port))  # TEST-NET-1
    assert result.returncode == 2
    assert one_line(result) == ("playground: error: cannot listen on 192.0.2.1:"
                                f"{port}: Cannot assign requested address")
    assert result.stdout == ""


@pytest.mark.parametrize("port", ["0", "65536", "http"])
def test_a_port_that_is_not_one_is_a_usage_error(port: str) -> None:
    result = run_serve("--port", port)
    assert result.returncode == 2 and "Traceback" not in result.stderr
    assert "--port" in result.stderr


def test_real_aws_at_start_is_refused_without_allow_aws() -> None:
    result = run_serve("--profile", "workshop", "--port", str(free_port()))
    assert result.returncode == 2
    assert one_line(result) == f"playground: error: {AWS_REFUSED}"


def test_public_prints_a_warning_and_serves() -> None:
    port = free_port("0.0.0.0")
    with served("--host", "0.0.0.0", "--public", "--port", str(port)) as (_, lines):
        warnings = [ln for ln in lines if ln.startswith("playground: warning:")]
        assert len(warnings) == 1 and "no password" in warnings[0]
        # a browser on another machine is sent URLs for the name it used, not 0.0.0.0
        request = urllib.request.Request(f"http://127.0.0.1:{port}/",
                                         headers={"Host": f"workshop-box:{port}"})
        with urllib.request.urlopen(request, timeout=10) as page:
            html = page.read().decode()
        assert f"ws://workshop-box:{port}/ws" in html and "0.0.0.0" not in html


# --- what a tab's app is given -----------------------------------------------------------------

def test_a_tab_uses_the_shared_emulator_and_sees_what_another_tab_made(target) -> None:  # type: ignore[no-untyped-def]
    env = {SHARED_EMULATOR_ENV: target.endpoint_url, ALLOW_AWS_ENV: "0"}
    spec = served_spec(TargetSpec(), env)
    first, second = make_target(spec), make_target(spec)
    assert isinstance(first, SharedEmulatorTarget) and first.label == SHARED_LABEL
    first.start()
    second.start()
    try:
        first.client("sqs").create_queue(QueueName="made-in-tab-one")
        urls = second.client("sqs").list_queues().get("QueueUrls", [])
        assert any(u.endswith("/made-in-tab-one") for u in urls)
        assert not first.supports_restart and "restart serve" in first.restart_refusal()
    finally:
        first.stop()  # a tab that closes leaves the shared emulator alone
        second.stop()
    assert target.emulator.why_down() is None


def test_real_aws_is_refused_while_served_unless_allowed() -> None:
    refused = served_spec(TargetSpec(), {SHARED_EMULATOR_ENV: "http://127.0.0.1:1"})
    with pytest.raises(TargetError, match="--allow-aws"):
        make_target(refused.with_(kind=TargetKind.AWS, profile="workshop"))
    with pytest.raises(TargetError, match="--allow-aws"):
        make_target(refused.with_(kind=TargetKind.AWS))
    allowed = served_spec(TargetSpec(), {SHARED_EMULATOR_ENV: "http://127.0.0.1:1",
                                         ALLOW_AWS_ENV: "1"})
    assert make_target(allowed.with_(kind=TargetKind.AWS, profile="workshop")).is_real
    assert served_spec(TargetSpec(), {}) == TargetSpec()  # not served: nothing changes
    assert not TargetSpec().refuse_aws


async def test_the_app_says_why_real_aws_is_refused(target, tmp_path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from textual.command import CommandList

    from playground.ui.shell.app import PlaygroundApp

    aws_config = tmp_path / "aws-config"
    aws_config.write_text("[profile workshop]\nregion = eu-west-1\n")
    monkeypatch.setenv("AWS_CONFIG_FILE", str(aws_config))
    spec = served_spec(TargetSpec(), {SHARED_EMULATOR_ENV: target.endpoint_url})
    app = PlaygroundApp(settings=QUIET, spec=spec)
    notices = Notices()
    async with app.run_test(size=(120, 40), message_hook=notices) as pilot:
        await settle(pilot, until=lambda: app.target is not None)
        assert app.target is not None and app.target.label == SHARED_LABEL
        await pilot.press("ctrl+p", *"workshop")
        await settle(pilot, until=lambda: app.screen.query(CommandList)
                     and app.screen.query_one(CommandList).option_count)
        shown = str(app.screen.query_one(CommandList).get_option_at_index(0).prompt)
        assert "profile: use workshop" in shown and "refused while served" in shown
        await pilot.press("enter")
        await settle(pilot, until=lambda: AWS_REFUSED in notices.messages)
        assert AWS_REFUSED in notices.messages
        assert "cannot use AWS profile workshop" in notices.titles
        assert app.target.label == SHARED_LABEL and not app.target.is_real
        app.restart_target()
        await settle(pilot)
        assert any("restart serve" in m for m in notices.messages)
        quit_help = [c.help for c in app.get_system_commands(app.screen) if c.title == "Quit"]
        assert quit_help == ["quit this tab's app (the shared emulator runs on for the other tabs)"]
    assert target.emulator.why_down() is None  # the tab's app ended; the emulator did not


# --- nothing outlives serve --------------------------------------------------------------------

async def open_tab(port: int) -> tuple[aiohttp.ClientSession, aiohttp.ClientWebSocketResponse]:
    """What the page's script does: a websocket per tab, on which serve starts the tab's app."""
    http = aiohttp.ClientSession()
    ws = await http.ws_connect(f"ws://127.0.0.1:{port}/ws?width=100&height=30")
    return http, ws


@pytest.mark.parametrize("sig", [signal.SIGINT, signal.SIGTERM, signal.SIGKILL],
                         ids=["SIGINT", "SIGTERM", "SIGKILL"])
async def test_stopping_serve_stops_the_emulator_and_every_tab(sig: int) -> None:
    """Ctrl+C and SIGTERM: serve ends its tabs' apps and the emulator before it exits. Killed
    outright, it cannot: they see their stdin close and exit on their own."""
    port = free_port()
    with served("--port", str(port)) as (proc, lines):
        emulator = emulator_url(lines)
        tabs = [await open_tab(port), await open_tab(port)]
        try:
            wait_until(lambda: sum(map(is_tab_app, descendants(proc.pid))) == 2,
                       "an app for each tab")
            tree = descendants(proc.pid)
            assert sum(map(is_emulator, tree)) == 1  # one emulator, the tabs start none
            assert stop(proc, sig) == (-signal.SIGKILL if sig == signal.SIGKILL else 0)
            if sig == signal.SIGKILL:
                wait_until(lambda: not any(map(alive, tree)), "the tabs and emulator to exit")
        finally:
            for http, ws in tabs:
                await ws.close()
                await http.close()
    assert [p.cmdline() for p in tree if alive(p)] == []
    port_of_emulator = int(emulator.rsplit(":", 1)[1])
    assert not port_in_use(port_of_emulator) and not port_in_use(port)


@pytest.mark.parametrize("argv", [
    ["serve", "--allow-aws", "--profile", "work shop", "--region", "eu-west-1", "--read-only",
     "--present"],
    ["--profile", "work shop", "--region", "eu-west-1", "--read-only", "--present", "serve",
     "--allow-aws"],
])
def test_each_tab_starts_where_the_target_options_say(argv: list[str]) -> None:
    import shlex

    from playground.cli.main import build_parser
    from playground.cli.serve import tab_command

    command = tab_command(build_parser().parse_args(argv))
    assert shlex.split(command) == ["exec", sys.executable, "-m", "playground", "--profile",
                                    "work shop", "--region", "eu-west-1", "--read-only",
                                    "--present"]
    assert "--present" not in tab_command(build_parser().parse_args(["serve"]))


def test_without_textual_serve_it_says_what_to_install() -> None:
    """An environment installed before textual-serve became a dependency."""
    code = ("import sys; sys.modules['textual_serve'] = None; "
            "from playground.cli.main import main; "
            f"sys.exit(main(['serve', '--port', '{free_port()}']))")
    result = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=serve_env(),
                            capture_output=True, text=True, timeout=60)
    assert result.returncode == 2
    assert one_line(result).endswith("-m pip install 'textual-serve>=1.1,<2'")
    assert result.stdout == ""  # nothing started
