"""A trace at an SQS queue: the message seen by peeking (nothing taken), by receiving with a
zero visibility timeout where the caller allowed it, or only counted; SNS envelopes and raw
delivery told apart; the queue's dead-letter queue watched after it."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

from playground.flows.hops import Hop, Watch
from playground.flows.reader import arn_parts
from playground.patterns.json_input import parse_json

if TYPE_CHECKING:
    from playground.flows.trace_watch import Observers

MATCHED_ANY = ("taken as the traced message: the first new message here after the call (the "
               "trace id is not in it, and the target does not say what was sent)")


def epoch(value: Any) -> float | None:
    from playground.flows.trace_watch import epoch as target_epoch

    return target_epoch(value)


def title(obs: Observers, arn: str) -> str:
    from playground.flows.trace_watch import node_title

    return node_title(obs.flows, arn)


class QueueLooks:
    def __init__(self, obs: Observers) -> None:
        self.obs = obs
        self.urls: dict[str, str | None] = {}
        self.seen: dict[str, set[str]] = {}
        self.counts: dict[str, int] = {}
        self.mode: dict[str, str] = {}
        """peek, receive or count, per queue ARN."""

    def url(self, arn: str) -> str | None:
        if arn not in self.urls:
            parts = arn_parts(arn)
            url = None
            if parts is not None:
                try:
                    client = self.obs.target.client("sqs")
                    url = str(client.get_queue_url(QueueName=parts[3],
                                                   QueueOwnerAWSAccountId=parts[2])["QueueUrl"])
                except Exception:  # not there (deleted, another account)
                    url = None
            self.urls[arn] = url
        return self.urls[arn]

    def prepare(self, arn: str) -> None:
        from playground.aws.sqs.service import SqsService

        url = self.url(arn)
        if url is None:
            return
        sqs = SqsService(self.obs.target)
        if self.obs.target.supports_peek:
            self.mode[arn] = "peek"
            self.seen[arn] = {m.message_id for m in sqs.peek_messages(url)}
            return
        attrs = sqs.attributes(url)
        receive = self.obs.trace.allow_receive and "RedrivePolicy" not in attrs
        self.mode[arn] = "receive" if receive else "count"
        self.counts[arn] = _count(attrs)
        self.seen[arn] = set()

    def look(self, arn: str) -> Iterator[Hop]:
        from playground.aws.sqs.service import LOOK_NOTE, SqsService

        url = self.url(arn)
        if url is None:  # nothing to wait for there: said once, its watches closed
            for waiting in self.obs.watches_at(arn):
                self.obs.trace.done(waiting)
            yield self.obs.trace.hop(arn, "not there", "note", happened=self.obs.cause,
                                     explanation="the queue is not there (deleted, or in "
                                     "another account): the trace cannot see it")
            return
        if arn not in self.mode:
            self.prepare(arn)
        sqs = SqsService(self.obs.target)
        mode = self.mode[arn]
        seen = self.seen.setdefault(arn, set())
        if mode == "count":
            now = _count(sqs.attributes(url))
            if now > self.counts.get(arn, 0):
                watch = self.obs.take_watch(arn)
                self.counts[arn] = now
                yield self.obs.trace.hop(arn, f"{now} message(s) now (counted, not read)", "reached",
                                     before=watch.before if watch else None,
                                     via=watch.via if watch else None,
                                     explanation=f"{self.obs.target.label} cannot show a message "
                                     "without receiving it: the count rose, but whether it is "
                                     "the traced message is not known (allow receiving to read "
                                     "it)")
            return
        found: list[tuple[str, str, dict[str, Any], str | None, float | None]] = []
        if mode == "peek":
            for m in sqs.peek_messages(url):
                found.append((m.message_id, m.body, m.message_attributes, m.dlq_source_arn,
                              m.sent_at or None))
        else:
            for r in sqs.receive(url, max_messages=10, wait_seconds=0, visibility_timeout=0):
                found.append((r.message_id, r.body, r.message_attributes, r.dlq_source_arn,
                              epoch(r.attributes.get("SentTimestamp"))))
        for message_id, body, attrs, dlq_source, sent in found:
            if message_id in seen:
                continue
            mine = self.obs.tid in body or self.obs.tid in json.dumps(attrs, default=str)
            any_ok = any(w.match_any for w in self.obs.watches_at(arn)) and (
                sent is None or sent >= self.obs.trace.start - 1)
            if not (mine or any_ok):
                continue
            seen.add(message_id)
            note = LOOK_NOTE if mode == "receive" else ""
            if not mine:
                note = "; ".join(n for n in (note, MATCHED_ANY) if n)
            yield from self._received(arn, body, attrs, dlq_source, sent, note, mine)

    def _received(self, arn: str, body: str, attrs: dict[str, Any], dlq_source: str | None,
                  sent: float | None, note: str, mine: bool = True) -> Iterator[Hop]:
        from playground.aws.sns.fanout import parse_delivery
        from playground.aws.sqs.service import ReceivedMessage

        delivery = parse_delivery(ReceivedMessage("", "", body, 0, {}, attrs))
        topic = None
        if delivery.envelope:
            try:
                topic = str(parse_json(body).get("TopicArn"))
            except (ValueError, AttributeError):
                topic = None
        watch = self.obs.take_watch(arn, prefer=topic, any_message=not mine)
        via = watch.via if watch else None
        explain = []
        if delivery.envelope:
            explain.append("wrapped in the SNS envelope (raw delivery off): the message is the "
                           "envelope's Message, as a string")
        elif via is not None and via.kind == "subscription":
            explain.append("raw delivery: the message as published, no envelope")
        if dlq_source or (via is not None and via.kind == "dead-letter"):
            explain.append(f"moved here by SQS from {dlq_source or via.source if via else ''}"
                           f" ({via.detail if via else 'maxReceiveCount reached'})")
        if note:
            explain.append(note)
        if delivery.envelope and topic is not None and watch is not None and watch.before is None:
            # the topic's message was not known: now it is, so the filter policies can say
            yield from self.obs.settle_subscribers(topic, delivery.message, delivery.attributes)
        dead = via is not None and via.kind == "dead-letter"
        yield self.obs.trace.hop(arn, "dead-lettered" if dead else "received",
                             "stopped" if dead else "reached", payload=body,
                             before=watch.before if watch else None, via=via,
                             explanation="; ".join(explain), happened=sent)
        for edge in self.obs.flows.outgoing(arn):
            if edge.kind == "dead-letter":
                self.obs.trace.watch(Watch(
                    edge.target, f"{title(self.obs, edge.target)} (dead-lettered from "
                    f"{title(self.obs, arn)} {edge.detail})", edge, body, False))



def _count(attrs: dict[str, str]) -> int:
    return sum(int(attrs.get(k, 0) or 0) for k in (
        "ApproximateNumberOfMessages", "ApproximateNumberOfMessagesNotVisible",
        "ApproximateNumberOfMessagesDelayed"))
