"""Settings: a typed model, a YAML file in the XDG config dir, env-var overrides."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Annotated, Literal

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, ValidationError

from playground.locations import config_file
from playground.safe_yaml import YamlProblem, field_path, read_yaml_file

TargetName = Literal["embedded", "localstack", "endpoint", "aws"]


def _account_id(value: object) -> str:
    # YAML reads 123456789012 as a number: fine, but one with a leading zero lost it.
    text = str(value) if isinstance(value, int) and not isinstance(value, bool) else value
    if not isinstance(text, str) or len(text) != 12 or not text.isascii() or not text.isdigit():
        raise ValueError("an account id is twelve digits; quote it if it starts with 0, "
                         "e.g. \"012345678901\"")
    return text


AccountId = Annotated[str, BeforeValidator(_account_id)]
"""An AWS account id: twelve digits."""


class TargetSettings(BaseModel):
    model_config = ConfigDict(extra="forbid")

    kind: TargetName = "embedded"
    """Where calls go when no --target is given."""
    profile: str | None = None
    """AWS profile for the `aws` target (AWS_PROFILE overrides)."""
    region: str | None = None
    """Region; AWS_REGION / AWS_DEFAULT_REGION override, then the profile's, then us-east-1."""
    endpoint_url: str | None = None
    """URL for the `endpoint` target, or a non-default LocalStack."""
    emulator_port: int | None = Field(default=None, ge=1, le=65535)
    """Fixed port for the embedded emulator; by default a free port is picked."""
    allowed_accounts: list[AccountId] = []
    """Real AWS accounts the playground may write to; writes to any other are refused (reads
    are not). Empty: any account, each write still confirmed once per session."""


class UiSettings(BaseModel):
    model_config = ConfigDict(extra="forbid")

    theme: str = "textual-dark"
    """A Textual theme name (`textual-dark`, `nord`, `gruvbox`, ...)."""
    call_log: bool = False
    """Show the call log pane at start."""
    animations: bool = True
    """Turn off to make the UI still (snapshot tests, slow terminals)."""
    clock: bool = True
    """Show the clock in the header; tests turn it off for deterministic screens."""
    cost_meter: bool = True
    """Show in the header what the playground's resources and the app's calls cost an hour (on
    an emulator: what they would cost on AWS); tests turn it off for deterministic screens."""
    present: bool = False
    """Start in presenter mode (`--present`): a projector theme, no call log or cost meter, short
    footers, a lab step's text given the room."""


class Settings(BaseModel):
    model_config = ConfigDict(extra="forbid")

    target: TargetSettings = TargetSettings()
    ui: UiSettings = UiSettings()
    read_only: bool = False
    """Refuse every call that would change something (safe browsing of real accounts)."""
    resource_prefix: str = "pg-"
    """Prefix of every resource the playground creates on a real account, so teardown is exact."""
    keymap: dict[str, str] = {}
    """Binding id to keys, e.g. `{"toggle-call-log": "ctrl+l"}`."""


class ConfigError(Exception):
    """The config file cannot be used: `FILE:LINE: FIELD: PROBLEM` on one line, like the lab
    file problems (line and field when known)."""

    def __init__(self, path: Path, problem: str, *, line: int | None = None, field: str = "") -> None:
        self.path, self.problem, self.line, self.field = path, problem, line, field
        where = f"{path}:{line}" if line else str(path)
        text = f"{where}: {field}: {problem}" if field else f"{where}: {problem}"
        super().__init__(" ".join(text.splitlines()))


def load_settings(path: Path | None = None) -> Settings:
    """The settings in `path` (default: `config_file()`), or ConfigError with one line.

    Whatever the file holds (binary, an alias bomb, a list, 10 MB, deep nesting), the answer is
    settings or ConfigError, never another exception: the CLI promises one line and exit 2.
    """
    path = path or config_file()
    if not path.exists():
        return apply_env(Settings())
    try:
        document = read_yaml_file(path)
    except YamlProblem as exc:
        raise ConfigError(path, exc.message, line=exc.line, field=field_path(exc.loc)) from None
    data = {} if document.data is None else document.data
    if not isinstance(data, dict):
        raise ConfigError(path, "expected a mapping (target:, ui:, ...) at the top level",
                          line=document.line_of(()))
    try:
        settings = Settings.model_validate(data)
    except ValidationError as exc:
        errors = exc.errors()
        loc = tuple(p for p in errors[0]["loc"] if isinstance(p, (str, int)))
        message = errors[0]["msg"].removeprefix("Value error, ")  # our own validators' words
        message = message[:1].lower() + message[1:]
        if len(errors) > 1:
            message += f" (and {len(errors) - 1} more)"
        raise ConfigError(path, message, line=document.line_of(loc), field=field_path(loc)) from None
    return apply_env(settings)


def apply_env(settings: Settings) -> Settings:
    """PLAYGROUND_* and the standard AWS_* variables override the file."""
    env = os.environ
    target = settings.target.model_copy()
    if env.get("PLAYGROUND_TARGET"):
        target.kind = env["PLAYGROUND_TARGET"]  # type: ignore[assignment]
    if env.get("AWS_PROFILE"):
        target.profile = env["AWS_PROFILE"]
    region = env.get("AWS_REGION") or env.get("AWS_DEFAULT_REGION")
    if region:
        target.region = region
    if env.get("AWS_ENDPOINT_URL"):
        target.endpoint_url = env["AWS_ENDPOINT_URL"]
        if not env.get("PLAYGROUND_TARGET") and target.kind == "embedded":
            target.kind = "endpoint"
    read_only = settings.read_only or env.get("PLAYGROUND_READ_ONLY", "") in ("1", "true", "yes")
    return settings.model_copy(update={"target": target, "read_only": read_only})
