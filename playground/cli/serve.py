"""`playground serve`: the app in a browser, with textual-serve.

Every browser tab gets its own app process; all of them use the one embedded emulator serve
starts, so a second tab watches what the first does (playground.targets.served). The page is on
loopback unless `--public` says otherwise; real AWS is refused in the tabs unless `--allow-aws`.
Stopping serve (Ctrl+C, SIGTERM) stops the tabs' apps and the emulator; if serve is killed
outright, both see their stdin close and exit on their own.
"""

from __future__ import annotations

import argparse
import contextlib
import errno
import ipaddress
import os
import shlex
import signal
import socket
import sys
from typing import TYPE_CHECKING, Any

from playground.cli.common import EXIT_OK, Subcommands, UsageError, resolve_spec

if TYPE_CHECKING:
    from playground.targets.emulator import EmbeddedEmulator

DEFAULT_PORT = 8000
DEFAULT_HOST = "127.0.0.1"


def add_serve_command(sub: Subcommands, common: argparse.ArgumentParser) -> None:
    p = sub.add_parser(
        "serve", parents=[common],
        help="serve the app in a browser: each tab its own app, all on one shared emulator",
        description="Serve the app in a browser with textual-serve. Every tab gets its own app; "
        "all of them use one embedded emulator that serve starts and stops, so a second tab "
        "can watch what the first one does. Real AWS is refused in the tabs unless --allow-aws. "
        "Target options name where each tab starts (default: the shared emulator).")
    p.add_argument("--port", type=port_number, default=DEFAULT_PORT,
                   help=f"port of the web page (default {DEFAULT_PORT})")
    p.add_argument("--host", default=DEFAULT_HOST,
                   help=f"address to listen on (default {DEFAULT_HOST}; anything but loopback "
                   "needs --public)")
    p.add_argument("--public", action="store_true",
                   help="allow a --host other machines can reach: anyone who reaches it gets the "
                   "app, with no password (a warning is printed)")
    p.add_argument("--allow-aws", action="store_true",
                   help="let the tabs use real AWS (--profile, `profile: use NAME`); refused "
                   "by default while served")
    p.add_argument("--present", action="store_true", default=argparse.SUPPRESS,
                   help="every tab in presenter mode (as `playground --present`)")
    p.set_defaults(run=run)


def port_number(text: str) -> int:
    try:
        port = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a port number") from None
    if not 1 <= port <= 65535:
        raise argparse.ArgumentTypeError(f"{port} is not a port: ports are 1-65535")
    return port


def is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def check_listen(host: str, port: int) -> None:
    """UsageError with one line when the page cannot listen there (the port is in use, the
    address is not this machine's); checked before the emulator starts."""
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except socket.gaierror as exc:
        raise UsageError(f"cannot listen on {host}: {exc.strerror}") from None
    family, kind, proto, _, address = infos[0]
    with socket.socket(family, kind, proto) as s:
        # as aiohttp binds: SO_REUSEADDR, so a port in TIME_WAIT is not taken for one in use
        s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            s.bind(address)
        except OSError as exc:
            raise UsageError(listen_error(host, port, exc)) from None


def listen_error(host: str, port: int, exc: OSError) -> str:
    if exc.errno == errno.EADDRINUSE:
        return f"port {port} on {host} is in use: pick another with --port"
    return f"cannot listen on {host}:{port}: {exc.strerror or exc}"


def tab_command(args: argparse.Namespace) -> str:
    """The shell command textual-serve runs for each tab: this Python, this package, the
    target options serve was given (`exec`, so the tab's process is the app itself)."""
    argv = [sys.executable, "-m", "playground"]
    for option in ("target", "profile", "region", "endpoint_url"):
        value = getattr(args, option, None)
        if value is not None:
            argv += [f"--{option.replace('_', '-')}", value]
    if getattr(args, "read_only", False):
        argv.append("--read-only")
    if getattr(args, "present", False):
        argv.append("--present")
    return "exec " + shlex.join(argv)


