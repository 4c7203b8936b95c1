"""The Target: where calls go. One small abstract class, four kinds behind it."""

from __future__ import annotations

import threading
from abc import ABC, abstractmethod
from collections.abc import Callable
from dataclasses import dataclass, field
from enum import StrEnum
from typing import TYPE_CHECKING, Any, ClassVar

from playground.aws.recorder import CallRecorder
from playground.aws.render import CallContext
from playground.targets.errors import ReadOnlyViolation, TargetError
from playground.targets.liveness import DOWN_RETRY_S, Liveness, unreachable

if TYPE_CHECKING:
    import boto3

Progress = Callable[[str], None]

SERVICES: tuple[str, ...] = ("sqs", "sns", "events", "stepfunctions", "kinesis", "firehose", "s3",
                             "lambda")
"""The services of the playground, by botocore name."""

_READ_PREFIXES = ("List", "Describe", "Get", "Test", "Head", "Validate", "Filter")


def is_read_operation(operation: str) -> bool:
    """True for calls that cannot change anything (ReceiveMessage changes visibility, so no)."""
    return operation.startswith(_READ_PREFIXES)


class TargetKind(StrEnum):
    EMBEDDED = "embedded"
    LOCALSTACK = "localstack"
    ENDPOINT = "endpoint"
    AWS = "aws"


@dataclass
class TargetStatus:
    """What the header shows: where we are and whether it answers."""

    state: str = "idle"  # idle | starting | ready | error | stopped (down: see Target.liveness)
    detail: str = ""


@dataclass(frozen=True)
class Capability:
    name: str
    available: bool
    note: str = ""


@dataclass
class TargetInfo:
    kind: TargetKind
    label: str
    endpoint_url: str | None
    region: str
    account_id: str | None
    profile: str | None
    is_real: bool
    extra: dict[str, str] = field(default_factory=dict)


