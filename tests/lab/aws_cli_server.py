"""A test-only fork server for the `aws` CLI (awscli v1), like nailgun.

Each `aws` a test's bash runs costs ~0.5-0.9 s of CPU in a fresh interpreter: importing awscli,
building the driver, parsing the service models' JSON. Run as a script, this module pays the
imports and the model parsing once, listens on a Unix socket, and forks a child per request
(sent by aws_cli_client.py, installed as `aws` first on the bash's PATH). The child takes the
client's stdin/stdout/stderr, environment, cwd and argv and runs awscli's own `main()`, exactly
as the real `aws` script does, then sends back the exit code.

What is shared with the children, and why it is safe:
- imported modules, and the botocore data loader whose cache holds the parsed models (the
  loader depends only on the data path, checked equal; each child has its own copy-on-write
  memory, so nothing a command does reaches the server or the next command);
- nothing that reads the environment or config files: each child builds a fresh botocore session
  and CLI driver from its client's environment. A warm driver cannot be reused: its session
  captured the server's environment (config file, credentials, region).
Requests whose environment would change what an import or interpreter start does (PYTHON*,
locale, AWS_DATA_PATH, ...) are declined, and the client runs the real `aws` instead.

The parent side, `start()`, is imported by the tests' fixture and must not import awscli.
"""

from __future__ import annotations

import contextlib
import io
import marshal
import os
import select
import selectors
import shlex
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

SERVICES = ("sqs", "sns", "events", "stepfunctions", "kinesis", "sts")
"""Services whose models the server parses up front: the labs' five, and STS."""

IMPORT_TIME_VARIABLES = ("AWS_DATA_PATH", "BOTO_DISABLE_CRT", "AWS_NEW_RETRIES_2026", "LANG",
                         "LANGUAGE")
IMPORT_TIME_PREFIXES = ("PYTHON", "LC_")
"""Variables read when Python starts or awscli/botocore is imported: they must match the server's."""

CLIENT = Path(__file__).with_name("aws_cli_client.py")
READY = b"ready\n"


def _import_time_environment(env: dict[bytes, bytes]) -> dict[bytes, bytes]:
    names = {name.encode() for name in IMPORT_TIME_VARIABLES}
    prefixes = tuple(prefix.encode() for prefix in IMPORT_TIME_PREFIXES)
    return {k: v for k, v in env.items() if k in names or k.startswith(prefixes)}


# ---------------------------------------------------------------- the server (its own process)