def run(args: argparse.Namespace) -> int:
    from playground.targets import TargetError, TargetKind
    from playground.targets.served import ALLOW_AWS_ENV, AWS_REFUSED, SHARED_EMULATOR_ENV

    host, port = args.host, args.port
    if not is_loopback(host) and not args.public:
        raise UsageError(f"--host {host} lets other machines open the app, with no password: "
                         "add --public if that is what you want")
    _, spec = resolve_spec(args)
    if spec.kind is TargetKind.AWS and not args.allow_aws:
        raise UsageError(AWS_REFUSED)
    check_listen(host, port)
    import importlib.util

    if importlib.util.find_spec("textual_serve") is None:  # an environment from before it was a dependency
        raise UsageError("serve needs textual-serve, which is missing here: "
                         f"{sys.executable} -m pip install 'textual-serve>=1.1,<2'")
    if not is_loopback(host):
        print(f"playground: warning: serving on {host}:{port} (--public): anyone who can reach "
              "it gets the app and the shared emulator, with no password", file=sys.stderr)
    from playground.targets.emulator import EmbeddedEmulator

    emulator = EmbeddedEmulator(None)
    try:
        emulator.start(lambda line: print(f"… {line}", file=sys.stderr))
    except TargetError as exc:
        emulator.stop()
        raise UsageError(str(exc)) from exc
    os.environ[SHARED_EMULATOR_ENV] = emulator.url
    os.environ[ALLOW_AWS_ENV] = "1" if args.allow_aws else "0"
    try:
        serve(tab_command(args), host, port, emulator)
    except OSError as exc:  # the port was taken between the check and the listen
        raise UsageError(listen_error(host, port, exc)) from None
    finally:
        emulator.stop()
    return EXIT_OK


def serve(command: str, host: str, port: int, emulator: EmbeddedEmulator) -> None:
    """Run textual-serve until SIGINT/SIGTERM; on the way out every tab's app is told to quit
    and waited for (or killed), so no app outlives serve."""
    import asyncio
    import logging

    from aiohttp import web
    from textual_serve.server import Server

    class PlaygroundServer(Server):
        def __init__(self) -> None:
            shown = f"[{host}]" if ":" in host else host  # an IPv6 address in a URL
            super().__init__(command, host=host, port=port, title="playground",
                             public_url=f"http://{shown}:{port}")
            self.tabs: set[asyncio.Task[Any]] = set()

        async def handle_index(self, request: web.Request) -> web.StreamResponse:
            # The page's script and websocket URLs follow the address the browser used: with
            # --host 0.0.0.0 they would say 0.0.0.0, which another machine cannot reach.
            self.public_url = f"{request.scheme}://{request.host}"
            return await super().handle_index(request)

        def serve(self, debug: bool = False) -> None:
            """textual-serve's own serve(), but saying where it listens once it does (its
            on_startup runs before the socket is bound)."""
            # textual-serve logs each request and app start at INFO; only problems are news
            logging.basicConfig(level=logging.WARNING, format="%(name)s: %(message)s")
            loop = asyncio.new_event_loop()
            for sig in (signal.SIGINT, signal.SIGTERM):
                loop.add_signal_handler(sig, self.request_exit)
            web.run_app(self._make_app(), host=host, port=port, handle_signals=False,
                        loop=loop, print=self.listening)

        def listening(self, *_: object) -> None:
            print(f"playground served on {self.public_url}", flush=True)
            print(f"  every tab gets its own app; all use one emulator at {emulator.url}")
            print("Ctrl+C stops it (and the emulator).", flush=True)

        async def on_startup(self, app: web.Application) -> None:
            """Quiet: `listening` says it once the socket is bound."""

        async def handle_websocket(self, request: web.Request) -> web.WebSocketResponse:
            task = asyncio.current_task()
            if task is not None:
                self.tabs.add(task)
            try:
                return await super().handle_websocket(request)
            finally:
                if task is not None:
                    self.tabs.discard(task)

        async def on_shutdown(self, app: web.Application) -> None:
            # aiohttp would wait up to a minute for each open websocket; cancelling a tab's
            # handler closes its websocket and tells its app to quit (textual-serve's finally)
            for task in list(self.tabs):
                task.cancel()
            with contextlib.suppress(Exception):
                await asyncio.wait_for(asyncio.gather(*self.tabs, return_exceptions=True), 10)

    PlaygroundServer().serve()
