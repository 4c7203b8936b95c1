"""Settings: typed dataclasses, a YAML file in the XDG config dir, env-var overrides.

Checked by hand rather than with pydantic: the settings are read before the first frame, and
pydantic's import alone cost more than the rest of what the first frame needs. The models keep
the few pydantic names the code uses (`model_validate`, `model_copy`, `model_fields`).
"""

from __future__ import annotations

import dataclasses
import os
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, ClassVar, Literal, TypeVar

TargetName = Literal["embedded", "localstack", "endpoint", "aws"]
TARGET_NAMES: tuple[str, ...] = ("embedded", "localstack", "endpoint", "aws")

Loc = tuple[str | int, ...]
M = TypeVar("M", bound="_Model")


class SettingsInvalid(ValueError):
    """What is wrong with a settings mapping: every problem with where it is (`loc`)."""

    def __init__(self, problems: list[tuple[Loc, str]]) -> None:
        self.problems = problems
        super().__init__("; ".join(f"{'.'.join(map(str, loc))}: {msg}" for loc, msg in problems))

    def errors(self) -> list[dict[str, Any]]:
        return [{"loc": loc, "msg": msg} for loc, msg in self.problems]


class _Bad(Exception):
    def __init__(self, message: str, loc: Loc = ()) -> None:
        super().__init__(message)
        self.message, self.loc = message, loc


Check = Callable[[Any], Any]


def _account_id(value: object) -> str:
    # YAML reads 123456789012 as a number: fine, but one with a leading zero lost it.
    text = str(value) if isinstance(value, int) and not isinstance(value, bool) else value
    if not isinstance(text, str) or len(text) != 12 or not text.isascii() or not text.isdigit():
        raise _Bad("an account id is twelve digits; quote it if it starts with 0, "
                   "e.g. \"012345678901\"")
    return text


def _string(value: object) -> str:
    if not isinstance(value, str):
        raise _Bad("input should be a valid string")
    return value


def _optional_string(value: object) -> str | None:
    return None if value is None else _string(value)


def _boolean(value: object) -> bool:
    if not isinstance(value, bool):
        raise _Bad("input should be a valid boolean (true or false)")
    return value


def _port(value: object) -> int | None:
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int):
        raise _Bad("input should be a valid integer")
    if not 1 <= value <= 65535:
        raise _Bad("input should be from 1 to 65535")
    return value


def _target_name(value: object) -> str:
    if value not in TARGET_NAMES:
        raise _Bad("input should be " + ", ".join(f"'{n}'" for n in TARGET_NAMES[:-1])
                   + f" or '{TARGET_NAMES[-1]}'")
    return str(value)


def _list_of(item: Check) -> Check:
    def check(value: object) -> list[Any]:
        if not isinstance(value, list):
            raise _Bad("input should be a valid list")
        out = []
        for i, entry in enumerate(value):
            try:
                out.append(item(entry))
            except _Bad as bad:
                raise _Bad(bad.message, (i, *bad.loc)) from None
        return out
    return check


def _names_to_strings(value: object) -> dict[str, str]:
    if not isinstance(value, dict):
        raise _Bad("input should be a valid dictionary")
    out = {}
    for key, entry in value.items():
        if not isinstance(key, str):
            raise _Bad("keys should be valid strings", (str(key),))
        if not isinstance(entry, str):
            raise _Bad("input should be a valid string", (key,))
        out[key] = entry
    return out


def _nested(value: object) -> object:
    """A settings section: checked by its own model (see _NESTED)."""
    return value


