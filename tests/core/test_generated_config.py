"""Generated config files through load_settings: random YAML, random text and bytes, and
mutations of a full valid config. The answer is Settings or one printable ConfigError line,
which names the field whenever the file is a mapping.

Examples per test: the Hypothesis profile from tests/conftest.py (HYPOTHESIS_PROFILE=thorough
for the long run)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import given
from hypothesis import strategies as st

from playground.config import ConfigError, Settings, TargetSettings, UiSettings, load_settings
from tests.yaml_strategies import Mutation, documents, mutated, spliced

FULL = {
    "target": {"kind": "embedded", "profile": None, "region": None, "endpoint_url": None,
               "emulator_port": None},
    "ui": {"theme": "textual-dark", "call_log": False, "animations": True, "clock": True,
           "cost_meter": True},
    "read_only": False,
    "resource_prefix": "pg-",
    "keymap": {"app.toggle-call-log": "ctrl+l"},
}
"""Every setting, as the README shows them."""
WORDS = sorted({*Settings.model_fields, *TargetSettings.model_fields, *UiSettings.model_fields,
                "embedded", "localstack", "aws", "nord"})


@pytest.fixture(scope="module")
def config(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("generated-config") / "config.yaml"


def load(path: Path, content: str | bytes) -> ConfigError | None:
    """Settings or one ConfigError line; any other exception fails the test."""
    if isinstance(content, str):
        path.write_text(content, encoding="utf-8")
    else:
        path.write_bytes(content)
    try:
        assert isinstance(load_settings(path), Settings)
    except ConfigError as exc:
        line = str(exc)
        assert line.startswith(str(path)) and exc.problem
        assert line.isprintable(), f"not one printable line: {line!r}"
        return exc
    return None


def test_the_full_config_loads(config: Path) -> None:
    assert load(config, yaml.safe_dump(FULL)) is None


@given(documents(WORDS))
def test_random_documents(config: Path, data: Any) -> None:
    error = load(config, yaml.safe_dump(data))
    if error is not None and isinstance(data, dict):
        assert error.field, str(error)


@given(st.text(max_size=300))
def test_random_text(config: Path, text: str) -> None:
    load(config, text)


@given(st.binary(max_size=300))
def test_random_bytes(config: Path, content: bytes) -> None:
    load(config, content)


@given(mutated(FULL))
def test_mutations_of_a_full_config(config: Path, case: tuple[dict[str, Any], Mutation]) -> None:
    data, mutation = case
    text = yaml.safe_dump(data, sort_keys=False)
    error = load(config, text)
    if "*id" in text:  # the mutation shared a node: YAML wrote an anchor and an alias
        assert error is not None and "aliases" in error.problem
    elif error is not None:
        assert mutation.related(error.field), (mutation, str(error))


@given(spliced(yaml.safe_dump(FULL, sort_keys=False)))
def test_a_full_config_with_yaml_noise_spliced_in(config: Path, text: str) -> None:
    load(config, text)
