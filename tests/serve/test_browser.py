"""`playground serve` in a real browser: headless Chromium opens the page, waits for the app to
draw, types, and a second tab watches what the first one did, on the one shared emulator.

Screenshots are test artifacts: saved under the test's tmp_path (pytest keeps the last three
runs) and, when PLAYGROUND_ARTIFACTS names a directory, copied to PLAYGROUND_ARTIFACTS/serve/.
Without /usr/bin/chromium (Debian package `chromium`; `.ci/run` installs it) the test skips,
except under CI=true, where it fails: the browser test must not vanish from CI unseen.
"""

from __future__ import annotations

import os
import shutil
import sys
import time
from pathlib import Path

import pytest

from playground.targets.emulator import free_port, port_in_use
from tests.serve.chromium import CHROMIUM, Page, chromium
from tests.serve.helpers import (
    alive,
    descendants,
    emulator_url,
    is_emulator,
    is_tab_app,
    served,
    stop,
)

QUEUE = "pg-made-in-tab-one"


def in_ci() -> bool:
    return os.environ.get("CI", "").lower() in ("1", "true", "yes")


@pytest.fixture
def browser_available() -> None:
    if not os.access(CHROMIUM, os.X_OK):
        why = f"{CHROMIUM} is missing (Debian package `chromium`; .ci/run installs it)"
        if in_ci():
            pytest.fail(f"CI=true, so the browser test may not skip: {why}")
        pytest.skip(why)


def artifact(page_png: Path) -> Path:
    """Copy a screenshot where CI collects artifacts, if it said where."""
    where = os.environ.get("PLAYGROUND_ARTIFACTS")
    if not where:
        return page_png
    target = Path(where) / "serve" / page_png.name
    target.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(page_png, target)
    return target


async def shot(page: Page, tmp_path: Path, name: str) -> None:
    path = artifact(await page.screenshot(tmp_path / f"{name}.png"))
    print(f"screenshot: {path}", file=sys.stderr)


@pytest.mark.slow  # a browser's dozen processes, ~30 s
async def test_two_tabs_draw_type_and_share_one_emulator(browser_available: None,
                                                         tmp_path: Path) -> None:
    port = free_port()
    url = f"http://127.0.0.1:{port}/"
    with served("--port", str(port)) as (proc, lines):
        shared = emulator_url(lines)
        async with chromium() as browser:
            first = await browser.new_page()
            started = time.perf_counter()
            await first.open(url)
            home = await first.wait_for_text("Workbenches", "shared emulator (served)", "ready")
            print(f"first draw {time.perf_counter() - started:.2f} s after opening the page",
                  file=sys.stderr)
            await shot(first, tmp_path, "serve-tab1-home")

            await first.press("Enter")  # SQS is the highlighted workbench
            workbench = await first.wait_for_text("New queue")
            assert workbench != home and "Guided labs" not in workbench
            await first.press("n")
            await first.wait_for_text("Create")
            await first.type(QUEUE)
            await first.press("Enter")
            await first.wait_for_text(f"created {QUEUE}")
            await shot(first, tmp_path, "serve-tab1-created")

            second = await browser.new_page()
            await second.open(url)
            await second.wait_for_text("Workbenches", "shared emulator (served)")
            await second.press("Enter")
            watching = await second.wait_for_text("New queue", QUEUE)
            assert f"created {QUEUE}" not in watching  # tab two lists it; tab one made it
            await shot(second, tmp_path, "serve-tab2-sees-it")

            tree = descendants(proc.pid)
            assert sum(map(is_tab_app, tree)) == 2
            assert sum(map(is_emulator, tree)) == 1  # serve's; neither tab started one
        assert stop(proc) == 0
    assert [p.cmdline() for p in tree if alive(p)] == []
    assert not port_in_use(int(shared.rsplit(":", 1)[1]))
