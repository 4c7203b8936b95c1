"""How a trace sends its message and follows it: one place per service that knows what can be
seen there and what the message becomes on the way (see playground/flows/trace.py).

Every look is a background call (the pacer spaces them on a real account) and nothing here takes
a message from a queue unless the trace was allowed to receive.
"""

from __future__ import annotations

import base64
import json
from collections.abc import Iterator
from datetime import datetime
from typing import TYPE_CHECKING, Any

from playground.flows.hops import TRACE_KEY, Hop, Watch
from playground.flows.model import Edge, FlowMap, Node
from playground.flows.reader import node_for_arn
from playground.flows.trace_events import EventsHops
from playground.flows.trace_sqs import QueueLooks

if TYPE_CHECKING:
    from playground.flows.trace import Trace
    from playground.flows.trace_sfn import Execution


READER_LINGER_S = 3.0
"""How long a trace keeps looking at a queue a function reads, for a message it may miss."""
EXPRESS_NOTE = ("an Express state machine: GetExecutionHistory does not support it (Step "
                "Functions API reference), so the trace cannot follow its states")


def node_title(flows: FlowMap | None, arn: str) -> str:
    if flows is not None and arn in flows.nodes:
        return flows.nodes[arn].title
    return node_for_arn(arn).title


def dumps(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False)


def epoch(value: Any) -> float | None:
    """A target's timestamp (datetime, epoch millis as text) in epoch seconds."""
    if isinstance(value, datetime):
        return value.timestamp()
    try:
        number = float(value)
    except (TypeError, ValueError):
        return None
    return number / 1000.0 if number > 1e11 else number