class Target(ABC):
    """Where AWS calls go. Subclasses set up the boto3 session and check reachability.

    Optional features are class flags with safe defaults, so callers ask instead of guessing.
    """

    kind: ClassVar[TargetKind]
    is_real: ClassVar[bool] = False
    supports_reset: ClassVar[bool] = False
    supports_peek: ClassVar[bool] = False
    supports_restart: ClassVar[bool] = False
    """The app can start it afresh when it stops (the embedded emulator)."""

    def __init__(self, region: str = "us-east-1", *, read_only: bool = False,
                 recorder: CallRecorder | None = None) -> None:
        self.region = region
        self.read_only = read_only
        self.recorder = recorder or CallRecorder()
        self.account_id: str | None = None
        self.status = TargetStatus()
        self._session: boto3.Session | None = None
        self._clients: dict[str, Any] = {}
        self._lock = threading.RLock()
        self.writes_confirmed = not self.is_real
        self.allowed_accounts: tuple[str, ...] = ()
        """Real accounts that may be written to (config `target.allowed_accounts`); empty: any."""
        self.recorder.guard = self._guard
        self.liveness = Liveness()
        """Up or down, as the app's watch and the calls saw it; polling loops wait on it."""
        from playground.targets.pacing import BUDGET_PER_S, PollPacer

        self.pacer = PollPacer(BUDGET_PER_S if self.is_real else None)
        """How often refresh loops may call: a shared budget on a real account."""

    # --- what subclasses provide -------------------------------------------------------------
    @property
    @abstractmethod
    def label(self) -> str:
        """Short human name of where calls go, shown in the header."""

    @property
    def endpoint_url(self) -> str | None:
        return None

    @property
    def profile(self) -> str | None:
        return None

    @abstractmethod
    def _make_session(self) -> boto3.Session:
        """A boto3 session with credentials and region for this target."""

    def start(self, progress: Progress | None = None) -> None:
        """Make the target usable (start it, or check it answers); raise TargetError if not."""
        self.status = TargetStatus("starting", "connecting")
        if progress:
            progress(f"connecting to {self.label}")
        self.account_id = self._probe_account()
        self.status = TargetStatus("ready")

    def stop(self) -> None:
        """Release what start() acquired. Safe to call twice."""
        self.status = TargetStatus("stopped")

    def reset(self) -> None:
        raise TargetError(f"{self.label} cannot be reset from the playground")

    def restart_refusal(self) -> str:
        """Why the app cannot restart this target (asked only when `supports_restart` is off)."""
        return (f"{self.label} is not started by the playground, so it cannot be restarted "
                "from here.")

    def peek_messages(self, queue_url: str) -> list[dict[str, Any]]:
        """Messages in a queue without receiving them, where the target can do that."""
        raise TargetError(f"{self.label} cannot show messages without receiving them")

    # --- liveness -----------------------------------------------------------------------------
    @property
    def watches_liveness(self) -> bool:
        """Whether `probe_alive` can be asked every second at no cost worth naming (a child
        process, a port on this machine). Elsewhere only the calls tell (no polling real AWS)."""
        return False

    def probe_alive(self) -> str | None:
        """Why the target does not answer right now, or None when it does."""
        return None

    def check_alive(self) -> bool:
        """Ask now where that is cheap, and remember the answer; True when the target answers.
        Elsewhere, what the last call saw."""
        if self.watches_liveness:
            reason = self.probe_alive()
            if reason is None:
                self.liveness.mark_up()
            else:
                self.liveness.mark_down(reason)
        return not self.liveness.down

    def wait_while_down(self, stop: threading.Event) -> None:
        """A polling loop's back-off, in its thread: while down, wait until the target answers
        again (the watch will tell), or where only calls can tell, until it is worth one more try."""
        self.liveness.wait_up(stop, None if self.watches_liveness else DOWN_RETRY_S)

    def _saw_answer(self, parsed: Any = None, **_: Any) -> None:
        self.liveness.mark_up()
        self.pacer.after_call(parsed)

    def _saw_call_error(self, exception: BaseException, **_: Any) -> None:
        if not unreachable(exception):
            return
        if self.watches_liveness:
            self.check_alive()  # the probe decides, with the real reason
        else:
            self.liveness.mark_down(f"no answer from {self.label}")

    def capabilities(self) -> list[Capability]:
        return [
            Capability("reset", self.supports_reset, "wipe all state in one call"),
            Capability("peek", self.supports_peek, "look at queued messages without receiving"),
        ]

    # --- shared machinery ----------------------------------------------------------------------
    def info(self) -> TargetInfo:
        return TargetInfo(self.kind, self.label, self.endpoint_url, self.region,
                          self.account_id, self.profile, self.is_real, self.info_extra())

    def info_extra(self) -> dict[str, str]:
        """Extra facts for the header and doctor (emulator version, ...)."""
        return {}

    def call_context(self) -> CallContext:
        return CallContext(endpoint_url=self.endpoint_url, region=self.region,
                           profile=self.profile, emulator_credentials=not self.is_real
                           and self.profile is None)

    def session(self) -> boto3.Session:
        with self._lock:
            if self._session is None:
                session = self._make_session()
                self.recorder.attach(session.events)
                self.recorder.context = self.call_context()
                session.events.register("after-call.*.*", self._saw_answer,
                                        unique_id="pg-answered")
                session.events.register("after-call-error.*.*", self._saw_call_error,
                                        unique_id="pg-unreachable")
                # Per HTTP attempt, so botocore's retries spend the budget too.
                session.events.register("before-send.*.*", self._pace, unique_id="pg-pace")
                self._session = session
            return self._session

    def client(self, service: str, *, read_timeout: int = 30) -> Any:
        """A boto3 client for `service`, cached; every call it makes is recorded.
        `read_timeout` above the default is for calls the service holds open (GetActivityTask
        up to 60 s, StartSyncExecution up to an Express workflow's 5 minutes): such a client
        does not retry, since a retried call would take a second task or start a second
        execution."""
        key = service if read_timeout == 30 else f"{service}@{read_timeout}s"
        with self._lock:
            if key not in self._clients:
                from botocore.config import Config

                config = Config(
                    connect_timeout=3,
                    read_timeout=read_timeout,
                    retries={"max_attempts": 2 if read_timeout == 30 else 1,
                             "mode": "standard"},
                    # A local endpoint cannot resolve sync-127.0.0.1 (TestState, sync executions).
                    inject_host_prefix=self.endpoint_url is None,
                    user_agent_extra="playground",
                )
                self._clients[key] = self.session().client(
                    service, endpoint_url=self.endpoint_url, config=config
                )
            return self._clients[key]

    def _pace(self, **_: Any) -> None:
        self.pacer.before_call(self.recorder.is_background())

    def _probe_account(self) -> str | None:
        from botocore.exceptions import BotoCoreError, ClientError

        try:
            ident = self.client("sts").get_caller_identity()
        except ClientError as exc:
            raise TargetError(f"{self.label}: {describe_client_error(exc)}") from exc
        except BotoCoreError as exc:
            raise TargetError(f"{self.label}: {exc}") from exc
        return str(ident.get("Account")) if ident.get("Account") else None

    def _guard(self, service: str, operation: str) -> None:
        if service == "sts" or is_read_operation(operation):
            return
        if self.read_only:
            raise ReadOnlyViolation(operation)
        if self.is_real and self.allowed_accounts and self.account_id not in self.allowed_accounts:
            from playground.targets.errors import AccountNotAllowed

            raise AccountNotAllowed(operation, self.account_id, self.allowed_accounts)
        if self.is_real and not self.writes_confirmed:
            from playground.targets.errors import WriteNotConfirmed

            raise WriteNotConfirmed(operation, self.account_id)


def describe_client_error(exc: Exception) -> str:
    """One line from a botocore ClientError: code and message, no traceback."""
    response = getattr(exc, "response", {}) or {}
    err = response.get("Error", {})
    code = err.get("Code", type(exc).__name__)
    message = err.get("Message", str(exc))
    return f"{code}: {message}" if message else str(code)
