"""The running-cost meter in the header, on a target flagged as a real AWS account whose profile
points at the emulator (never real AWS), and on the emulator itself. Figures are computed from
the price file here, not written twice."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from rich.text import Text

from playground.aws.inventory import Resource
from playground.aws.kinesis.service import KinesisService
from playground.config import Settings, UiSettings
from playground.cost import watch as cost_watch
from playground.cost.meter import Reading, money, standing_lines
from playground.cost.prices import shipped_prices
from playground.cost.watch import CostWatch
from playground.targets.aws import AwsTarget
from playground.ui.shell.app import PlaygroundApp
from playground.ui.shell.cost_meter import CostUpdated, header_words
from playground.ui.shell.target_header import TargetHeader
from tests.core.test_targets import write_profile
from tests.ui.helpers import Notices, settle, wait_for
from tests.ui.hostile import HOSTILE, MARK, markup_watch

METERED = Settings(ui=UiSettings(clock=False, animations=False, cost_meter=True))
PRICES = shipped_prices()
SHARD_HOUR = PRICES["kinesis.shard_hour"].each or 0.0


@pytest.fixture
def quick(monkeypatch: pytest.MonkeyPatch) -> None:
    """The meter's thread on a short leash: the same policy, seconds instead of minutes."""
    monkeypatch.setattr(CostWatch, "after_change_s", 0.1)
    monkeypatch.setattr(CostWatch, "min_gap_s", 0.3)
    monkeypatch.setattr(CostWatch, "tick_s", 0.2)
    monkeypatch.setattr(CostWatch, "slice_s", 0.05)


@pytest.fixture
def real(target) -> AwsTarget:
    """A real-account target (loud header, writes confirmed once) whose profile points at the
    clean emulator of `target`."""
    write_profile("prod", target.endpoint_url, region="us-east-1")
    aws = AwsTarget("prod")
    aws.start()
    aws.writes_confirmed = True  # what the confirmation dialog does (tested in core)
    return aws


def make_stream(target: AwsTarget | Any, name: str, shards: int) -> None:
    """As the Kinesis workbench makes one: the emulator drops CreateStream's tags, so it tags again."""
    kinesis = KinesisService(target)
    kinesis.create_stream(name, shards=shards)
    kinesis.ensure_tags(name)


async def until(pilot: Any, predicate: Any, what: str) -> None:
    """wait_for with room for a busy machine (a listing is a few dozen calls to the emulator)."""
    await wait_for(pilot, predicate, timeout=30, what=what)


def header(app: PlaygroundApp) -> str:
    return app.screen.query_one(TargetHeader).render().plain


async def test_a_real_account_shows_what_is_alive_and_its_hourly_cost(real, quick) -> None:
    app = PlaygroundApp(settings=METERED, target=real)
    async with app.run_test(size=(80, 24)) as pilot:
        await until(pilot, lambda: "0 alive · $0.00/h" in header(app), what="the first reading")
        make_stream(real, "pg-clicks", 4)
        figure = f"1 alive · {money(4 * SHARD_HOUR)}/h*"
        await until(pilot, lambda: figure in header(app), what=figure)
        line = header(app)
        assert len(line) <= 80, "fits 80 columns"
        # The tight form keeps what a real account must show: account, region, state.
        assert "REAL AWS" in line and real.account_id in line and "us-east-1" in line
        tooltip = app.screen.query_one(TargetHeader).tooltip
        assert isinstance(tooltip, Text) and "pg-clicks: 4 shards" in tooltip.plain
        assert "prices differ by region" in tooltip.plain


async def test_an_emulator_says_what_the_same_would_cost_on_aws(target, quick) -> None:
    app = PlaygroundApp(settings=METERED, target=target)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        assert "on AWS" not in header(app), "nothing costly yet: no lesson"
        make_stream(target, "clicks", 4)
        lesson = f"on AWS: {money(4 * SHARD_HOUR)}/h*"
        await until(pilot, lambda: lesson in header(app), what=lesson)
        assert "alive" not in header(app)