class _Model:
    """The part of pydantic's BaseModel the settings use, on a dataclass."""

    CHECKS: ClassVar[dict[str, Check]]
    model_fields: ClassVar[dict[str, Any]]

    @classmethod
    def model_validate(cls: type[M], data: object) -> M:
        problems: list[tuple[Loc, str]] = []
        model = cls._validate(data, (), problems)
        if problems or model is None:
            raise SettingsInvalid(problems or [((), "input should be a mapping")])
        return model

    @classmethod
    def _validate(cls: type[M], data: object, loc: Loc,
                  problems: list[tuple[Loc, str]]) -> M | None:
        if isinstance(data, cls):
            return data
        if not isinstance(data, dict):
            problems.append((loc, "input should be a mapping"))
            return None
        values: dict[str, Any] = {}
        for key, value in data.items():
            where = (*loc, key if isinstance(key, (str, int)) else str(key))
            check = cls.CHECKS.get(key) if isinstance(key, str) else None
            if check is None:
                problems.append((where, "extra inputs are not permitted"))
                continue
            nested = _NESTED.get((cls.__name__, key))
            if nested is not None:
                model = nested._validate(value, where, problems)
                if model is not None:
                    values[key] = model
                continue
            try:
                values[key] = check(value)
            except _Bad as bad:
                problems.append(((*where, *bad.loc), bad.message))
        return cls(**values)

    def model_copy(self: M, *, update: dict[str, Any] | None = None) -> M:
        return dataclasses.replace(self, **(update or {}))  # type: ignore[type-var]


@dataclass
class TargetSettings(_Model):
    kind: TargetName = "embedded"
    """Where calls go when no --target is given."""
    profile: str | None = None
    """AWS profile for the `aws` target (AWS_PROFILE overrides)."""
    region: str | None = None
    """Region; AWS_REGION / AWS_DEFAULT_REGION override, then the profile's, then us-east-1."""
    endpoint_url: str | None = None
    """URL for the `endpoint` target, or a non-default LocalStack."""
    emulator_port: int | None = None
    """Fixed port for the embedded emulator (1-65535); by default a free port is picked."""
    allowed_accounts: list[str] = field(default_factory=list)
    """Real AWS accounts the playground may write to; writes to any other are refused (reads
    are not). Empty: any account, each write still confirmed once per session."""

    CHECKS: ClassVar[dict[str, Check]] = {
        "kind": _target_name, "profile": _optional_string, "region": _optional_string,
        "endpoint_url": _optional_string, "emulator_port": _port,
        "allowed_accounts": _list_of(_account_id)}


@dataclass
class UiSettings(_Model):
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

    CHECKS: ClassVar[dict[str, Check]] = {
        "theme": _string, "call_log": _boolean, "animations": _boolean, "clock": _boolean,
        "cost_meter": _boolean, "present": _boolean}


@dataclass
class Settings(_Model):
    target: TargetSettings = field(default_factory=TargetSettings)
    ui: UiSettings = field(default_factory=UiSettings)
    read_only: bool = False
    """Refuse every call that would change something (safe browsing of real accounts)."""
    resource_prefix: str = "pg-"
    """Prefix of every resource the playground creates on a real account, so teardown is exact."""
    keymap: dict[str, str] = field(default_factory=dict)
    """Binding id to keys, e.g. `{"toggle-call-log": "ctrl+l"}`."""

    CHECKS: ClassVar[dict[str, Check]] = {
        "target": _nested, "ui": _nested, "read_only": _boolean, "resource_prefix": _string,
        "keymap": _names_to_strings}


_NESTED: dict[tuple[str, str], type[_Model]] = {
    ("Settings", "target"): TargetSettings, ("Settings", "ui"): UiSettings}
for _model in (TargetSettings, UiSettings, Settings):
    _model.model_fields = {f.name: f for f in dataclasses.fields(_model)}


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
    if path is None:
        from playground.locations import config_file

        path = config_file()
    if not path.exists():
        return apply_env(Settings())
    from playground.safe_yaml import YamlProblem, field_path, read_yaml_file  # only with a file

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
    except SettingsInvalid as exc:
        loc, message = exc.problems[0]
        if len(exc.problems) > 1:
            message += f" (and {len(exc.problems) - 1} more)"
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
