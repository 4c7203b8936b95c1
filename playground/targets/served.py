"""The app as `playground serve` runs it, once per browser tab: every tab's app uses the one
emulator serve started (so a second tab watches what the first does), and real AWS is refused
unless serve was given `--allow-aws`.

serve tells each tab's app through its environment (textual-serve starts a tab's app with a copy
of serve's); `served_spec` turns that into the tab's TargetSpec, and `make_target` enforces it.
"""

from __future__ import annotations

import os
import urllib.error
from collections.abc import Callable, Mapping
from typing import Any, ClassVar

from playground.targets.embedded import EmbeddedTarget
from playground.targets.emulator import HEALTH_PATH, EmbeddedEmulator, http_json
from playground.targets.endpoint import check_url
from playground.targets.errors import TargetError
from playground.targets.factory import TargetSpec

SHARED_EMULATOR_ENV = "PLAYGROUND_SERVED_EMULATOR"
"""URL of the emulator `playground serve` started, set for every tab's app."""
ALLOW_AWS_ENV = "PLAYGROUND_SERVED_ALLOW_AWS"
""""1" when serve was given --allow-aws; anything else (or unset, while served): refused."""

AWS_REFUSED = ("real AWS is refused while the playground is served in a browser: "
               "start it with `playground serve --allow-aws` to allow it")
SHARED_LABEL = "shared emulator (served)"
"""How the header names it (TargetSpec.title says the same)."""


def served_policy(env: Mapping[str, str] | None = None) -> tuple[str | None, bool]:
    """(the shared emulator's URL, real AWS refused) from a tab's environment; (None, False)
    when the app is not served."""
    env = os.environ if env is None else env
    url = env.get(SHARED_EMULATOR_ENV) or None
    if url is None:
        return None, False
    return url, env.get(ALLOW_AWS_ENV) != "1"


def served_spec(spec: TargetSpec, env: Mapping[str, str] | None = None) -> TargetSpec:
    """The spec a served tab's app uses: the embedded kind means serve's emulator, and real AWS
    is refused unless serve allowed it. Unchanged when the app is not served."""
    url, refuse_aws = served_policy(env)
    if url is None:
        return spec
    return spec.with_(shared_emulator=url, refuse_aws=refuse_aws)


class SharedEmulator(EmbeddedEmulator):
    """An emulator another process (serve) started and owns: this side only talks to it, so a
    tab's app never starts, restarts or stops it."""

    def __init__(self, url: str) -> None:
        super().__init__(None)
        self.shared_url = check_url(url)
        self.port = int(url.rsplit(":", 1)[1].split("/", 1)[0])

    @property
    def url(self) -> str:
        return self.shared_url

    @property
    def running(self) -> bool:
        return self.why_down() is None

    def why_down(self, timeout: float = 2.0) -> str | None:
        try:
            http_json(self.url + HEALTH_PATH, timeout=timeout)
        except (urllib.error.URLError, OSError, ValueError):
            return "the shared emulator of `playground serve` does not answer (did serve stop?)"
        return None

    def launch(self) -> None:
        """Nothing to launch: serve started it."""

    def start(self, progress: Callable[[str], None] | None = None) -> str:
        if progress:
            progress(f"connecting to the shared emulator at {self.url}")
        reason = self.why_down()
        if reason is not None:
            raise TargetError(reason)
        return self.url

    def stop(self) -> None:
        """Not ours to stop: serve stops it when it ends."""


class SharedEmulatorTarget(EmbeddedTarget):
    """The embedded emulator as a served tab sees it: the one serve runs, shared by every tab.
    Reset and peek work (and reach every tab); restarting is serve's business."""

    supports_restart: ClassVar[bool] = False

    def __init__(self, url: str, region: str = "us-east-1", **kwargs: Any) -> None:
        super().__init__(region, **kwargs)
        self.emulator = SharedEmulator(url)

    @property
    def label(self) -> str:
        return SHARED_LABEL

    def restart_refusal(self) -> str:
        return ("The shared emulator belongs to `playground serve` and every tab uses it: "
                "restart serve to get a new one (reset empties it for every tab).")
