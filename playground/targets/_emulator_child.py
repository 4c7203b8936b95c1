"""Entry point of the emulator child process: run ministack, die with the parent."""

from __future__ import annotations

import os
import shutil
import sys
import threading


def _die_with_parent() -> None:
    # The parent holds the other end of our stdin; EOF means it is gone (exit, crash, SIGKILL).
    try:
        while sys.stdin.buffer.read(4096):
            pass
    finally:
        workdir = os.environ.get("PLAYGROUND_EMULATOR_DIR")
        if workdir and os.path.basename(workdir).startswith("playground-emulator-"):
            shutil.rmtree(workdir, ignore_errors=True)
        os._exit(0)


def main() -> None:
    threading.Thread(target=_die_with_parent, name="die-with-parent", daemon=True).start()
    sys.argv = ["ministack"]
    from ministack.app import main as ministack_main

    ministack_main()


if __name__ == "__main__":
    main()