class _Server:
    def __init__(self, socket_path: str, real_aws: str) -> None:
        self.socket_path = socket_path
        self.real_aws = real_aws
        self.start_environment = _import_time_environment(dict(os.environb))
        self.children: set[int] = set()
        self.log_fd = os.dup(2)
        self.stdio: list[Any] = [sys.stdin, sys.stdout, sys.stderr]
        self.data_path = ""

    def log(self, line: str) -> None:
        with contextlib.suppress(OSError):
            os.write(self.log_fd, f"[aws fork server {os.getpid()}] {line}\n".encode())

    def warm(self) -> None:
        """Import awscli as the `aws` script does, and parse every model the labs' commands need."""
        sys.path[0] = os.path.dirname(self.real_aws)  # the script's own sys.path[0]
        import threading

        import awscli.clidriver
        import botocore.session
        from botocore.exceptions import DataNotFoundError

        self.data_path = os.environ["AWS_DATA_PATH"]  # as awscli's import set it
        driver = awscli.clidriver.create_clidriver()
        session = driver.session
        loader = session.get_component("data_loader")
        commands = driver._get_command_table()
        driver._get_argument_table()
        for service in SERVICES:
            commands[service]._get_command_table()
            # A client loads the endpoint rules, partitions and retry config too; it sends nothing.
            session.create_client(service, region_name="us-east-1",
                                  endpoint_url="http://127.0.0.1:9", aws_access_key_id="warm",
                                  aws_secret_access_key="warm")
            for kind in ("paginators-1", "waiters-2"):
                with contextlib.suppress(DataNotFoundError):
                    loader.load_service_model(service, kind)
        create_loader = botocore.session.create_loader

        def shared_loader(search_path_string: str | None = None) -> Any:
            # Each child's fresh session gets this warm loader when its data path is the same.
            if search_path_string == self.data_path:
                return loader
            return create_loader(search_path_string)

        botocore.session.create_loader = shared_loader
        if threading.active_count() != 1:  # forking a process with threads is not safe
            raise RuntimeError(f"warming left {threading.active_count()} threads")

    def serve(self) -> None:
        self.warm()
        selector = selectors.PollSelector()
        selector.register(0, selectors.EVENT_READ)  # the fixture's pipe: EOF means stop
        listener = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        listener.bind(self.socket_path)
        try:
            listener.listen(64)
            selector.register(listener, selectors.EVENT_READ)
            signal.signal(signal.SIGCHLD, lambda *_: self.reap())
            signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
            os.write(1, READY)
            self.log(f"ready on {self.socket_path}, models parsed for {', '.join(SERVICES)}")
            while True:
                for key, _ in selector.select():
                    if key.fileobj is listener:
                        conn, _ = listener.accept()
                        self.fork(conn, listener, selector)
                    elif not os.read(0, 4096):
                        return
        finally:
            self.stop(listener)

    def fork(self, conn: socket.socket, listener: socket.socket,
             selector: selectors.BaseSelector) -> None:
        # SIGCHLD waits until the pid is recorded, so `children` only holds unreaped pids.
        signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGCHLD})
        try:
            pid = os.fork()
            if pid == 0:
                try:
                    signal.signal(signal.SIGCHLD, signal.SIG_DFL)
                    signal.signal(signal.SIGTERM, signal.SIG_DFL)
                    signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGCHLD})
                    selector.close()
                    listener.close()
                    self.child(conn)
                finally:
                    os._exit(70)  # only reached if child() itself failed
            self.children.add(pid)
        finally:
            signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGCHLD})
        conn.close()

    def reap(self) -> None:
        while self.children:
            try:
                pid, status = os.waitpid(-1, os.WNOHANG)
            except ChildProcessError:
                return
            if pid == 0:
                return
            self.children.discard(pid)
            if os.waitstatus_to_exitcode(status) != 0:
                self.log(f"child {pid} ended with status {os.waitstatus_to_exitcode(status)}")

    def stop(self, listener: socket.socket) -> None:
        listener.close()
        with contextlib.suppress(OSError):
            os.unlink(self.socket_path)
        signal.signal(signal.SIGCHLD, signal.SIG_DFL)
        for pid in list(self.children):  # unreaped, so these pids are still ours
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGTERM)
        for pid in list(self.children):
            with contextlib.suppress(ChildProcessError):
                os.waitpid(pid, 0)
        self.log("stopped")

    # ------------------------------------------------------------ in the forked child

    def child(self, conn: socket.socket) -> None:
        try:
            self.serve_request(conn)
        except BaseException:
            import traceback

            self.log(f"child failed:\n{traceback.format_exc()}")
            raise

    def serve_request(self, conn: socket.socket) -> None:
        request, fds = self.receive(conn)
        if len(fds) != len(request["fds"]):
            conn.sendall(f"decline got {len(fds)} of the {len(request['fds'])} fds sent\n".encode())
            os._exit(0)
        differs = sorted(
            name.decode(errors="replace") for name in
            set(self.start_environment) | set(_import_time_environment(request["env"]))
            if self.start_environment.get(name) != request["env"].get(name))
        if differs:
            conn.sendall(f"decline {', '.join(differs)} differ from the server's\n".encode())
            self.log(f"declined: {', '.join(differs)} differ")
            os._exit(0)
        argv = [os.fsdecode(arg) for arg in request["argv"]]
        rc = self.run(request, fds, argv)
        conn.sendall(f"exit {rc}\n".encode())
        self.log(f"ran aws {shlex.join(argv[:6])}{' ...' if len(argv) > 6 else ''} -> {rc}")
        os._exit(0)

    @staticmethod
    def receive(conn: socket.socket) -> tuple[dict[str, Any], list[int]]:
        header, fds, _, _ = socket.recv_fds(conn, 8, 3)
        while len(header) < 8:
            more = conn.recv(8 - len(header))
            if not more:
                raise EOFError("the client hung up")
            header += more
        size = int.from_bytes(header, "big")
        body = bytearray()
        while len(body) < size:
            more = conn.recv(min(size - len(body), 1 << 20))
            if not more:
                raise EOFError("the client hung up")
            body += more
        request: dict[str, Any] = marshal.loads(body)
        return request, fds

    def run(self, request: dict[str, Any], fds: list[int], argv: list[str]) -> int:
        """What `python .venv/bin/aws ARGS` does, from interpreter start to exit code."""
        import atexit
        import time

        import awscli.clidriver

        for fd in (0, 1, 2):
            if fd in request["fds"]:
                os.dup2(fds[request["fds"].index(fd)], fd)
            else:
                os.close(fd)
        for fd in fds:
            os.close(fd)
        os.environb.clear()
        os.environb.update(request["env"])
        os.environ["AWS_DATA_PATH"] = self.data_path  # what importing awscli made of it
        if os.environ.get("LC_CTYPE", "") == "UTF-8":  # as the `aws` script does
            os.environ["LC_CTYPE"] = "en_US.UTF-8"
        time.tzset()
        os.chdir(request["cwd"])
        sys.argv = [self.real_aws, *argv]
        streams = self.fresh_stdio()
        try:
            rc = self.exit_code(awscli.clidriver.main())  # as sys.exit(main()) would
        except SystemExit as done:
            rc = self.exit_code(done.code)
        except BaseException:
            import traceback

            traceback.print_exc()
            rc = 1
        atexit._run_exitfuncs()
        # As Python's finalization: a failed flush of stdout (a closed pipe) makes the status 120.
        for stream in [*streams[1:], *self.stdio[1:]]:
            try:
                stream.flush()
            except OSError as error:
                rc = 120
                with contextlib.suppress(OSError):
                    os.write(2, f"Exception ignored in: {stream!r}\n{error!r}\n".encode())
        return rc

    @staticmethod
    def exit_code(code: object) -> int:
        """sys.exit(code) as the interpreter turns it into a status."""
        if code is None:
            return 0
        if isinstance(code, int):
            return code
        with contextlib.suppress(Exception):
            print(code, file=sys.stderr)
        return 1

    def fresh_stdio(self) -> list[Any]:
        """sys.stdin/stdout/stderr as a new interpreter makes them on fds 0, 1, 2.

        The server's own streams were made by the same interpreter from the same locale, so their
        encoding, errors and write-through are the ones to use; line buffering follows the new fd.
        """
        made: list[Any] = []
        for fd, old, name in zip((0, 1, 2), self.stdio, ("<stdin>", "<stdout>", "<stderr>"),
                                 strict=True):
            try:
                os.fstat(fd)
            except OSError:
                made.append(None)  # a closed std fd is None in a new interpreter too
                continue
            buffered: Any = open(fd, "rb" if fd == 0 else "wb", closefd=False)  # noqa: SIM115
            raw = buffered.raw
            raw.name = name
            line_buffering = not old.write_through and (fd == 2 or raw.isatty())
            stream = io.TextIOWrapper(buffered, encoding=old.encoding, errors=old.errors,
                                      newline="\n", line_buffering=line_buffering,
                                      write_through=old.write_through)
            stream.mode = "r" if fd == 0 else "w"  # type: ignore[misc]
            made.append(stream)
        sys.stdin, sys.stdout, sys.stderr = made
        sys.__stdin__, sys.__stdout__, sys.__stderr__ = made  # type: ignore[misc]
        return made


