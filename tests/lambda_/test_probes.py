"""What the Lambda probes say about the embedded emulator, and that they clean up."""

from __future__ import annotations

import shutil

from playground.parity import NOTES
from playground.targets.embedded import EmbeddedTarget
from playground.targets.probes import probe_capabilities


def test_node_runs_where_the_host_has_node(target: EmbeddedTarget) -> None:
    [cap] = probe_capabilities(target, only=["lambda-node"])
    assert cap.available == (shutil.which("node") is not None), cap.note
    assert target.client("lambda").list_functions()["Functions"] == []


def test_the_emulator_does_not_bisect_a_failing_kinesis_batch(target: EmbeddedTarget) -> None:
    """Measured on ministack 1.5.33: the mapping retries the whole batch, so the probe says no
    and lab steps that need bisect are skipped with this note."""
    [cap] = probe_capabilities(target, only=["kinesis-bisect"])
    assert not cap.available and "whole" in cap.note
    assert "BisectBatchOnFunctionError" in NOTES["kinesis-bisect"].text()
    lam = target.client("lambda")
    assert lam.list_functions()["Functions"] == []
    assert lam.list_event_source_mappings()["EventSourceMappings"] == []
    assert target.client("kinesis").list_streams()["StreamNames"] == []
