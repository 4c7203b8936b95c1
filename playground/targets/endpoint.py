"""Any AWS-compatible endpoint (moto_server, floci, ministack run by hand, ...)."""

from __future__ import annotations

import ipaddress
import socket
from typing import TYPE_CHECKING, Any, ClassVar
from urllib.parse import urlparse

from playground.aws.render import EMULATOR_KEY_ID, EMULATOR_SECRET
from playground.targets.base import Target, TargetKind
from playground.targets.errors import TargetError

if TYPE_CHECKING:
    import boto3


ALIVE_TIMEOUT_S = 1.0


def is_local(host: str | None) -> bool:
    """A host on this machine: asking it every second costs nothing worth naming."""
    if host in ("localhost", "localhost.localstack.cloud"):
        return True
    try:
        return ipaddress.ip_address(host or "").is_loopback
    except ValueError:
        return False


def check_url(url: str) -> str:
    parsed = urlparse(url)
    if parsed.scheme not in ("http", "https") or not parsed.hostname:
        raise TargetError(f"not an endpoint URL: {url!r} (expected e.g. http://localhost:4566)")
    return url.rstrip("/")


class EndpointTarget(Target):
    kind: ClassVar[TargetKind] = TargetKind.ENDPOINT

    def __init__(self, url: str, region: str = "us-east-1", **kwargs: Any) -> None:
        super().__init__(region, **kwargs)
        self.url = check_url(url)

    @property
    def label(self) -> str:
        parsed = urlparse(self.url)
        return f"endpoint {parsed.hostname}:{parsed.port or (443 if parsed.scheme == 'https' else 80)}"

    @property
    def endpoint_url(self) -> str | None:
        return self.url

    @property
    def _address(self) -> tuple[str, int]:
        parsed = urlparse(self.url)
        return parsed.hostname or "", parsed.port or (443 if parsed.scheme == "https" else 80)

    @property
    def watches_liveness(self) -> bool:
        return is_local(self._address[0])

    def probe_alive(self) -> str | None:
        """Something accepts connections on the endpoint's port: the lightest check there is."""
        try:
            with socket.create_connection(self._address, timeout=ALIVE_TIMEOUT_S):
                return None
        except OSError:
            return f"nothing answers at {self.url}"

    def _make_session(self) -> boto3.Session:
        import boto3

        return boto3.Session(aws_access_key_id=EMULATOR_KEY_ID,
                             aws_secret_access_key=EMULATOR_SECRET, region_name=self.region)

    def start(self, progress: Any = None) -> None:
        from botocore.exceptions import EndpointConnectionError

        try:
            super().start(progress)
        except TargetError as exc:
            if isinstance(exc.__cause__, EndpointConnectionError):
                raise TargetError(f"nothing answers at {self.url}: is it running?") from exc
            raise
