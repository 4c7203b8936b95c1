"""`playground locate`: where the config file, data and labs live (no target involved)."""

from __future__ import annotations

import argparse

from playground.cli.common import EXIT_OK, Subcommands


def add_locate_command(sub: Subcommands) -> None:
    p = sub.add_parser("locate", help="print where config and data files live")
    p.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    from playground.locations import config_file, content_dir, data_dir

    print(f"config  {config_file()}")
    print(f"data    {data_dir()}")
    print(f"labs    {content_dir('labs')}")
    return EXIT_OK