# ---------------------------------------------------------------- the parent side (the fixture)


@dataclass(frozen=True)
class AwsCli:
    """Where a test's bash finds `aws`: the fork client when the server runs, else the real CLI."""

    bin_dir: Path
    real_aws: Path
    via_server: bool
    note: str
    log: Path | None = None
    server_pid: int | None = None

    def shell_env(self) -> dict[str, str]:
        """This process's environment, `aws` first on PATH, then the real CLI's dir as before."""
        path = [str(self.bin_dir), str(self.real_aws.parent), os.environ.get("PATH", "")]
        return {**os.environ, "PATH": os.pathsep.join(dict.fromkeys(path))}


def write_client(bin_dir: Path, socket_path: Path, real_aws: Path) -> Path:
    """An executable `aws` in bin_dir that asks the server at socket_path (or runs real_aws)."""
    bin_dir.mkdir(parents=True, exist_ok=True)
    script = bin_dir / "aws"
    script.write_text(
        f"#!{sys.executable} -IS\n"
        "import sys\n"
        f"sys.path.insert(0, {str(CLIENT.parent)!r})\n"
        "from aws_cli_client import main\n"
        f"main({str(socket_path)!r}, {str(real_aws)!r})\n")
    script.chmod(0o755)
    return script


@contextlib.contextmanager
def start(real_aws: Path, ready_timeout: float = 60.0) -> Iterator[AwsCli]:
    """The server, running until the block ends; or, if it cannot start, the real CLI, saying why."""
    workdir = Path(tempfile.mkdtemp(prefix="aws-fork-"))  # short: a socket path has ~100 bytes
    socket_path = workdir / "aws.sock"
    log = workdir / "server.log"
    proc: subprocess.Popen[bytes] | None = None
    try:
        with log.open("ab") as log_file:
            proc = subprocess.Popen([sys.executable, __file__, str(socket_path), str(real_aws)],
                                    stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=log_file,
                                    cwd=workdir)
        assert proc.stdout is not None
        ready, _, _ = select.select([proc.stdout], [], [], ready_timeout)
        if not ready or proc.stdout.readline() != READY:
            why = f"the aws fork server did not start: {log.read_text(errors='replace')[-2000:]}"
            yield AwsCli(real_aws.parent, real_aws, via_server=False, note=why)
            return
        write_client(workdir / "bin", socket_path, real_aws)
        yield AwsCli(workdir / "bin", real_aws, via_server=True, note=f"aws fork server {proc.pid}",
                     log=log, server_pid=proc.pid)
    finally:
        if proc is not None:
            if proc.stdin is not None:
                with contextlib.suppress(OSError):
                    proc.stdin.close()  # EOF: the server stops its children and exits
            try:
                proc.wait(timeout=30)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()
            if proc.stdout is not None:
                proc.stdout.close()
        shutil.rmtree(workdir, ignore_errors=True)


if __name__ == "__main__":
    _Server(sys.argv[1], sys.argv[2]).serve()
