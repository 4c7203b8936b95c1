"""Check kinds, solution actions and `python:` functions, registered by name with a decorator."""

from __future__ import annotations

import inspect
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, TypeVar, get_type_hints

from pydantic import BaseModel, ConfigDict, create_model

F = TypeVar("F", bound=Callable[..., Any])


@dataclass(frozen=True)
class CheckResult:
    """What one check found: whether it holds, and a sentence a learner can act on."""

    passed: bool
    message: str


def passed(message: str) -> CheckResult:
    return CheckResult(True, message)


def failed(message: str) -> CheckResult:
    return CheckResult(False, message)


@dataclass(frozen=True)
class Registered:
    name: str
    func: Callable[..., Any]
    params: type[BaseModel]
    """Built from the function's keyword parameters; validates a YAML entry's other keys."""
    service: str | None = None
    """The service it talks to; a lab must list it in `services`."""
    creates: str | None = None
    """For actions that create a resource: the parameter holding its name (must use {prefix})."""
    resource: str | None = None
    """What it creates, in the user's words (queue, stream, ...): a lab's plan lists it."""

    @property
    def summary(self) -> str:
        doc = inspect.getdoc(self.func) or ""
        return doc.splitlines()[0] if doc else ""

    def validate(self, params: dict[str, Any]) -> dict[str, Any]:
        """Checked, typed keyword arguments; raises pydantic.ValidationError."""
        model = self.params.model_validate(params)
        return {name: getattr(model, name) for name in type(model).model_fields}


CHECKS: dict[str, Registered] = {}
ACTIONS: dict[str, Registered] = {}
FUNCTIONS: dict[str, Registered] = {}


def _params_model(name: str, func: Callable[..., Any]) -> type[BaseModel]:
    """Every parameter after the first (the context) becomes a field of a strict model."""
    hints = get_type_hints(func)
    fields: dict[str, Any] = {}
    for param in list(inspect.signature(func).parameters.values())[1:]:
        if param.kind in (param.VAR_KEYWORD, param.VAR_POSITIONAL):
            continue
        default = ... if param.default is inspect.Parameter.empty else param.default
        fields[param.name] = (hints.get(param.name, Any), default)
    model: type[BaseModel] = create_model(
        f"{name}_params", __config__=ConfigDict(extra="forbid", strict=False), **fields)
    return model


def _register(table: dict[str, Registered], name: str, service: str | None,
              creates: str | None, resource: str | None = None) -> Callable[[F], F]:
    def decorate(func: F) -> F:
        if name in table and table[name].func is not func:
            raise ValueError(f"{name!r} is registered twice")
        table[name] = Registered(name, func, _params_model(name, func), service, creates,
                                 resource)
        return func

    return decorate


def check(name: str, *, service: str | None = None) -> Callable[[F], F]:
    """Register `func(ctx, **params) -> CheckResult` as check kind `name`."""
    return _register(CHECKS, name, service, None)


def action(name: str, *, service: str | None = None, creates: str | None = None,
           resource: str | None = None) -> Callable[[F], F]:
    """Register `func(ctx, **params) -> str` (what it did, in words) as solution action `name`."""
    return _register(ACTIONS, name, service, creates, resource)


def lab_function(name: str, *, service: str | None = None, creates: str | None = None,
                 resource: str | None = None) -> Callable[[F], F]:
    """Register a `python:` escape-hatch function: `func(ctx, **params) -> str`."""
    return _register(FUNCTIONS, name, service, creates, resource)


BUILTIN_MODULES = (
    "playground.lab.checks.sqs", "playground.lab.checks.sns", "playground.lab.checks.events",
    "playground.lab.checks.stepfunctions", "playground.lab.checks.kinesis",
    "playground.lab.actions.sqs", "playground.lab.actions.sns", "playground.lab.actions.events",
    "playground.lab.actions.stepfunctions", "playground.lab.actions.kinesis",
    "playground.lab.checks.lambda_", "playground.lab.actions.lambda_",
    "playground.lab.checks.firehose", "playground.lab.checks.s3",
    "playground.lab.actions.firehose", "playground.lab.actions.s3",
)
"""Every check kind, action and `python:` function that ships: checks/<service>.py and
actions/<service>.py for each service."""


def load_builtins() -> None:
    """Import the modules whose decorators register checks, actions and `python:` functions."""
    import importlib

    for name in BUILTIN_MODULES:
        importlib.import_module(name)


def unmet(actual: float, *, equals: float | None = None, at_least: float | None = None,
          at_most: float | None = None) -> str | None:
    """What the step wants that `actual` does not give, in words; None when it is satisfied."""
    if equals is not None and actual != equals:
        return f"the step wants exactly {equals:g}"
    if at_least is not None and actual < at_least:
        return f"the step wants at least {at_least:g}"
    if at_most is not None and actual > at_most:
        return f"the step wants at most {at_most:g}"
    return None


def plural(n: float, word: str) -> str:
    return f"{n:g} {word}" + ("" if n == 1 else "s")


Scalar = str | int | bool
"""What a YAML attribute value may be; AWS wants it as text (see `as_text`)."""


def as_text(value: object) -> str:
    """A YAML scalar as AWS writes attribute values (`true`, `20`)."""
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def text_map(values: dict[str, Scalar] | None) -> dict[str, str]:
    """YAML attributes as the text values SQS and SNS take."""
    return {k: as_text(v) for k, v in (values or {}).items()}
