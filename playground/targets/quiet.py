"""A quiet twin of a target: same endpoint and credentials, its own session, no call log.

Checks and capability probes poll or set up scaffolding; recorded, they would bury the
learner's own calls in the call log. The twin refuses writes unless made with `writes=True`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, ClassVar

from playground.aws.recorder import CallRecorder
from playground.targets.base import Target, TargetInfo, TargetKind

if TYPE_CHECKING:
    import boto3


class QuietTarget(Target):
    kind: ClassVar[TargetKind] = TargetKind.ENDPOINT  # never shown: info() is the inner target's

    def __init__(self, inner: Target, *, writes: bool = False) -> None:
        self.inner = inner
        super().__init__(inner.region, read_only=not writes, recorder=CallRecorder(maxlen=1))
        self.account_id = inner.account_id
        self.liveness = inner.liveness  # what its calls see is news about the same target
        self.supports_peek = inner.supports_peek  # type: ignore[misc]
        self.writes_confirmed = True

    @property
    def label(self) -> str:
        return self.inner.label

    @property
    def endpoint_url(self) -> str | None:
        return self.inner.endpoint_url

    @property
    def profile(self) -> str | None:
        return self.inner.profile

    @property
    def read_only(self) -> bool:
        """A twin of a read-only target is read-only too, whatever it was made for: probes and
        checks must not write behind the user's back (read-only can be switched on at any time)."""
        return self._refuses_writes or self.inner.read_only

    @read_only.setter
    def read_only(self, value: bool) -> None:
        self._refuses_writes = value

    def _make_session(self) -> boto3.Session:
        return self.inner._make_session()

    @property
    def watches_liveness(self) -> bool:
        return self.inner.watches_liveness

    def probe_alive(self) -> str | None:
        return self.inner.probe_alive()

    def info(self) -> TargetInfo:
        return self.inner.info()

    def peek_messages(self, queue_url: str) -> list[dict[str, Any]]:
        return self.inner.peek_messages(queue_url)

    def _guard(self, service: str, operation: str) -> None:
        # A read-only twin may still look into a queue by receiving with a zero visibility
        # timeout where the target cannot peek (playground.aws.sqs.service.look).
        # A receive still changes the message (its receive count), so not in read-only mode.
        if operation == "ReceiveMessage" and not self.inner.read_only:
            return
        super()._guard(service, operation)
