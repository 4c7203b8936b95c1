"""An existing LocalStack, found the way localstack-client finds it."""

from __future__ import annotations

import os
import urllib.error
from typing import Any, ClassVar

from playground.targets.base import Capability, Progress, TargetKind
from playground.targets.emulator import http_json
from playground.targets.endpoint import EndpointTarget
from playground.targets.errors import TargetError

DEFAULT_LOCALSTACK_URL = "http://localhost:4566"


def localstack_url(explicit: str | None = None) -> str:
    """`--endpoint-url`, then AWS_ENDPOINT_URL, then LOCALSTACK_HOST, then localhost:4566."""
    if explicit:
        return explicit
    if os.environ.get("AWS_ENDPOINT_URL"):
        return os.environ["AWS_ENDPOINT_URL"]
    host = os.environ.get("LOCALSTACK_HOST")
    if host:
        return host if "://" in host else f"http://{host if ':' in host else host + ':4566'}"
    return DEFAULT_LOCALSTACK_URL


class LocalStackTarget(EndpointTarget):
    kind: ClassVar[TargetKind] = TargetKind.LOCALSTACK
    supports_peek: ClassVar[bool] = False

    def __init__(self, url: str | None = None, region: str = "us-east-1", **kwargs: Any) -> None:
        super().__init__(localstack_url(url), region, **kwargs)
        self.services: dict[str, str] = {}
        self.version = ""

    @property
    def label(self) -> str:
        return "LocalStack" + ("" if self.url == DEFAULT_LOCALSTACK_URL else f" {self.url}")

    def start(self, progress: Progress | None = None) -> None:
        try:
            health = http_json(self.url + "/_localstack/health", timeout=2.0)
        except (urllib.error.URLError, OSError) as exc:
            raise TargetError(f"no LocalStack answers at {self.url}: start it, or pass "
                              "--endpoint-url") from exc
        except ValueError as exc:
            raise TargetError(f"{self.url} answers but is not LocalStack") from exc
        self.services = dict(health.get("services", {})) if isinstance(health, dict) else {}
        self.version = str(health.get("version", "")) if isinstance(health, dict) else ""
        super().start(progress)

    def capabilities(self) -> list[Capability]:
        return [Capability("reset", False, "LocalStack community has no state reset; lab reset "
                           "deletes what each lab made"),
                Capability("peek", False, "LocalStack has no peek: receive instead")]
