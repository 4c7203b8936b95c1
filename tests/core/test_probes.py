"""Capability probes run once per target, however many screens ask at the same moment."""

from __future__ import annotations

import threading

from playground.targets.endpoint import EndpointTarget
from playground.targets.probes import missing_capabilities
from tests.counting_proxy import CountingProxy


def test_concurrent_asks_probe_once(target) -> None:  # type: ignore[no-untyped-def]
    proxy = CountingProxy(target.endpoint_url).start()
    try:
        watched = EndpointTarget(proxy.url)
        watched.start()
        answers: list[dict[str, str]] = []
        asks = [threading.Thread(target=lambda: answers.append(
            missing_capabilities(watched, ["message-move-task"]))) for _ in range(3)]
        for ask in asks:
            ask.start()
        for ask in asks:
            ask.join(timeout=60)
        assert len(answers) == 3 and answers[0] == answers[1] == answers[2]
        assert proxy.operations.count("CreateQueue") == 1, proxy.operations
        assert target.client("sqs").list_queues().get("QueueUrls", []) == []
    finally:
        proxy.stop()
