"""Every dialog fits the smallest screen it must work on (80x24, a speaker's big font): its box
and every button in it are inside the screen. Several dialogs were 90 columns wide, so at 80 the
Step Functions "Start an execution" dialog lost its Cancel button and the end of its labels."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from textual.screen import Screen
from textual.widgets import Button

from playground.aws.kinesis.service import Shard
from playground.aws.kinesis.start import StartPosition
from playground.aws.stepfunctions.samples import load_samples
from playground.ui.common.dialogs import ConfirmDialog, PromptDialog
from playground.ui.datalake.dialogs import NewBucketDialog, NewDeliveryStreamDialog
from playground.ui.events.dialogs import (
    ArchiveDialog,
    NewBusDialog,
    ReplayDialog,
    RuleDialog,
    TargetDialog,
)
from playground.ui.kinesis.dialogs import NewStreamDialog, RetentionDialog, SplitDialog, StartDialog
from playground.ui.lambda_.dialogs import MappingDialog, NewFunctionDialog
from playground.ui.sns.dialogs import FilterPolicyDialog, NewTopicDialog, SubscribeDialog
from playground.ui.sqs.create_queue import CreateQueueDialog
from playground.ui.stepfunctions.dialogs import NewMachineDialog, StartExecutionDialog
from playground.ui.stepfunctions.try_dialog import TryStarted, TryStateDialog
from playground.ui.stepfunctions.worker_dialog import ActivityWorkerDialog
from tests.ui.helpers import make_app, settle

LONG = "order-events-" + "x" * 60
"""A long name, as a learner may type or a target hold: it must wrap or be cut, not widen."""

DIALOGS: dict[str, Callable[[Any], Screen[Any]]] = {
    "confirm": lambda t: ConfirmDialog(f"Delete {LONG}?", "It goes for good. " * 8),
    "prompt": lambda t: PromptDialog(f"Rename {LONG}", "e.g. orders"),
    "sqs new queue": lambda t: CreateQueueDialog([]),
    "sns new topic": lambda t: NewTopicDialog(),
    "sns subscribe": lambda t: SubscribeDialog(LONG, False, "billing"),
    "sns filter policy": lambda t: FilterPolicyDialog(LONG, {"type": ["order"]}, "MessageAttributes"),
    "events new bus": lambda t: NewBusDialog(),
    "events rule": lambda t: RuleDialog(LONG),
    "events target": lambda t: TargetDialog(LONG),
    "events archive": lambda t: ArchiveDialog(LONG),
    "events replay": lambda t: ReplayDialog(LONG, "replay-1"),
    "sfn new machine": lambda t: NewMachineDialog(load_samples(), t),
    "sfn start": lambda t: StartExecutionDialog(LONG, '{"id": "o-1", "total": 42}'),
    "sfn start express": lambda t: StartExecutionDialog(LONG, "{}", express=True),
    "sfn try state": lambda t: TryStateDialog(t, TryStarted(state='{"Type": "Pass"}', input="{}"),
                                              about=f"Validate of {LONG}"),
    "sfn activity worker": lambda t: ActivityWorkerDialog(t),
    "kinesis new stream": lambda t: NewStreamDialog(),
    "kinesis retention": lambda t: RetentionDialog(LONG, 24),
    "kinesis split": lambda t: SplitDialog(Shard("shardId-000000000000", 0, 2**128 - 1, None, None,
                                                 True)),
    "kinesis start": lambda t: StartDialog(StartPosition(), ["shardId-000000000000"],
                                           clock=lambda: 1_700_000_000.0),
    "lambda new function": lambda t: NewFunctionDialog(),
    "lambda mapping": lambda t: MappingDialog(LONG, {"jobs": "arn:aws:sqs:us-east-1:0:jobs"},
                                              {"clicks": "arn:aws:kinesis:us-east-1:0:stream/c"}),
    "data lake bucket": lambda t: NewBucketDialog(),
    "data lake delivery stream": lambda t: NewDeliveryStreamDialog(["lake"], ["clicks"], "lake"),
}


async def test_every_dialog_and_its_buttons_fit_at_80x24(target: Any) -> None:
    """The smallest size only: a dialog is at most 90 columns and 95% high, so what fits here
    fits on every larger screen."""
    app = make_app(target)
    cut: dict[str, list[str]] = {}
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        screen_region = app.screen.region
        for name, make in DIALOGS.items():
            dialog = make(target)
            await app.push_screen(dialog)
            await settle(pilot)
            boxes = [w for w in dialog.query(".dialog, .help")] or list(dialog.children)
            problems = [f"box {box.region}" for box in boxes
                        if box.region.right > screen_region.right
                        or box.region.bottom > screen_region.bottom]
            problems += [f"button {str(b.label)!r} at {b.region}" for b in dialog.query(Button)
                         if b.display and b.region and not screen_region.contains_region(b.region)]
            if problems:
                cut[name] = problems
            app.pop_screen()
            await settle(pilot)
    assert cut == {}
