"""Shard lineage as a small tree: who split from whom, which two merged into one."""

from __future__ import annotations

from dataclasses import dataclass

from playground.aws.kinesis.service import Shard
from playground.aws.validation import whole_number


@dataclass(frozen=True)
class LineageRow:
    """One line of the tree: indentation drawn as `prefix`, and what to say about parents."""

    shard: Shard
    prefix: str
    note: str


def lineage(shards: list[Shard]) -> list[LineageRow]:
    """Roots first in keyspace order, children under their parent.

    A merged shard has two parents; it is drawn under its ParentShardId and names the
    adjacent one. A parent the target no longer lists (emulators that delete it, or one past
    retention on AWS) is named in the child's note.
    """
    by_id = {s.shard_id: s for s in shards}
    children: dict[str, list[Shard]] = {}
    roots: list[Shard] = []
    for shard in shards:
        home = shard.parent if shard.parent in by_id else (
            shard.adjacent_parent if shard.adjacent_parent in by_id else None)
        if home is None:
            roots.append(shard)
        else:
            children.setdefault(home, []).append(shard)
    rows: list[LineageRow] = []

    def order(items: list[Shard]) -> list[Shard]:
        return sorted(items, key=lambda s: (s.start_hash, s.shard_id))

    def note(shard: Shard) -> str:
        if shard.parent and shard.adjacent_parent:
            text = (f"merged from {short_id(shard.parent)} + "
                    f"{short_id(shard.adjacent_parent).removeprefix('shard ')}")
        elif shard.parent:
            text = f"split from {short_id(shard.parent)}"
        else:
            return ""
        return text + (" (gone)" if any(p not in by_id for p in shard.parents) else "")

    def walk(shard: Shard, lead: str, branch: str, seen: frozenset[str]) -> None:
        rows.append(LineageRow(shard, lead + branch, note(shard)))
        kids = [k for k in order(children.get(shard.shard_id, [])) if k.shard_id not in seen]
        below = lead + ("   " if branch in ("└─ ", "") else "│  ")
        for i, kid in enumerate(kids):
            walk(kid, below if branch else lead, "└─ " if i == len(kids) - 1 else "├─ ",
                 seen | {kid.shard_id})

    for root in order(roots):
        walk(root, "", "", frozenset({root.shard_id}))
    return rows


def short_id(shard_id: str) -> str:
    """`shardId-000000000003` → `shard 3`: the number is what changes."""
    head, _, number = shard_id.rpartition("-")
    shard = whole_number(number) if head == "shardId" else None
    if shard is not None:
        return f"shard {shard}"
    return shard_id
