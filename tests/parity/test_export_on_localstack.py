"""Export from LocalStack: the capstone's wiring built there, exported as a script and run on
the embedded emulator, gives the same flow map (the queue URLs, ARNs and execution names
LocalStack uses do not leak into the export)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from typing import Any

from playground.export.collect import collect
from playground.export.script import render
from tests.export.test_export import capstone_wired, wiring


def test_a_script_exported_from_localstack_rebuilds_the_map_on_the_emulator(
        localstack: Any, target: Any, tmp_path: Path) -> None:
    session = capstone_wired(localstack)
    try:
        before = wiring(localstack)
        export = collect(localstack, "capstone-order-pipeline")
        assert not export.skipped
        script = tmp_path / "capstone.py"
        script.write_text(render(export).replace("__EXPORT_FILE__", "capstone.py"))
        env = {**os.environ, "AWS_ACCESS_KEY_ID": "test", "AWS_SECRET_ACCESS_KEY": "test"}
        done = subprocess.run([sys.executable, str(script), "--endpoint-url",
                               str(target.endpoint_url), "--region", target.region],
                              capture_output=True, text=True, env=env, timeout=120)
        assert done.returncode == 0, done.stderr[-3000:]
        assert wiring(target) == before
    finally:
        session.reset()
