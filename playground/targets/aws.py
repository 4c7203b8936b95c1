"""A real AWS account through a named profile: shown loud, writes confirmed, resources tagged."""

from __future__ import annotations

import shlex
from typing import TYPE_CHECKING, Any, ClassVar

from playground.targets.base import Progress, Target, TargetKind, describe_client_error
from playground.targets.errors import TargetError

if TYPE_CHECKING:
    import boto3

_EXPIRED_CODES = {"ExpiredToken", "ExpiredTokenException", "RequestExpired"}
_BAD_CREDENTIAL_CODES = {"InvalidClientTokenId", "SignatureDoesNotMatch", "UnrecognizedClientException",
                         "AccessDenied", "InvalidAccessKeyId"}


def available_profiles() -> list[str]:
    import botocore.session

    try:
        return sorted(botocore.session.Session().available_profiles)
    except Exception:  # a broken ~/.aws/config must not break the palette
        return []


class AwsTarget(Target):
    kind: ClassVar[TargetKind] = TargetKind.AWS
    is_real: ClassVar[bool] = True

    def __init__(self, profile: str | None = None, region: str | None = None,
                 **kwargs: Any) -> None:
        self._profile = profile
        super().__init__(region or "", **kwargs)

    @property
    def label(self) -> str:
        return f"AWS profile {self._profile}" if self._profile else "AWS (default credentials)"

    @property
    def profile(self) -> str | None:
        return self._profile

    @property
    def endpoint_url(self) -> str | None:
        return None

    def _make_session(self) -> boto3.Session:
        import boto3
        from botocore.exceptions import ProfileNotFound

        try:
            session = boto3.Session(profile_name=self._profile, region_name=self.region or None)
        except ProfileNotFound as exc:
            known = ", ".join(available_profiles()) or "none configured"
            raise TargetError(f"unknown AWS profile {self._profile!r} (profiles: {known})") from exc
        if not self.region:
            self.region = session.region_name or ""
        if not self.region:
            raise TargetError(f"{self.label} has no region: pass --region or set one in ~/.aws/config")
        return session

    def start(self, progress: Progress | None = None) -> None:
        from botocore.exceptions import (
            BotoCoreError,
            ClientError,
            NoCredentialsError,
            SSOError,
            TokenRetrievalError,
        )

        # Commands to paste: the real profile name (quoted for a shell), none when the default
        # credential chain is in use.
        profile = f" --profile {shlex.quote(self._profile)}" if self._profile else ""
        login, configure = f"aws sso login{profile}", f"aws configure{profile}"
        try:
            self.session()
            ident = self.client("sts").get_caller_identity()
        except TargetError:
            raise
        except (SSOError, TokenRetrievalError) as exc:
            raise TargetError(f"the SSO session for {self.label} has expired: run `{login}`") from exc
        except NoCredentialsError as exc:
            raise TargetError(f"no credentials for {self.label}: configure the profile "
                              f"(`{configure}` or `{login}`)") from exc
        except ClientError as exc:
            code = exc.response.get("Error", {}).get("Code", "")
            if code in _EXPIRED_CODES:
                raise TargetError(f"the credentials of {self.label} have expired: refresh them "
                                  f"(for SSO: `{login}`)") from exc
            if code in _BAD_CREDENTIAL_CODES:
                raise TargetError(f"{self.label} was refused by AWS: {describe_client_error(exc)}"
                                  ) from exc
            raise TargetError(f"{self.label}: {describe_client_error(exc)}") from exc
        except BotoCoreError as exc:
            raise TargetError(f"{self.label}: {exc}") from exc
        self.account_id = str(ident.get("Account", "")) or None
        self.recorder.context = self.call_context()
        from playground.targets.base import TargetStatus

        self.status = TargetStatus("ready")
