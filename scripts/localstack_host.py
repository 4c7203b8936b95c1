"""Run real LocalStack on this machine without Docker: install (cached per user), start, stop.

    python scripts/localstack_host.py install          # once per machine; prints each phase
    python scripts/localstack_host.py status           # installed, or why not
    python scripts/localstack_host.py start [--port N] # prints the endpoint URL, leaves it running
    python scripts/localstack_host.py stop

LocalStack's own image needs an account token since its repo was archived (March 2026); the
`localstack-core` package still runs on the host with Python 3.13 and the constraints committed
beside this script. Installing is an explicit step (the README's test command runs it before
pytest) so no test waits on a 500 MB download: the venv and the kinesis-mock npm package that
LocalStack fetches on first use of Kinesis go into a per-user cache dir keyed by the LocalStack
version and the constraints, shared by every clone on the machine. Where it cannot be installed
the reason is written there and `install` still exits 0; the parity tests skip with that reason
(and fail under CI=true). Tests use `LocalStackHost` directly (tests/parity/conftest.py).
"""

from __future__ import annotations

import argparse
import contextlib
import fcntl
import hashlib
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
from collections.abc import Iterator
from pathlib import Path

CONSTRAINTS = Path(__file__).resolve().parent / "localstack-constraints.txt"
LOCALSTACK_VERSION = "2026.3.0"
SERVICES = "sqs,sns,events,stepfunctions,kinesis,sts,iam,firehose,s3"
HOME_ENV = "PLAYGROUND_LOCALSTACK_HOME"
"""Overrides the cache dir (tests point it at an empty dir to play "not installed")."""
COLD_INSTALL = ("about 110 MB of downloads (localstack-core and 114 pinned packages from PyPI, "
                "~500 MB installed, and the kinesis-mock npm package, 12 MB); measured cold on a "
                "2-core machine with a fast link: 80 s idle, 150 s busy; longer on a slow link")

KINESIS_PHASE = "[4/4] kinesis-mock, the npm package LocalStack runs for Kinesis (npm install)"


def constraints_hash() -> str:
    return hashlib.sha256(CONSTRAINTS.read_bytes()).hexdigest()[:12]


def cache_root() -> Path:
    """The per-user cache dir (platformdirs when the project venv runs this, XDG otherwise)."""
    try:
        from platformdirs import user_cache_dir
    except ImportError:
        base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
        return Path(base) / "playground"
    return Path(user_cache_dir("playground"))


def home() -> Path:
    """One dir per LocalStack version + constraints, so a change of either installs afresh."""
    explicit = os.environ.get(HOME_ENV)
    if explicit:
        return Path(explicit)
    return cache_root() / f"localstack-{LOCALSTACK_VERSION}-{constraints_hash()}"


def venv_python() -> Path:
    return home() / "venv" / "bin" / "python"


def lib_dir() -> Path:
    """LocalStack's var/lib/localstack/lib: the packages it installs on first use (kinesis-mock)."""
    return home() / "lib"


def _marker() -> Path:
    return home() / "installed.json"


def _reason_file() -> Path:
    return home() / "unavailable.txt"


def find_python313() -> str | None:
    """PLAYGROUND_PY313 (only it, when set), else pyenv's 3.13 or a python3.13 on PATH that runs."""
    explicit = os.environ.get("PLAYGROUND_PY313")
    if explicit:
        candidates = [explicit]
    else:
        pyenv_root = Path(os.environ.get("PYENV_ROOT", Path.home() / ".pyenv")) / "versions"
        candidates = [str(c / "bin" / "python3.13")
                      for c in sorted(pyenv_root.glob("3.13*"), reverse=True)]
        candidates.append(shutil.which("python3.13") or "")
    for python in candidates:
        # A pyenv shim exists even when 3.13 is not installed; only one that runs counts.
        with contextlib.suppress(OSError):
            if python and subprocess.run([python, "-c", "pass"], capture_output=True).returncode == 0:
                return python
    return None


def installed() -> bool:
    """The marker is written only after every phase passed, so a half-done install never counts."""
    return _marker().exists() and venv_python().exists()


def unavailable_reason() -> str | None:
    """None when installed, else why not: what the last install recorded, or that none ran."""
    if installed():
        return None
    with contextlib.suppress(OSError):
        recorded = _reason_file().read_text().strip()
        if recorded:
            return recorded
    return (f"LocalStack {LOCALSTACK_VERSION} is not installed in {home()}: run "
            "`.venv/bin/python scripts/localstack_host.py install`")


