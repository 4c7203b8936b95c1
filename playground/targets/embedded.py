"""The default target: an emulator the app starts itself, offline, no account needed."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, ClassVar

from playground.aws.render import EMULATOR_KEY_ID, EMULATOR_SECRET
from playground.targets.base import Progress, Target, TargetKind, TargetStatus
from playground.targets.emulator import (
    EMULATOR_ACCOUNT,
    EMULATOR_NAME,
    EmbeddedEmulator,
    emulator_version,
)
from playground.targets.errors import ReadOnlyViolation, TargetError

if TYPE_CHECKING:
    import boto3


class EmbeddedTarget(Target):
    kind: ClassVar[TargetKind] = TargetKind.EMBEDDED
    supports_reset: ClassVar[bool] = True
    supports_peek: ClassVar[bool] = True
    supports_restart: ClassVar[bool] = True

    def __init__(self, region: str = "us-east-1", *, port: int | None = None,
                 **kwargs: Any) -> None:
        super().__init__(region, **kwargs)
        self.emulator = EmbeddedEmulator(port)

    @property
    def label(self) -> str:
        return "embedded emulator"

    @property
    def endpoint_url(self) -> str | None:
        return self.emulator.url if self.emulator.port is not None else None

    @property
    def watches_liveness(self) -> bool:
        return True

    def probe_alive(self) -> str | None:
        return self.emulator.why_down()

    def _probe_account(self) -> str | None:
        # The health check proved it answers and we chose its account: asking STS here would
        # build a boto3 session (~0.25 s) on the path to "ready" for nothing.
        return EMULATOR_ACCOUNT

    def _make_session(self) -> boto3.Session:
        import boto3

        return boto3.Session(aws_access_key_id=EMULATOR_KEY_ID,
                             aws_secret_access_key=EMULATOR_SECRET, region_name=self.region)

    def start(self, progress: Progress | None = None) -> None:
        self.status = TargetStatus("starting", f"starting {EMULATOR_NAME}")
        self.emulator.start(progress)
        # The session caches the endpoint context; rebuild it now the port is known.
        with self._lock:
            self._session = None
            self._clients.clear()
        super().start(progress)

    def stop(self) -> None:
        self.emulator.stop()
        with self._lock:
            self._session = None
            self._clients.clear()
        super().stop()

    def reset(self) -> None:
        if self.read_only:
            raise ReadOnlyViolation("reset all state")
        try:
            self.emulator.reset()
        except TargetError:
            self.check_alive()
            raise

    def peek_messages(self, queue_url: str) -> list[dict[str, Any]]:
        try:
            return self.emulator.peek(queue_url)
        except TargetError:
            self.check_alive()  # not a boto3 call, so no hook saw it: ask now
            raise

    def info_extra(self) -> dict[str, str]:
        return {"emulator": f"{EMULATOR_NAME} {emulator_version()}"}

