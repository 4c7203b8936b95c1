"""The refresh loops' budget on a real account, with a clock the test moves: one shared slot a
second handed out in turn, the learner's calls never held, waits that double while nothing
changes and drop back on a change, a request or a learner's call; no budget on emulators."""

from __future__ import annotations

import threading

import pytest
from hypothesis import given
from hypothesis import strategies as st

from playground.targets.pacing import MAX_WAIT_S, PollCancelled, PollPacer


class FakeTime:
    def __init__(self) -> None:
        self.now = 1000.0

    def clock(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        self.now += seconds


def pacer(budget: float | None = 1.0) -> tuple[PollPacer, FakeTime]:
    t = FakeTime()
    return PollPacer(budget, clock=t.clock, sleep=t.sleep), t


@given(st.lists(st.sampled_from(["background", "learner", "idle"]), max_size=80))
def test_background_calls_never_exceed_the_budget_whatever_the_mix(steps: list[str]) -> None:
    p, t = pacer(1.0)
    sent: list[float] = []
    for step in steps:
        if step == "idle":
            t.now += 0.7
        else:
            p.before_call(background=step == "background")
            if step == "background":
                sent.append(t.now)
    # In any window of W seconds at most W + 1 background calls start.
    for i, start in enumerate(sent):
        for j in range(i, len(sent)):
            assert j - i <= sent[j] - start + 1e-9


def test_the_learners_calls_go_at_once_and_wake_the_loops() -> None:
    p, t = pacer(1.0)
    for _ in range(5):
        p.before_call(background=True)
    busy_until = t.now
    loop = p.loop(2.0)
    before = t.now
    p.before_call(background=False)
    assert t.now == before  # not held behind the loops' queue
    assert loop.woken()
    assert busy_until == t.now


def test_a_loop_waits_longer_while_nothing_changes_and_starts_over_on_a_change() -> None:
    p, _ = pacer(1.0)
    loop = p.loop(2.0)
    waits = []
    for answer in ["a", "a", "a", "a", "a", "a", "a", "a", "b", "b"]:
        with loop.round():
            p.after_call({"Queues": [answer], "ResponseMetadata": {"RequestId": "differs"}})
        waits.append(loop.next_wait())
    assert waits == [2.0, 4.0, 8.0, 16.0, 32.0, MAX_WAIT_S, MAX_WAIT_S, MAX_WAIT_S, 2.0, 4.0]


def test_asking_or_a_learners_call_brings_the_wait_back_to_the_base() -> None:
    p, _ = pacer(1.0)
    loop = p.loop(2.0)
    for _ in range(4):
        with loop.round():
            p.after_call({"same": 1})
        loop.next_wait()
    assert loop.wait_s == 16.0
    loop.asked()
    with loop.round():
        p.after_call({"same": 1})
    assert loop.next_wait() == 2.0
    with loop.round():
        p.after_call({"same": 1})
    assert loop.next_wait() == 4.0
    p.before_call(background=False)
    with loop.round():
        p.after_call({"same": 1})
    assert loop.next_wait() == 2.0


def test_answers_in_another_thread_do_not_count_as_this_loops() -> None:
    p, _ = pacer(1.0)
    loop = p.loop(2.0)
    with loop.round():
        p.after_call({"same": 1})
    loop.next_wait()
    with loop.round():
        other = threading.Thread(target=p.after_call, args=({"other": 2},))
        other.start()
        other.join()
        p.after_call({"same": 1})
    assert loop.next_wait() == 4.0


def test_on_an_emulator_nothing_waits_and_loops_keep_their_pace() -> None:
    p, t = pacer(None)
    start = t.now
    for _ in range(100):
        p.before_call(background=True)
    assert t.now == start
    loop = p.loop(2.0)
    for _ in range(5):
        with loop.round():
            p.after_call({"same": 1})
        assert loop.next_wait() == 2.0
    assert not loop.woken()


def test_the_rate_is_of_the_last_minute() -> None:
    p, t = pacer(1.0)
    for _ in range(30):
        p.before_call(background=True)  # one a second: the 30th starts 29 s in
    assert 1.0 <= p.rate() <= 1.1
    t.now += 31
    assert 0.45 <= p.rate() <= 0.55  # 30 calls in the last 60 s
    t.now += 61
    assert p.rate() == 0.0


def test_a_stopped_loop_gives_up_its_wait_for_a_slot() -> None:
    p = PollPacer(0.01)  # a slot every 100 s: the second call would wait that long
    stop = threading.Event()
    p.before_call(background=True)
    stop.set()
    with p.cancellable(stop), pytest.raises(PollCancelled):
        p.before_call(background=True)


def test_an_hour_of_polling_keeps_a_minute_of_slots() -> None:
    p, _ = pacer(10.0)
    for _ in range(36_000):  # an hour at 10 calls a second
        p.before_call(background=True)
    assert len(p._calls) <= 10 * 60 + 1  # what the header's rate needs, no more
    emulator, _ = pacer(None)
    for _ in range(1_000):
        emulator.before_call(background=True)
    assert len(emulator._calls) == 0
