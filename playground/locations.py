"""Where the playground keeps its files (XDG dirs; env vars point tests elsewhere)."""

from __future__ import annotations

import os
from pathlib import Path

from platformdirs import user_config_dir, user_data_dir

APP_NAME = "playground"


def config_file() -> Path:
    """PLAYGROUND_CONFIG, else config.yaml in the XDG config dir."""
    explicit = os.environ.get("PLAYGROUND_CONFIG")
    if explicit:
        return Path(explicit).expanduser()
    return Path(user_config_dir(APP_NAME)) / "config.yaml"


def data_dir() -> Path:
    """PLAYGROUND_DATA_DIR, else the XDG data dir (lab progress lives here)."""
    explicit = os.environ.get("PLAYGROUND_DATA_DIR")
    return Path(explicit).expanduser() if explicit else Path(user_data_dir(APP_NAME))


def package_root() -> Path:
    return Path(__file__).resolve().parent


def content_dir(name: str) -> Path:
    """`labs` or `assets`: inside the wheel when installed, at the repo root in a checkout."""
    packaged = package_root() / "_content" / name
    if packaged.is_dir():
        return packaged
    return package_root().parent / name