async def test_an_idle_costly_stream_is_warned_about_once(real, quick,
                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    now = [datetime.now(UTC)]
    monkeypatch.setattr(cost_watch, "utc_now", lambda: now[0])
    notices = Notices()
    app = PlaygroundApp(settings=METERED, target=real)
    async with app.run_test(size=(120, 40), message_hook=notices) as pilot:
        make_stream(real, "pg-idle", 2)
        await until(pilot, lambda: "1 alive" in header(app), what="the stream counted")
        assert not [t for t in notices.titles if t == "idle and costly"]
        now[0] += timedelta(minutes=61)
        await until(pilot, lambda: "idle and costly" in notices.titles, what="the warning")
        now[0] += timedelta(minutes=30)  # still idle, ticks go on: no second warning
        await pilot.pause(1.0)
        warnings = [n for n in notices.shown if n.title == "idle and costly"]
        assert len(warnings) == 1 and warnings[0].severity == "warning"
        assert "pg-idle" in str(warnings[0].message)


def _hostile_reading() -> Reading:
    hostile = [Resource("kinesis", "stream", f"{HOSTILE}{i}", "us-east-1", f"arn:{i}",
                        datetime.now(UTC) - timedelta(hours=2), {}, {"shards": 1})
               for i in range(2)]
    return Reading(2, tuple(standing_lines(hostile, PRICES)), tuple(hostile), read_on="2026-12-06")


async def test_hostile_names_render_as_text(target, monkeypatch: pytest.MonkeyPatch) -> None:
    write_profile(f"{MARK}[/b]prod", target.endpoint_url, region="us-east-1")
    aws = AwsTarget(f"{MARK}[/b]prod")
    aws.start()
    notices = Notices()
    app = PlaygroundApp(settings=METERED, target=aws)
    # No thread: the reading is handed in as the meter's thread would post it.
    monkeypatch.setattr(PlaygroundApp, "_run_meter", lambda self, target: None)
    with markup_watch() as parsed:
        async with app.run_test(size=(80, 24), message_hook=notices) as pilot:
            await settle(pilot)
            app.post_message(CostUpdated(aws, _hostile_reading()))
            await until(pilot, lambda: "2 alive" in header(app), what="the reading")
            tooltip = app.screen.query_one(TargetHeader).tooltip
            assert isinstance(tooltip, Text) and f"{HOSTILE}0" in tooltip.plain
            assert f"{HOSTILE}0" in str(header_words(aws, _hostile_reading())[1])
            await until(pilot, lambda: len(notices.titles) >= 2, what="two warnings")
            assert any(f"{HOSTILE}1" in m for m in notices.messages)
            assert len(header(app)) <= 80
    assert parsed == []


def _render(info: Any, cost: str, width: int) -> Text:
    """The header's line at `width` cells, without an app around it."""
    from textual.geometry import Size

    class Sized(TargetHeader):
        @property
        def size(self) -> Size:  # type: ignore[override]
            return Size(width, 1)

    header_widget = Sized()
    header_widget.set_reactive(TargetHeader.info, info)
    header_widget.set_reactive(TargetHeader.cost, cost)
    header_widget.set_reactive(TargetHeader.state, "ready")
    return header_widget.render()


def test_a_long_label_is_cut_politely_at_80_columns() -> None:
    from playground.targets import TargetInfo, TargetKind

    info = TargetInfo(TargetKind.AWS, "AWS profile " + "very-long-profile-name" * 3, None,
                      "ap-southeast-3", "123456789012", "p", True)
    plain = _render(info, "12 alive · ~$123.45/h*", width=80).plain
    assert len(plain) <= 80
    assert "…" in plain and "123456789012" in plain and "ap-southeast-3" in plain
    assert plain.endswith("12 alive · ~$123.45/h*")
    # Where it fits, nothing is cut and the words are the header's usual ones.
    wide = _render(info, "12 alive · ~$123.45/h*", width=200).plain
    assert "account 123456789012" in wide and "…" not in wide


def test_snapshot_of_the_meter_on_a_real_account_at_80_columns(snap_compare, real, quick) -> None:
    make_stream(real, "pg-clicks", 4)  # made before the app starts: its first listing finds it

    async def run_before(pilot: Any) -> None:
        await until(pilot, lambda: "1 alive" in header(pilot.app), "the first reading")
        await settle(pilot)

    assert snap_compare(PlaygroundApp(settings=METERED, target=real), terminal_size=(80, 24),
                        run_before=run_before)


async def test_an_emulator_header_at_80_columns_keeps_read_only_and_the_state(target) -> None:
    """The full line does not fit 80 columns: the compact form drops the emulator's version
    and fixed account, never READ-ONLY or the state."""
    from playground.ui.shell.target_header import TargetHeader
    from tests.ui.helpers import make_app, wait_for

    target.read_only = True
    app = make_app(target)
    app.spec = app.spec.with_(read_only=True)
    async with app.run_test(size=(80, 24)) as pilot:
        def line() -> str:
            return app.screen.query_one(TargetHeader).render().plain

        await wait_for(pilot, lambda: "● ready" in line(), what="the header ready")
        assert "READ-ONLY" in line() and "embedded emulator" in line()
        assert len(line()) <= 80