@contextlib.contextmanager
def _locked() -> Iterator[None]:
    """Two clones installing at once on one machine take turns instead of sharing a half venv."""
    home().mkdir(parents=True, exist_ok=True)
    with open(home() / "install.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)


def _say(text: str) -> None:
    print(text, flush=True)


def _record(reason: str) -> str:
    """Print why LocalStack is not installed and keep it where the parity tests look."""
    _say(f"LocalStack not installed: {reason}")
    _say("The LocalStack parity tests will skip with this reason (under CI=true they fail).")
    with contextlib.suppress(OSError):
        home().mkdir(parents=True, exist_ok=True)
        _reason_file().write_text(reason + "\n")
    return reason


def _run(phase: str, cmd: list[str], **kwargs: object) -> None:
    _say(phase)
    t0 = time.monotonic()
    subprocess.run(cmd, check=True, **kwargs)  # type: ignore[call-overload]
    _say(f"    done in {time.monotonic() - t0:.0f} s")


def prefetch_kinesis() -> None:
    """Install kinesis-mock with LocalStack's own package manager into the cached lib dir, where
    `LocalStackHost.start` links it, so the first Kinesis call in a test downloads nothing."""
    with tempfile.TemporaryDirectory(prefix="playground-localstack-lpm-") as tmp:
        fs = Path(tmp) / "fs"
        (fs / "var" / "lib" / "localstack").mkdir(parents=True)
        lib_dir().mkdir(parents=True, exist_ok=True)
        os.symlink(lib_dir(), fs / "var" / "lib" / "localstack" / "lib")
        _run(KINESIS_PHASE,
             [str(venv_python()), "-m", "localstack.cli.lpm", "install", "--target", "var_libs",
              "kinesis-mock"],
             env=_localstack_env(Path(tmp)), cwd=tmp)
    if not (lib_dir() / "kinesis-local").is_dir():
        raise OSError(f"LocalStack's package manager left no kinesis-local in {lib_dir()} "
                      "(is npm installed?)")


def install() -> str | None:
    """Install LocalStack into the cache dir; None when it is there, else the recorded reason."""
    try:
        with _locked():
            return _install_locked()
    except OSError as exc:
        return _record(f"cannot use the cache dir {home()}: {exc}")


def _install_locked() -> str | None:
    if installed():
        _say(f"LocalStack {LOCALSTACK_VERSION} is installed (cached in {home()})")
        return None
    _say(f"Installing LocalStack {LOCALSTACK_VERSION} for the parity tests, once per machine: "
         f"{COLD_INSTALL}.")
    _say(f"    into {home()} (set {HOME_ENV} to move it)")
    python = find_python313()
    if python is None:
        explicit = os.environ.get("PLAYGROUND_PY313")
        return _record(f"PLAYGROUND_PY313={explicit} does not run" if explicit else
                       "LocalStack 2026.3 needs Python 3.13 and none was found "
                       "(pyenv install 3.13, or set PLAYGROUND_PY313 to a python3.13)")
    venv = home() / "venv"
    shutil.rmtree(venv, ignore_errors=True)  # what a stopped install left
    shutil.rmtree(lib_dir(), ignore_errors=True)
    _reason_file().unlink(missing_ok=True)
    t0 = time.monotonic()
    pip = [str(venv_python()), "-m", "pip", "--disable-pip-version-check"]
    phase = ""
    try:
        phase = f"[1/4] Python 3.13 venv ({python})"
        _run(phase, [python, "-m", "venv", str(venv)])
        phase = "[2/4] pip itself"
        _run(phase, [*pip, "install", "--upgrade", "pip"])
        phase = (f"[3/4] localstack-core[runtime]=={LOCALSTACK_VERSION} with the pinned constraints "
                 "(the long part)")
        _run(phase, [*pip, "install", "-c", str(CONSTRAINTS),
                     f"localstack-core[runtime]=={LOCALSTACK_VERSION}"])
        phase = KINESIS_PHASE
        prefetch_kinesis()
    except subprocess.CalledProcessError as exc:
        return _record(f"{phase} failed with exit code {exc.returncode} (no network, or no "
                       "registry?); `python scripts/localstack_host.py install` shows its output")
    except OSError as exc:
        return _record(f"{phase} failed: {exc}")
    _marker().write_text(json.dumps({"localstack": LOCALSTACK_VERSION, "python": python,
                                     "constraints": constraints_hash(),
                                     "seconds": round(time.monotonic() - t0)}) + "\n")
    _say(f"LocalStack {LOCALSTACK_VERSION} installed in {time.monotonic() - t0:.0f} s: {home()}")
    return None


def _localstack_env(workdir: Path, port: int = 4566) -> dict[str, str]:
    """LocalStack on 127.0.0.1 with its files under workdir, blind to the caller's AWS settings."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("AWS_", "LOCALSTACK_"))}
    env.update(
        OVERRIDE_IN_DOCKER="0", GATEWAY_LISTEN=f"127.0.0.1:{port}", SERVICES=SERVICES,
        SQS_ENDPOINT_STRATEGY="path", DNS_ADDRESS="0", SKIP_SSL_CERT_DOWNLOAD="1",
        DISABLE_EVENTS="1", PERSISTENCE="0", FILESYSTEM_ROOT=str(workdir / "fs"),
        CONFIG_DIR=str(workdir / "config"), LOCALSTACK_VOLUME_DIR=str(workdir / "vol"),
        EAGER_SERVICE_LOADING="0",
    )
    return env


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
        """Start the installed LocalStack; never installs (that is `install`, outside any test)."""
        reason = unavailable_reason()
        if reason is not None:
            raise RuntimeError(reason)
        self.workdir = Path(tempfile.mkdtemp(prefix="playground-localstack-"))
        env = _localstack_env(self.workdir, self.port)
        # kinesis-mock was fetched into the cached lib dir by `install`; each start links it.
        (self.workdir / "fs" / "var" / "lib" / "localstack").mkdir(parents=True, exist_ok=True)
        os.symlink(lib_dir(), self.workdir / "fs" / "var" / "lib" / "localstack" / "lib")
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
    sub.add_parser("install", help="install into the cache dir; exits 0 even when it cannot")
    sub.add_parser("status", help="exit 0 if installed, else 1 and why")
    start = sub.add_parser("start")
    start.add_argument("--port", type=int, default=4566)
    sub.add_parser("stop")
    args = parser.parse_args()
    pidfile = home() / "localstack.pid"
    if args.cmd == "install":
        install()  # a reason is printed and recorded; the tests report it, so exit 0 either way
    elif args.cmd == "status":
        reason = unavailable_reason()
        print(reason or f"LocalStack {LOCALSTACK_VERSION} installed in {home()}")
        return 0 if reason is None else 1
    elif args.cmd == "start":
        host = LocalStackHost(args.port)
        try:
            url = host.start()
        except RuntimeError as exc:
            print(exc, file=sys.stderr)
            return 1
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
