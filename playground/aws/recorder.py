"""The call recorder: every request a boto3 client makes, captured from botocore events."""

from __future__ import annotations

import contextlib
import itertools
import threading
import time
from collections import deque
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from playground.aws.redact import redact
from playground.aws.render import CallContext, render_boto3, render_cli

_CONTEXT_KEY = "playground_call"


@dataclass(frozen=True)
class CallRecord:
    """One AWS API call as the learner would redo it."""

    seq: int
    started: datetime
    service: str
    """botocore service name, which is also the CLI command and boto3 client name (`sqs`, `events`)."""
    operation: str
    """API operation name as AWS documents it (`SendMessage`)."""
    params: dict[str, Any]
    """Parameters as passed to the client, secrets already redacted."""
    duration_ms: float
    ok: bool
    error_code: str | None
    error_message: str | None
    context: CallContext = field(repr=False)
    input_shape: Any = field(default=None, repr=False, compare=False)
    background: bool = False
    """Made by a refresh loop rather than by the learner; the call log hides these by default."""

    @property
    def outcome(self) -> str:
        return "ok" if self.ok else (self.error_code or "error")

    def cli(self) -> str:
        """The `aws` CLI command that makes the same call."""
        return render_cli(self.service, self.operation, self.params, self.context, self.input_shape)

    def boto3(self) -> str:
        """A boto3 script that makes the same call."""
        return render_boto3(self.service, self.operation, self.params, self.context)


Listener = Callable[[CallRecord], None]
Guard = Callable[[str, str], None]


class CallRecorder:
    """Keeps the last calls in a bounded buffer and tells listeners about each new one.

    Listeners run on the calling thread (usually a worker); UI listeners must only enqueue.
    """

    def __init__(self, maxlen: int = 2000) -> None:
        self._records: deque[CallRecord] = deque(maxlen=maxlen)
        self._lock = threading.Lock()
        self._seq = itertools.count(1)
        self._listeners: list[Listener] = []
        self.context = CallContext()
        self.guard: Guard | None = None
        """Called as guard(service, operation) before a request is sent; raising stops it."""
        self._local = threading.local()

    @contextlib.contextmanager
    def background(self) -> Iterator[None]:
        """Calls made inside are marked as background (live refresh loops)."""
        previous = getattr(self._local, "background", False)
        self._local.background = True
        try:
            yield
        finally:
            self._local.background = previous

    def is_background(self) -> bool:
        """Is the call this thread is making a refresh loop's?"""
        return bool(getattr(self._local, "background", False))

    # --- listeners -------------------------------------------------------------------------
    def subscribe(self, listener: Listener) -> Callable[[], None]:
        with self._lock:
            self._listeners.append(listener)

        def unsubscribe() -> None:
            with self._lock:
                if listener in self._listeners:
                    self._listeners.remove(listener)

        return unsubscribe

    @property
    def records(self) -> list[CallRecord]:
        with self._lock:
            return list(self._records)

    def clear(self) -> None:
        """Forget the calls and number the next one #1 again."""
        with self._lock:
            self._records.clear()
            self._seq = itertools.count(1)

    # --- botocore hooks --------------------------------------------------------------------
    def attach(self, events: Any) -> None:
        """Register on a botocore event emitter (a boto3 Session's `.events`)."""
        events.register("provide-client-params.*.*", self._on_params, unique_id="pg-params")
        events.register("before-call.*.*", self._on_before_call, unique_id="pg-before")
        events.register("after-call.*.*", self._on_after_call, unique_id="pg-after")
        events.register("after-call-error.*.*", self._on_after_error, unique_id="pg-error")

    def _on_params(self, params: dict[str, Any], model: Any, context: dict[str, Any],
                   **_: Any) -> None:
        context[_CONTEXT_KEY] = {
            "service": model.service_model.service_name,
            "operation": model.name,
            "params": redact(params),
            "input_shape": model.input_shape,
            "started": datetime.now(UTC),
            "t0": time.perf_counter(),
            "background": getattr(self._local, "background", False),
        }

    def _on_before_call(self, model: Any, context: dict[str, Any], **_: Any) -> None:
        guard = self.guard
        if guard is not None:
            try:
                guard(model.service_model.service_name, model.name)
            except Exception as exc:
                self._finish(context, ok=False, code=type(exc).__name__, message=str(exc))
                raise

    def _on_after_call(self, http_response: Any, parsed: dict[str, Any], model: Any,
                       context: dict[str, Any], **_: Any) -> None:
        error = parsed.get("Error") if isinstance(parsed, dict) else None
        status = getattr(http_response, "status_code", 200)
        if error or status >= 300:
            err = error or {}
            self._finish(context, ok=False, code=str(err.get("Code") or status),
                         message=str(err.get("Message") or ""))
        else:
            self._finish(context, ok=True)

    def _on_after_error(self, exception: BaseException, context: dict[str, Any],
                        **_: Any) -> None:
        self._finish(context, ok=False, code=type(exception).__name__, message=str(exception))

    def _finish(self, context: dict[str, Any], *, ok: bool, code: str | None = None,
                message: str | None = None) -> None:
        call = context.pop(_CONTEXT_KEY, None)
        if call is None:
            return
        record = CallRecord(
            seq=next(self._seq),
            started=call["started"],
            service=call["service"],
            operation=call["operation"],
            params=call["params"],
            duration_ms=(time.perf_counter() - call["t0"]) * 1000.0,
            ok=ok,
            error_code=code,
            error_message=message,
            context=self.context,
            input_shape=call["input_shape"],
            background=call["background"],
        )
        with self._lock:
            self._records.append(record)
            listeners = list(self._listeners)
        for listener in listeners:
            listener(record)
