"""When to merge segments: each commit writes one, and Whoosh's default policy only merges
tiny ones, so 1,000 single-report commits would leave 1,000 segments (and ~10 open files
each). Here segments are tiered by size (factor 8); when a tier holds 8 segments counting
the one being written, they are merged into it. Each document is rewritten about
log8(n) times and an index keeps a few segments per tier.
"""
from __future__ import annotations

import math
from collections import defaultdict

from whoosh.reading import SegmentReader

FACTOR = 8
#: Segments smaller than this (documents) share the lowest tier.
BASE = 2000
#: A segment with more than this share of deleted documents is rewritten without them.
MAX_DELETED = 0.3


def _tier(docs: int) -> int:
    return 0 if docs < BASE else 1 + int(math.log(docs / BASE, FACTOR))


def merge_policy(writer, segments):
    """Whoosh merge hook: merge the chosen segments into the writer's new one and return
    the segments to keep as they are."""
    tiers: dict[int, list] = defaultdict(list)
    merge = []
    for seg in segments:
        total = seg.doc_count_all()
        if total and seg.deleted_count() / total > MAX_DELETED:
            merge.append(seg)
        else:
            tiers[_tier(seg.doc_count())].append(seg)
    keep = []
    for segs in tiers.values():
        (merge if len(segs) >= FACTOR - 1 else keep).extend(segs)
    for seg in merge:
        reader = SegmentReader(writer.storage, writer.schema, seg)
        writer.add_reader(reader)
        reader.close()
    return keep
