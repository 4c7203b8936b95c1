"""Guard rails on real accounts: an allow-list of accounts outside which writes are refused, and
a lab that shows what it will create (and where) before its first write.

A real account here is a profile whose endpoint_url points at the emulator: the real AWS code
path, offline."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from playground.aws.kinesis.service import KinesisService
from playground.aws.sqs.service import SqsService
from playground.cli.main import main
from playground.config import ConfigError, Settings, load_settings
from playground.config import SettingsInvalid as ValidationError
from playground.cost.meter import fine_money
from playground.cost.prices import shipped_prices
from playground.lab.catalog import load_catalog
from playground.lab.engine import LabSession, lab_variables
from playground.lab.plan import lab_plan
from playground.targets import TargetSpec, make_target
from playground.targets.errors import AccountNotAllowed
from playground.ui.common.dialogs import ConfirmDialog
from playground.ui.lab.screen import LabScreen
from playground.ui.shell.app import PlaygroundApp
from playground.ui.shell.home import HomeScreen
from tests.core.test_targets import write_profile
from tests.ui.helpers import QUIET, wait_for

EMULATOR_ACCOUNT = "000000000000"


def real_target(emulator_target: Any, allowed: list[str] | None = None) -> Any:
    write_profile("demo", emulator_target.endpoint_url)
    settings = Settings.model_validate({"target": {"allowed_accounts": allowed or []}})
    target = make_target(TargetSpec.resolve(settings, profile="demo"))
    target.start()
    return target


# --- allow-list ----------------------------------------------------------------------------------

def test_writes_outside_the_allowed_accounts_are_refused_and_nothing_is_made(target) -> None:
    real = real_target(target, allowed=["111111111111"])
    real.writes_confirmed = True  # even confirmed: the config file says not this account
    sqs = SqsService(real)
    assert sqs.list_queue_urls() == []  # reads go through
    with pytest.raises(AccountNotAllowed, match=f"account {EMULATOR_ACCOUNT} is not in "
                       r"target.allowed_accounts \(111111111111\)"):
        sqs.create_queue("outside")
    assert sqs.list_queue_urls() == []
    refused = [r for r in real.recorder.records if r.operation == "CreateQueue"]
    assert refused and all("was not sent" in (r.error_message or "") for r in refused)  # as the log says


def test_writes_to_an_allowed_account_go_through_once_confirmed(target) -> None:
    real = real_target(target, allowed=["111111111111", EMULATOR_ACCOUNT])
    real.writes_confirmed = True
    url = SqsService(real).create_queue("inside")
    assert url.endswith("/inside")


def test_the_allow_list_does_not_apply_to_emulators(target) -> None:
    target.allowed_accounts = ("111111111111",)
    try:
        assert SqsService(target).create_queue("local").endswith("/local")
    finally:
        target.allowed_accounts = ()


def test_a_refused_write_is_a_notice_in_the_app_not_a_crash(target) -> None:
    real = real_target(target, allowed=["111111111111"])
    real.writes_confirmed = True
    app = PlaygroundApp(settings=QUIET, target=real)
    shown: list[str] = []
    app.notify = lambda message, **kw: shown.append(f"{kw.get('title')}: {message}")  # type: ignore[method-assign]
    app.report_error(AccountNotAllowed("CreateQueue", EMULATOR_ACCOUNT, ("111111111111",)))
    assert shown and shown[0].startswith("account not allowed: CreateQueue was not sent")


@given(st.one_of(st.integers(), st.text(max_size=20), st.booleans(), st.none(), st.floats(),
                 st.lists(st.integers(), max_size=2)))
def test_any_account_entry_is_twelve_digits_or_refused_at_that_field(entry: Any) -> None:
    try:
        settings = Settings.model_validate({"target": {"allowed_accounts": [entry]}})
    except ValidationError as exc:
        assert exc.errors()[0]["loc"][:2] == ("target", "allowed_accounts")
    else:
        (account,) = settings.target.allowed_accounts
        assert len(account) == 12 and account.isascii() and account.isdigit()


def test_a_bad_account_in_the_config_file_is_one_line_with_file_line_and_field(
        tmp_path: Path) -> None:
    path = tmp_path / "config.yaml"
    path.write_text("target:\n  allowed_accounts:\n    - 12345\n")
    with pytest.raises(ConfigError) as caught:
        load_settings(path)
    assert str(caught.value) == (f"{path}:3: target.allowed_accounts[0]: an account id is twelve "
                                 'digits; quote it if it starts with 0, e.g. "012345678901"')


# --- a lab's plan ----------------------------------------------------------------------------------

@pytest.mark.parametrize("lab_id", ["sns-fanout", "events-first-rule", "sfn-first-state-machine"])
def test_the_plan_names_what_solving_the_lab_makes(target, lab_id: str) -> None:
    """Checked against the target: what reset finds and deletes after the solution ran."""
    lab = load_catalog().get(lab_id)
    session = LabSession(lab, target)
    plan = lab_plan(lab, session.variables, target.region)
    session.solve_through()
    made = set(session.reset().deleted)
    assert {f"{p.resource.kind} {p.resource.name}" for p in plan
            if p.resource.kind != "subscription"} == made


def test_every_planned_name_carries_the_lab_prefix(target) -> None:
    for lab in load_catalog().labs:
        variables = lab_variables(lab, target, "pg-")
        for item in lab_plan(lab, variables, "eu-west-1"):
            assert item.resource.name.startswith(variables["prefix"]), (lab.id, item)


async def test_a_lab_on_a_real_account_shows_its_plan_before_any_write(target) -> None:
    real = real_target(target)
    app = PlaygroundApp(settings=QUIET, target=real)
    async with app.run_test(size=(100, 36)) as pilot:
        app.open_lab("kinesis-shards")
        await wait_for(pilot, lambda: isinstance(app.screen, ConfirmDialog), what="the plan")
        body = str(app.screen.query_one(".dialog-body").render())
        assert f"AWS account {EMULATOR_ACCOUNT}, region eu-west-1" in body
        assert "step 1: stream pg-kshards-orders (2 shard(s), provisioned" in body
        shard_hour = shipped_prices()["kinesis.shard_hour"].each
        assert shard_hour is not None
        assert f"That is {fine_money(2 * shard_hour)} an hour while it exists" in body
        assert not [r for r in real.recorder.records if r.operation.startswith("Create")]
        await pilot.press("escape")  # not now: back where the learner was, nothing made
        await wait_for(pilot, lambda: isinstance(app.screen, HomeScreen), what="home")
        assert not real.writes_confirmed

        app.open_lab("kinesis-shards")
        await wait_for(pilot, lambda: isinstance(app.screen, ConfirmDialog), what="the plan")
        await pilot.press("y")
        await wait_for(pilot, lambda: isinstance(app.screen, LabScreen), what="the lab")
        assert real.writes_confirmed
        await pilot.press("s")  # do step 1 (confirmed in its own dialog): writes go through now
        await wait_for(pilot, lambda: isinstance(app.screen, ConfirmDialog), what="do it?")
        await pilot.press("y")
        kinesis = KinesisService(real)
        await wait_for(pilot, lambda: "pg-kshards-orders" in kinesis.list_streams(),
                       timeout=30, what="the stream made")


def test_lab_solve_on_a_real_account_prints_the_plan_first(target, capsys) -> None:
    write_profile("demo", target.endpoint_url)
    assert main(["--profile", "demo", "lab", "solve", "sqs-first-queue", "--step", "1",
                 "--yes"]) == 0
    out = capsys.readouterr().out
    plan = out.index("step 1: queue pg-sqs101-orders")
    assert out.index(f"on AWS account {EMULATOR_ACCOUNT}, region eu-west-1") < plan
    assert plan < out.index("step 1/")  # before the solution ran


async def test_account_and_region_stay_in_the_red_header_on_every_screen(target) -> None:
    from playground.ui.shell.target_header import TargetHeader
    from playground.ui.workbenches import WORKBENCHES

    real = real_target(target)
    app = PlaygroundApp(settings=QUIET, target=real)

    def shown_loud() -> bool:
        header = app.screen.query_one(TargetHeader)
        line = header.render()
        fits = 0 < line.cell_len <= header.size.width  # all of it on screen, nothing clipped
        return (fits and header.has_class("-real") and EMULATOR_ACCOUNT in line.plain
                and "eu-west-1" in line.plain and "REAL AWS" in line.plain)

    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for(pilot, shown_loud, what="home's header")
        for bench in WORKBENCHES:
            app.open_service(bench.key)
            screen = bench.screen()
            await wait_for(pilot, lambda screen=screen: isinstance(app.screen, screen)  # type: ignore[misc]
                           and shown_loud(),
                           what=f"{bench.title}'s header")
            app.pop_screen()
        app.open_lab("sqs-first-queue")
        await wait_for(pilot, lambda: isinstance(app.screen, ConfirmDialog), what="the plan")
        await pilot.press("y")
        await wait_for(pilot, lambda: isinstance(app.screen, LabScreen) and shown_loud(),
                       what="the lab's header")
