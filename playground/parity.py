"""Parity notes: where the current target behaves unlike AWS, told where the learner looks.

Each note is keyed by a probed capability (playground.targets.probes). When the target lacks
it, screens and lab steps that depend on it show the note. The AWS side of every note comes
from the AWS documentation named in `source`.
"""

from __future__ import annotations

from dataclasses import dataclass

from playground.targets.base import Capability


@dataclass(frozen=True)
class ParityNote:
    capability: str
    on_this_target: str
    on_aws: str
    source: str

    def text(self) -> str:
        return f"On this target, {self.on_this_target}; on AWS, {self.on_aws}."


NOTES: dict[str, ParityNote] = {n.capability: n for n in (
    ParityNote(
        "message-move-task",
        "SQS has no StartMessageMoveTask, so the playground redrives a DLQ by receiving and "
        "re-sending each message (new message ids, receive counts start again)",
        "StartMessageMoveTask moves the messages server-side back to their source queue",
        "https://docs.aws.amazon.com/AWSSimpleQueueService/latest/APIReference/"
        "API_StartMessageMoveTask.html"),
    ParityNote(
        "nested-history",
        "the execution history leaves out the states inside Map and Parallel",
        "the history has an event for each state inside them (MapIterationStarted, "
        "PassStateEntered, ...)",
        "https://docs.aws.amazon.com/step-functions/latest/apireference/API_HistoryEvent.html"),
    ParityNote(
        "split-keeps-parent",
        "splitting or merging shards deletes the parent shard and the records in it",
        "the parent shard stays, CLOSED, with its records readable until the retention period "
        "ends",
        "https://docs.aws.amazon.com/streams/latest/dev/kinesis-using-sdk-java-after-resharding.html"),
    ParityNote(
        "transformer-string-vars",
        "an input transformer that puts a variable inside a quoted template string (\"<name>, "
        "your order…\") produces invalid JSON and the event is dropped",
        "the value is put inside the string as it is, and the target gets valid JSON",
        "https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-transform-target-input.html"),
    ParityNote(
        "replay",
        "StartReplay fails with an internal error once the archive holds events",
        "a replay sends the archived events of the time window back to the bus, marked with "
        "replay-name",
        "https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-replay-archived-event.html"),
    ParityNote(
        "subscribe-to-shard",
        "enhanced fan-out (SubscribeToShard) does not deliver records",
        "a registered consumer gets records pushed over SubscribeToShard",
        "https://docs.aws.amazon.com/kinesis/latest/APIReference/API_SubscribeToShard.html"),
    ParityNote(
        "activities",
        "Step Functions activities are not available",
        "an activity worker polls GetActivityTask and answers with SendTaskSuccess/Failure",
        "https://docs.aws.amazon.com/step-functions/latest/dg/concepts-activities.html"),
    ParityNote(
        "express-sync-billing",
        "StartSyncExecution answers without billingDetails",
        "the answer of a synchronous Express execution has billingDetails: "
        "billedDurationInMilliseconds and billedMemoryUsedInMB",
        "https://docs.aws.amazon.com/step-functions/latest/apireference/"
        "API_StartSyncExecution.html"),
    ParityNote(
        "test-state",
        "there is no TestState, so one state cannot be tried on its own",
        "TestState runs one state with an input and shows its output, next state and (at "
        "DEBUG) each step of its input and output processing",
        "https://docs.aws.amazon.com/step-functions/latest/apireference/API_TestState.html"),
    ParityNote(
        "jsonata",
        "JSONata state machines do not run",
        "QueryLanguage JSONata is supported alongside JSONPath",
        "https://docs.aws.amazon.com/step-functions/latest/dg/transforming-data.html"),
    ParityNote(
        "firehose-buffering",
        "Firehose writes each record (or each PutRecordBatch) to S3 as its own object at once, "
        "whatever the buffering hints say",
        "Firehose buffers records and writes one object when the buffer reaches SizeInMBs or "
        "IntervalInSeconds has passed, whichever comes first (5 MiB and 300 s by default)",
        "https://docs.aws.amazon.com/firehose/latest/APIReference/API_BufferingHints.html"),
    ParityNote(
        "firehose-kinesis-source",
        "a delivery stream whose source is a Kinesis stream fails to start (CREATING_FAILED: "
        "LocalStack reads the stream with a KCL process it cannot run without Docker)",
        "Firehose reads the Kinesis stream and delivers its records to the destination",
        "https://docs.aws.amazon.com/firehose/latest/dev/writing-with-kinesis-streams.html"),
    ParityNote(
        "kinesis-bisect",
        "a Kinesis event source mapping retries a failing batch whole, again and again: "
        "BisectBatchOnFunctionError and MaximumRetryAttempts have no effect, so one poison "
        "record holds up its shard",
        "the mapping splits a failing batch in two and retries each half, until the poison "
        "record is alone; after MaximumRetryAttempts it is discarded (to the OnFailure "
        "destination) and the shard moves on",
        "https://docs.aws.amazon.com/lambda/latest/dg/kinesis-on-failure-destination.html"),
    ParityNote(
        "lambda-node",
        "Node.js functions cannot run (the embedded emulator runs them with the host's `node`, "
        "which is not installed), so the workbench offers only Python templates",
        "Lambda runs the nodejs runtimes as it runs Python",
        "https://docs.aws.amazon.com/lambda/latest/dg/lambda-runtimes.html"),
    ParityNote(
        "lambda",
        "Lambda functions cannot run",
        "Lambda runs the function and returns its result",
        "https://docs.aws.amazon.com/lambda/latest/api/API_Invoke.html"),
)}


def notes_for(capabilities: list[Capability], wanted: list[str] | None = None) -> list[ParityNote]:
    """Notes for the capabilities this target lacks (optionally only those `wanted`)."""
    missing = {c.name for c in capabilities if not c.available and "not probed" not in c.note}
    keys = [k for k in (wanted or list(NOTES)) if k in missing and k in NOTES]
    return [NOTES[k] for k in keys]
