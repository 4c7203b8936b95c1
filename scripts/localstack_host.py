"""Run real LocalStack on this machine without Docker: install, start (health-waited), stop.

    python scripts/localstack_host.py install          # venv with Python 3.13 + pinned deps
    python scripts/localstack_host.py start [--port N] # prints the endpoint URL, leaves it running
    python scripts/localstack_host.py stop

LocalStack's own image needs an account token since its repo was archived (March 2026); the
`localstack-core` package still runs on the host with Python 3.13 and the constraints committed
beside this script. Kinesis comes from the npm package LocalStack installs on first use.
Tests use `LocalStackHost` directly (tests/parity/conftest.py).
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
STATE = ROOT / ".localstack"
VENV = STATE / "venv"
CONSTRAINTS = Path(__file__).resolve().parent / "localstack-constraints.txt"
LOCALSTACK_VERSION = "2026.3.0"
SERVICES = "sqs,sns,events,stepfunctions,kinesis,sts,iam"


def find_python313() -> str | None:
    """PLAYGROUND_PY313, pyenv's 3.13, or a python3.13 on PATH that runs."""
    explicit = os.environ.get("PLAYGROUND_PY313")
    if explicit and Path(explicit).exists():
        return explicit
    pyenv_root = Path(os.environ.get("PYENV_ROOT", Path.home() / ".pyenv")) / "versions"
    candidates = [str(c / "bin" / "python3.13") for c in sorted(pyenv_root.glob("3.13*"), reverse=True)]
    candidates.append(shutil.which("python3.13") or "")
    for python in candidates:
        # A pyenv shim exists even when 3.13 is not installed; only one that runs counts.
        if python and subprocess.run([python, "-c", "pass"], capture_output=True).returncode == 0:
            return python
    return None


def venv_python() -> Path:
    return VENV / "bin" / "python"


def installed() -> bool:
    if not venv_python().exists():
        return False
    done = subprocess.run([str(venv_python()), "-c", "import localstack.runtime.main"],
                          capture_output=True)
    return done.returncode == 0


def install(quiet: bool = True) -> None:
    if installed():
        return
    python = find_python313()
    if python is None:
        raise SystemExit("LocalStack needs Python 3.13 (pyenv install 3.13, or set PLAYGROUND_PY313)")
    q = ["-q"] if quiet else []
    subprocess.run([python, "-m", "venv", str(VENV)], check=True)
    subprocess.run([str(venv_python()), "-m", "pip", "install", *q, "--upgrade", "pip"], check=True)
    subprocess.run([str(venv_python()), "-m", "pip", "install", *q, "-c", str(CONSTRAINTS),
                    f"localstack-core[runtime]=={LOCALSTACK_VERSION}"], check=True)


class LocalStackHost:
    """One LocalStack process group on 127.0.0.1 with its files in a temp dir."""

    def __init__(self, port: int = 4566) -> None:
        self.port = port
        self.proc: subprocess.Popen[bytes] | None = None
        self.workdir: Path | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self, timeout: float = 120) -> str:
        install()
        self.workdir = Path(tempfile.mkdtemp(prefix="playground-localstack-"))
        # Kinesis' npm package is cached across runs so each start does not download it again.
        lib_cache = STATE / "lib"
        lib_cache.mkdir(parents=True, exist_ok=True)
        env = {k: v for k, v in os.environ.items() if not k.startswith(("AWS_", "LOCALSTACK_"))}
        env.update(
            OVERRIDE_IN_DOCKER="0", GATEWAY_LISTEN=f"127.0.0.1:{self.port}", SERVICES=SERVICES,
            SQS_ENDPOINT_STRATEGY="path", DNS_ADDRESS="0", SKIP_SSL_CERT_DOWNLOAD="1",
            DISABLE_EVENTS="1", PERSISTENCE="0", FILESYSTEM_ROOT=str(self.workdir / "fs"),
            CONFIG_DIR=str(self.workdir / "config"), LOCALSTACK_VOLUME_DIR=str(self.workdir / "vol"),
            EAGER_SERVICE_LOADING="0",
        )
        (self.workdir / "fs" / "var" / "lib" / "localstack").mkdir(parents=True, exist_ok=True)
        os.symlink(lib_cache, self.workdir / "fs" / "var" / "lib" / "localstack" / "lib")
        log = open(self.workdir / "localstack.log", "wb")  # noqa: SIM115 - child owns it
        self.proc = subprocess.Popen([str(venv_python()), "-m", "localstack.runtime.main"],
                                     stdout=log, stderr=subprocess.STDOUT, env=env,
                                     start_new_session=True, cwd=self.workdir)
        log.close()
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                tail = (self.workdir / "localstack.log").read_text(errors="replace")[-2000:]
                self.stop()
                raise RuntimeError(f"LocalStack exited while starting:\n{tail}")
            try:
                with urllib.request.urlopen(self.url + "/_localstack/health", timeout=1) as r:
                    if r.status == 200 and json.loads(r.read()).get("services"):
                        return self.url
            except (urllib.error.URLError, OSError, ValueError):
                pass
            time.sleep(0.3)
        self.stop()
        raise RuntimeError(f"LocalStack did not answer within {timeout:.0f} s")

    def stop(self) -> None:
        proc, self.proc = self.proc, None
        if proc is not None and proc.poll() is None:
            try:
                os.killpg(proc.pid, signal.SIGTERM)
                proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                os.killpg(proc.pid, signal.SIGKILL)
                proc.wait(timeout=10)
            except ProcessLookupError:
                pass
        if self.workdir is not None:
            shutil.rmtree(self.workdir, ignore_errors=True)
            self.workdir = None


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="cmd", required=True)
    sub.add_parser("install")
    start = sub.add_parser("start")
    start.add_argument("--port", type=int, default=4566)
    sub.add_parser("stop")
    args = parser.parse_args()
    pidfile = STATE / "localstack.pid"
    if args.cmd == "install":
        install(quiet=False)
        print(f"LocalStack {LOCALSTACK_VERSION} installed in {VENV}")
    elif args.cmd == "start":
        host = LocalStackHost(args.port)
        url = host.start()
        assert host.proc is not None and host.workdir is not None
        pidfile.write_text(json.dumps({"pid": host.proc.pid, "workdir": str(host.workdir)}))
        print(url)
    else:
        if not pidfile.exists():
            print("no LocalStack started by this script", file=sys.stderr)
            return 1
        info = json.loads(pidfile.read_text())
        with contextlib.suppress(ProcessLookupError):
            os.killpg(info["pid"], signal.SIGTERM)
        shutil.rmtree(info["workdir"], ignore_errors=True)
        pidfile.unlink()
        print("stopped")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
