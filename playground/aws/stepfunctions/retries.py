"""The attempts of one state visit: each one's error, and what the state's Retry did next.

Rules from the developer guide, "Handling errors in Step Functions workflows"
(https://docs.aws.amazon.com/step-functions/latest/dg/concepts-error-handling.html): retriers
are tried in order and the first whose ErrorEquals names the error answers it; each retrier
counts its own retries; the wait before retry n (from 0) is IntervalSeconds (default 1) ×
BackoffRate (default 2.0) ^ n, at most MaxDelaySeconds, and with JitterStrategy FULL a random
time up to that; MaxAttempts (default 3, 0 = never) bounds the retries. States.ALL matches any
error but States.Runtime and States.DataLimitExceeded; States.TaskFailed any but States.Timeout.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from playground.aws.stepfunctions.history import Step

SOURCE = "https://docs.aws.amazon.com/step-functions/latest/dg/concepts-error-handling.html"
NOT_RETRIED = {"States.Runtime", "States.DataLimitExceeded"}
"""Terminal errors: States.ALL does not match them, so no retrier retries them."""


@dataclass(frozen=True)
class Attempt:
    number: int
    """1 for the first try, 2 for the first retry, …"""
    error: str | None
    """None: this attempt did not fail (it succeeded, or it is still running)."""
    cause: str | None
    waited_s: float | None
    """Seconds from this failure to the next attempt, by the history's timestamps."""
    then: str
    """What the state's Retry made of the error: which retrier, how long it waits; or why the
    error went on (no retrier names it, the retrier is used up)."""


def _number(value: Any, default: float) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float):
        return default
    return float(value)


def _seconds(value: float) -> str:
    return f"{value:g} s"


def matches(error: str, names: Any) -> bool:
    """Does a retrier's (or catcher's) ErrorEquals take this error?"""
    if not isinstance(names, list):
        return False
    for name in names:
        if name == error:
            return True
        if name == "States.ALL" and error not in NOT_RETRIED:
            return True
        if name == "States.TaskFailed" and error != "States.Timeout" \
                and error not in NOT_RETRIED:
            return True
    return False


def planned_wait(retrier: dict[str, Any], retry: int) -> str:
    """The wait before retry number `retry` (0 for the first) of this retrier, in words."""
    interval = _number(retrier.get("IntervalSeconds"), 1.0)
    rate = _number(retrier.get("BackoffRate"), 2.0)
    try:
        wait = interval * rate ** retry
    except OverflowError:  # BackoffRate 1e300 and a few retries: beyond any float
        wait = float("inf")
    cap = retrier.get("MaxDelaySeconds")
    formula = f"{interval:g} × {rate:g}^{retry}" if retry else f"IntervalSeconds {interval:g}"
    if not isinstance(cap, bool) and isinstance(cap, int | float) and wait > cap:
        formula += f" = {wait:.3g}, MaxDelaySeconds {cap:g}"
        wait = float(cap)
    text = _seconds(wait) if wait < 1e12 else f"{wait:.3g} s"
    if retrier.get("JitterStrategy") == "FULL":
        return f"a random time up to {text} (jitter FULL; {formula})"
    return f"{text} ({formula})"


def _label(i: int, retrier: dict[str, Any]) -> str:
    names = retrier.get("ErrorEquals")
    shown = ", ".join(str(n) for n in names) if isinstance(names, list) else "?"
    return f"retrier {i + 1} ({shown[:80]})"


def attempts(step: Step, state: Any) -> list[Attempt]:
    """Each attempt of the visit with its error and what Retry did about it. Empty when the
    visit ran once and did not fail (there is nothing to retry then)."""
    tries = step.tries
    if not tries or (len(tries) == 1 and tries[0].error is None):
        return []
    raw = state.get("Retry") if isinstance(state, dict) else None
    retriers = [r for r in raw if isinstance(r, dict)] if isinstance(raw, list) else []
    used = [0] * len(retriers)
    out: list[Attempt] = []
    for n, one in enumerate(tries):
        following = tries[n + 1] if n + 1 < len(tries) else None
        waited = None
        if following is not None and one.failed and following.started:
            waited = max(0.0, (following.started - one.failed).total_seconds())
        if one.error is None:
            out.append(Attempt(n + 1, None, None, None,
                               "succeeded" if step.status in ("succeeded", "caught")
                               or n + 1 < len(tries) else "running"))
            continue
        out.append(Attempt(n + 1, one.error, one.cause, waited,
                           _then(one.error, retriers, used, following is not None, n + 2)))
    return out


def _then(error: str, retriers: list[dict[str, Any]], used: list[int], retried: bool,
          next_number: int) -> str:
    which = next((i for i, r in enumerate(retriers) if matches(error, r.get("ErrorEquals"))),
                 None)
    if which is None:
        if error in NOT_RETRIED:
            return f"{error} is never retried (States.ALL leaves it out)"
        return "no retrier names this error: it goes to Catch, else the execution fails"
    retrier = retriers[which]
    most = _number(retrier.get("MaxAttempts"), 3.0)
    if used[which] >= most:
        return (f"{_label(which, retrier)} is used up (MaxAttempts {most:g}): the error goes "
                "to Catch, else the execution fails")
    wait = planned_wait(retrier, used[which])
    used[which] += 1
    if not retried:
        return f"{_label(which, retrier)} waits {wait} before attempt {next_number}"
    return f"{_label(which, retrier)} waited {wait}, then attempt {next_number}"