class Observers:
    """The trace's looks at the target, and what each hop the map predicts opens next."""

    def __init__(self, trace: Trace, flows: FlowMap) -> None:
        self.trace = trace
        self.flows = flows
        self.target = trace.target
        self.tid = trace.trace_id
        self.events = EventsHops(self)
        self.queues = QueueLooks(self)
        self.machine_known: dict[str, set[str]] = {}
        self.executions: dict[str, Execution] = {}
        self.shard_iterators: dict[str, dict[str, str | None]] = {}
        self.problems: set[tuple[str, str]] = set()
        self.cause: float | None = None
        """When what the next deduced hops follow from happened (the send, a state's task):
        a rule matching or a filter policy is not seen, it happens with its cause."""

    # --- before sending: where things are now ---------------------------------------------
    def prepare(self, entry: Node) -> None:
        """Remember what is already there: executions that ran before, where each shard ends,
        how many messages queues hold (where they can only be counted)."""
        for arn in self.reachable(entry.arn):
            node = self.flows.nodes.get(arn) or node_for_arn(arn)
            try:
                with self.background():
                    if node.service == "stepfunctions" and node.label == "state machine":
                        self.machine_known[arn] = {
                            str(e.get("executionArn")) for e in self._sfn().list_executions(arn)}
                    elif node.service == "kinesis":
                        self._start_shards(arn)
                    elif node.service == "sqs":
                        self.queues.prepare(arn)
            except Exception:  # the look fails again later and says why then
                continue

    def reachable(self, start: str) -> list[str]:
        seen, todo = [start], [start]
        while todo:
            for edge in self.flows.outgoing(todo.pop()):
                if edge.target not in seen:
                    seen.append(edge.target)
                    todo.append(edge.target)
        return seen

    def background(self) -> Any:
        return self.target.recorder.background()

    # --- sending ---------------------------------------------------------------------------
    def send(self, node: Node) -> Iterator[Hop]:
        t = self.trace
        body = {**t.payload, TRACE_KEY: self.tid}
        self.cause = t.start
        try:
            if node.service == "events":
                yield from self.events.send(node, t.payload)
            elif node.service == "sns":
                yield from self._publish(node, body)
            elif node.service == "sqs":
                url = self.queue_url(node.arn)
                if url is None:
                    raise ValueError(f"no queue URL for {node.arn}")
                fifo = node.name.endswith(".fifo")
                from playground.aws.sqs.service import SqsService

                SqsService(self.target).send(url, dumps(body), attributes=self._attributes(),
                                             group_id=self.tid if fifo else None,
                                             dedup_id=self.tid if fifo else None)
                yield t.hop(node.arn, "message sent", "reached", payload=dumps(body),
                            happened=t.start, explanation="SendMessage with the trace id in "
                            "the body and as the message attribute " + TRACE_KEY)
                yield from self.arrive(node.arn, payload=dumps(body), via=None, before=None)
            elif node.service == "stepfunctions":
                from playground.flows.trace_sfn import Execution

                arn = self._sfn().start_execution(node.arn, body, name=self.tid)
                self.executions[arn] = Execution(arn, node.arn)
                express = node.context == "EXPRESS"
                yield t.hop(node.arn, f"execution {self.tid} started", "reached",
                            payload=dumps(body), happened=t.start,
                            explanation="StartExecution named after the trace id" + (
                                f"; {EXPRESS_NOTE}" if express else ""))
                if express:
                    self.executions.pop(arn).ended = True
                else:
                    t.watch(self.executions[arn].watch(self.flows))
            elif node.service == "kinesis":
                from playground.aws.kinesis.service import KinesisService

                shard, seq = KinesisService(self.target).put_record(
                    node.name, dumps(body).encode(), self.tid)
                yield t.hop(node.arn, f"record put ({shard})", "reached", payload=dumps(body),
                            happened=t.start, explanation=f"PutRecord, partition key {self.tid}, "
                            f"sequence number {seq}")
                yield from self.arrive(node.arn, payload=dumps(body), via=None, before=None)
        except Exception as exc:  # refused, unreachable: the trace says so
            from playground.targets.liveness import describe_failure

            yield t.hop(node.arn, "could not send", "stopped", payload=dumps(body),
                        explanation=describe_failure(self.target, exc))

    def _attributes(self) -> dict[str, Any]:
        return {TRACE_KEY: {"DataType": "String", "StringValue": self.tid}}

    def _publish(self, node: Node, body: dict[str, Any]) -> Iterator[Hop]:
        from playground.aws.sns.service import SnsService

        t = self.trace
        fifo = node.name.endswith(".fifo")
        SnsService(self.target).publish(node.arn, dumps(body), attributes=self._attributes(),
                                        group_id=self.tid if fifo else None,
                                        dedup_id=self.tid if fifo else None)
        yield t.hop(node.arn, "published", "reached", payload=dumps(body), happened=t.start,
                    explanation=f"Publish with the trace id in the message and as the message "
                    f"attribute {TRACE_KEY}")
        yield from self.fan_out(node.arn, dumps(body), self._attributes())

    # --- what a hop opens next --------------------------------------------------------------
    def arrive(self, arn: str, *, payload: str | None, via: Edge | None,
               before: str | None, match_any: bool = False, required: bool = True) -> Iterator[Hop]:
        """The message is on its way to `arn`: the hops that follows at once (a topic's fan-out,
        a bus's rules, what the trace cannot follow), or a Watch for what must be seen."""
        t = self.trace
        node = self.flows.nodes.get(arn) or node_for_arn(arn)
        title = node.title + (f" ({via.label}, {via.detail})" if via is not None
                              and via.kind == "calls" else "")
        if node.service == "sqs":
            readers = [e for e in self.flows.outgoing(arn) if e.kind == "event source"]
            if readers:
                # A function's event source mapping may take the message before a look sees it
                t.linger_s = max(t.linger_s, READER_LINGER_S)
                yield t.hop(readers[0].target, "reads the queue (not followed)", "note",
                            via=readers[0], happened=self.cause,
                            explanation="a Lambda event source mapping receives and deletes "
                            "the message, maybe before the trace sees it in the queue; the "
                            "trace cannot see inside the function")
            t.watch(Watch(arn, f"{title} to receive the message", via, before,
                          required and not readers, match_any))
        elif node.service == "stepfunctions" and node.label == "state machine" \
                and node.context == "EXPRESS":
            yield t.hop(arn, "started (not followed)", "note", payload=payload, before=before,
                        via=via, happened=self.cause,
                        explanation=EXPRESS_NOTE)
        elif node.service == "stepfunctions" and node.label == "state machine":
            t.watch(Watch(arn, f"{title} to start an execution with it", via, before, required,
                          match_any))
        elif node.service == "kinesis":
            t.watch(Watch(arn, f"{title} to get a record with it", via, before, required,
                          match_any))
        elif node.service == "sns":
            yield t.hop(arn, "published" if payload is not None else "published (message not "
                        "known here)", "reached", payload=payload, before=before, via=via,
                        happened=self.cause,
                        explanation="seen through its subscribers (SNS keeps no copy to look at)")
            yield from self.fan_out(arn, payload, {})
        elif node.service == "events" and node.label == "event bus":
            yield from self.events.arrive_bus(node, payload, via, before)
        elif node.service == "lambda":
            yield t.hop(arn, "invoked (not followed)", "note", payload=payload, before=before,
                        via=via, happened=self.cause,
                        explanation="the trace cannot see inside a function")
        else:
            yield t.hop(arn, "not followed", "note", payload=payload, before=before, via=via,
                        happened=self.cause,
                        explanation=node.note or f"the trace does not follow a {node.label}")

    def fan_out(self, topic: str, message: str | None,
                attributes: dict[str, Any]) -> Iterator[Hop]:
        """Each subscription of `topic`: filtered out (with the policy's reasons), or a Watch on
        its endpoint."""
        from playground.aws.sns.fanout import Published, explain

        subs = {s.endpoint: s for s in self._subscriptions(topic)}
        for edge in self.flows.outgoing(topic):
            if edge.kind != "subscription":
                continue
            sub = subs.get(edge.target)
            policy = sub.filter_policy if sub is not None else None
            if message is None:
                # A state published it and this target's history does not say what: watch all
                yield from self.arrive(edge.target, payload=None, via=edge, before=None,
                                       required=policy is None)
                continue
            if sub is not None:
                result = explain(sub, Published(0, message, attributes=attributes))
                if not result.matched:
                    yield self.trace.hop(edge.target, "filtered out", "stopped", payload=message,
                                         via=edge, explanation=result.explain(),
                                         happened=self.cause)
                    continue
            raw = sub.raw_delivery if sub is not None else False
            yield from self.arrive(edge.target, payload=message if raw else None, via=edge,
                                   before=message)

    def settle_subscribers(self, topic: str, message: str,
                           attributes: dict[str, Any]) -> Iterator[Hop]:
        """Once a subscriber shows a message the trace could not know (a state published it),
        the topic's filtered subscriptions still waited on are checked against it."""
        from playground.aws.sns.fanout import Published, explain

        subs = {s.endpoint: s for s in self._subscriptions(topic)}
        for watch in list(self.trace.watches):
            via = watch.via
            if via is None or via.kind != "subscription" or via.source != topic \
                    or watch.required or via.target not in subs:
                continue
            result = explain(subs[via.target], Published(0, message, attributes=attributes))
            if not result.matched:
                self.trace.done(watch)
                yield self.trace.hop(via.target, "filtered out", "stopped", payload=message,
                                     via=via, explanation=result.explain(),
                                     happened=self.cause)

    def _subscriptions(self, topic: str) -> list[Any]:
        from playground.aws.sns.service import SnsService

        try:
            with self.background():
                return SnsService(self.target).subscriptions(topic)
        except Exception:  # the map's edges stand without the policies
            return []

    # --- a round of looks ---------------------------------------------------------------------
    def poll(self) -> Iterator[Hop]:
        t = self.trace
        with self.background(), self.target.pacer.cancellable(t.stop):
            for arn in dict.fromkeys(w.node for w in list(t.watches)):
                node = self.flows.nodes.get(arn) or node_for_arn(arn)
                try:
                    if node.service == "sqs":
                        yield from self.queues.look(arn)
                    elif node.service == "stepfunctions":
                        yield from self._look_machine(arn)
                    elif node.service == "kinesis":
                        yield from self._look_stream(arn)
                except Exception as exc:  # one line on the hop, once per place
                    yield from self._problem(arn, exc)
            for execution in list(self.executions.values()):
                if not execution.ended:
                    try:
                        yield from execution.follow(self)
                    except Exception as exc:
                        yield from self._problem(execution.machine, exc)

    def _problem(self, arn: str, exc: Exception) -> Iterator[Hop]:
        from playground.targets.liveness import describe_failure

        text = describe_failure(self.target, exc)
        if (arn, text) not in self.problems:
            self.problems.add((arn, text))
            yield self.trace.hop(arn, "could not look", "note", explanation=text)

    def watches_at(self, arn: str) -> list[Watch]:
        return [w for w in self.trace.watches if w.node == arn]

    def take_watch(self, arn: str, prefer: str | None = None,
                   any_message: bool = False) -> Watch | None:
        """The watch a sighting at `arn` satisfies: the one from `prefer` (a topic ARN in an
        SNS envelope) if any, else the first (of those that take any new message, for one
        without the trace id)."""
        watches = sorted((w for w in self.watches_at(arn) if w.match_any or not any_message),
                         key=lambda w: not w.required)  # what must come first: stable sort
        chosen = next((w for w in watches if prefer is not None and w.via is not None
                       and w.via.source == prefer), None) or (watches[0] if watches else None)
        if chosen is not None:
            self.trace.done(chosen)
        return chosen

    # --- SQS (playground/flows/trace_sqs.py) ---------------------------------------------
    def queue_url(self, arn: str) -> str | None:
        return self.queues.url(arn)

    # --- Step Functions -------------------------------------------------------------------
    def _sfn(self) -> Any:
        from playground.aws.stepfunctions.service import StepFunctionsService

        return StepFunctionsService(self.target)

    def _look_machine(self, arn: str) -> Iterator[Hop]:
        from playground.flows.trace_sfn import Execution

        watches = [w for w in self.watches_at(arn) if w.role == "arrive"]
        if not watches:
            return
        sfn = self._sfn()
        known = self.machine_known.setdefault(arn, set())
        for listed in sfn.list_executions(arn):
            ex = str(listed.get("executionArn"))
            if ex in known or ex in self.executions:
                continue
            known.add(ex)
            started = epoch(listed.get("startDate"))
            if started is not None and started < self.trace.start - 2:
                continue
            described = sfn.describe_execution(ex)
            text = str(described.get("input", ""))
            if self.tid not in text and not any(w.match_any for w in watches):
                continue
            watch = watches[0] if watches else None
            if watch is not None:
                self.trace.done(watch)
                watches.remove(watch)
            execution = self.executions[ex] = Execution(ex, arn)
            yield self.trace.hop(arn, f"execution {listed.get('name', '')} started", "reached",
                                 payload=text, before=watch.before if watch else None,
                                 via=watch.via if watch else None, happened=started,
                                 explanation="its input is what the rule's target delivered")
            self.trace.watch(execution.watch(self.flows))

    # --- Kinesis --------------------------------------------------------------------------
    def _start_shards(self, arn: str) -> None:
        from playground.aws.kinesis.service import KinesisService

        name = arn.split("/", 1)[1]
        kinesis = KinesisService(self.target)
        self.shard_iterators[arn] = {s.shard_id: kinesis.iterator(name, s.shard_id, "LATEST")
                                     for s in kinesis.shards(name) if s.open}

    def _look_stream(self, arn: str) -> Iterator[Hop]:
        from playground.aws.kinesis.service import KinesisService

        if arn not in self.shard_iterators:
            self._start_shards(arn)
        kinesis = KinesisService(self.target)
        for shard, iterator in list(self.shard_iterators[arn].items()):
            if iterator is None:
                continue
            page = kinesis.read(iterator)
            self.shard_iterators[arn][shard] = page.next_iterator
            for record in page.records:
                data = record.get("Data", b"")
                text = data.decode("utf-8", "replace") if isinstance(data, bytes) else str(data)
                watches = self.watches_at(arn)
                if self.tid not in text and not any(w.match_any for w in watches):
                    continue
                watch = self.take_watch(arn)
                if isinstance(data, bytes) and "\ufffd" in text:
                    text = base64.b64encode(data).decode()
                yield self.trace.hop(
                    arn, f"record written ({shard})", "reached", payload=text,
                    before=watch.before if watch else None, via=watch.via if watch else None,
                    happened=epoch(record.get("ApproximateArrivalTimestamp")),
                    explanation=f"partition key {record.get('PartitionKey', '')}, sequence "
                    f"number {record.get('SequenceNumber', '')}")
                for edge in self.flows.outgoing(arn):
                    if edge.kind == "event source":
                        yield self.trace.hop(edge.target, "reads the stream (not followed)",
                                             "note", via=edge, explanation="a Lambda event "
                                             "source mapping: the trace cannot see inside "
                                             "the function")
