"""An existing LocalStack, found the way localstack-client finds it."""

from __future__ import annotations

import urllib.error
from typing import Any, ClassVar

from playground.targets.base import Capability, Progress, TargetKind
from playground.targets.emulator import http_json
from playground.targets.endpoint import EndpointTarget
from playground.targets.errors import TargetError

DEFAULT_LOCALSTACK_URL = "http://localhost:4566"


def localstack_url(explicit: str | None = None) -> str:
    """`--endpoint-url`, else what localstack-client resolves: AWS_ENDPOINT_URL, else
    LOCALSTACK_HOST (host or host:port, default port 4566) with https when USE_SSL is set,
    else http://localhost:4566. Asking the package keeps us on LocalStack's own conventions."""
    if explicit:
        return explicit
    # Lazy: localstack_client imports boto3, which only a started target needs.
    from localstack_client import config as localstack_config

    try:
        url = localstack_config.get_service_endpoint("edge")
    except RuntimeError as exc:  # LOCALSTACK_HOST that is not host[:port]
        raise TargetError(f"LOCALSTACK_HOST: {exc} (e.g. localhost:4566)") from None
    return str(url or DEFAULT_LOCALSTACK_URL)


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
