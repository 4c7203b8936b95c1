"""Rewrite the check/action reference in labs/README.md from the lab registry.

    .venv/bin/python scripts/lab_reference.py          # rewrite the section
    .venv/bin/python scripts/lab_reference.py --check  # exit 1 if it is out of date

Only the section between the two marker comments changes; the rest of the README is
hand-written. tests/lab/test_reference.py fails when the section is out of date.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from playground.lab.reference import update_readme, with_reference  # noqa: E402

README = ROOT / "labs" / "README.md"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="only say whether it is current")
    args = parser.parse_args(argv)
    if args.check:
        text = README.read_text(encoding="utf-8")
        current = with_reference(text) == text
        print(f"{README.relative_to(ROOT)}: reference is {'current' if current else 'out of date'}")
        return 0 if current else 1
    changed = update_readme(README)
    print(f"{README.relative_to(ROOT)}: {'rewrote the reference' if changed else 'already current'}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
