"""The workbenches, one row a service: the table the home screen and the palette read.

Each row names its screen through a small loader function, so opening the home screen does not
import seven workbenches, and a broken workbench fails loudly instead of being skipped.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from playground.ui.common.screen import PlaygroundScreen


def _sqs() -> type[PlaygroundScreen]:
    from playground.ui.sqs.screen import SqsWorkbench

    return SqsWorkbench


def _sns() -> type[PlaygroundScreen]:
    from playground.ui.sns.screen import SnsWorkbench

    return SnsWorkbench


def _events() -> type[PlaygroundScreen]:
    from playground.ui.events.screen import EventsWorkbench

    return EventsWorkbench


def _stepfunctions() -> type[PlaygroundScreen]:
    from playground.ui.stepfunctions.screen import StepFunctionsWorkbench

    return StepFunctionsWorkbench


def _kinesis() -> type[PlaygroundScreen]:
    from playground.ui.kinesis.screen import KinesisWorkbench

    return KinesisWorkbench


def _lambda() -> type[PlaygroundScreen]:
    from playground.ui.lambda_.screen import LambdaWorkbench

    return LambdaWorkbench


def _datalake() -> type[PlaygroundScreen]:
    from playground.ui.datalake.screen import DataLakeWorkbench

    return DataLakeWorkbench


@dataclass(frozen=True)
class Workbench:
    key: str
    title: str
    blurb: str
    screen: Callable[[], type[PlaygroundScreen]]
    """Imports and returns the workbench's screen class."""
    parity_keys: tuple[str, ...] = ()
    """Capabilities the workbench relies on; where the target lacks one, a parity note shows."""


WORKBENCHES: tuple[Workbench, ...] = (
    Workbench("sqs", "SQS", "queues: send, consume, visibility timeouts, DLQs, FIFO", _sqs,
              ("message-move-task",)),
    Workbench("sns", "SNS", "pub/sub: publish once, watch every subscriber (or why not)", _sns),
    Workbench("events", "EventBridge", "buses, rules and patterns, targets, archive/replay",
              _events, ("transformer-string-vars", "replay")),
    Workbench("stepfunctions", "Step Functions", "state machines, executions state by state",
              _stepfunctions, ("nested-history", "activities", "jsonata", "lambda")),
    Workbench("kinesis", "Kinesis", "streams and shards, partition keys, split/merge", _kinesis,
              ("split-keeps-parent", "subscribe-to-shard")),
    Workbench("lambda", "Lambda", "functions: edit, deploy, invoke, live tail, event sources",
              _lambda, ("lambda", "kinesis-bisect", "lambda-node")),
    Workbench("datalake", "Data lake", "Firehose into S3: delivery streams, objects landing",
              _datalake, ("firehose-buffering", "firehose-kinesis-source")),
)
BY_KEY: dict[str, Workbench] = {w.key: w for w in WORKBENCHES}
