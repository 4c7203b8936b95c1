"""Typed messages the Lambda workbench's thread workers post back to the screen."""

from __future__ import annotations

from dataclasses import dataclass, field

from textual.message import Message

from playground.aws.lambda_.batches import BisectRun
from playground.aws.lambda_.service import Function, InvokeResult, Mapping
from playground.aws.lambda_.tail import Invocation
from playground.aws.lambda_.triggers import Trigger


@dataclass
class FunctionsRefreshed(Message):
    """The functions, and for the watched one its mappings, triggers and latest invocations."""

    functions: list[Function]
    watched: str | None = None
    mappings: list[Mapping] = field(default_factory=list)
    triggers: list[Trigger] = field(default_factory=list)
    invocations: list[Invocation] = field(default_factory=list)
    error: str | None = None

    def can_replace(self, message: Message) -> bool:
        return isinstance(message, FunctionsRefreshed)


@dataclass
class SourceLoaded(Message):
    """The deployed handler's text (None when the target gives no package to read)."""

    function: str
    source: str | None
    error: str | None = None


@dataclass
class Invoked(Message):
    function: str
    result: InvokeResult | None
    error: str | None = None


@dataclass
class LambdaChanged(Message):
    """A create, deploy, mapping change or delete finished (or failed, with `error`)."""

    text: str
    error: bool = False
    select: str | None = None


@dataclass
class RoleNeeded(Message):
    """On a real account the execution role does not exist yet: ask before making it."""

    explanation: str
    request: object


@dataclass
class SourcesListed(Message):
    """Queues and streams a mapping can read, by name with their ARNs."""

    queues: dict[str, str]
    streams: dict[str, str]
    error: str | None = None


@dataclass
class BisectReplayed(Message):
    """A stream's records replayed through the function as a bisecting mapping splits them."""

    function: str
    stream: str
    run: BisectRun | None
    error: str | None = None
