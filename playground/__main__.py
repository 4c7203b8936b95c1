"""`python -m playground` runs the same entry point as the `playground` command."""

from __future__ import annotations

from playground.cli.main import main

raise SystemExit(main())
