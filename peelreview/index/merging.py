"""When to merge segments. Each commit writes one segment, and Whoosh's default policy only
merges tiny ones, so 1,000 single-report commits would leave 1,000 segments (~10 open
files each). But a merge rewrites every document it takes, at about the cost of indexing
it again: with segments tiered by size and merged eight at a time all the way up, a
1,000-report import rewrote each document three or four times, most of the import's time.

So only small segments are merged: those under BIG documents are tiered by size (factor
8) and when a tier holds 8 counting the one being written, they are merged into it. A
segment of BIG documents or more -- what a batch of a bulk import writes, or what merging
small ones produced -- is kept as it is, unless over MAX_DELETED of it has been deleted
(reports replaced or removed), when it is rewritten without them. An index of 1,000
reports thus holds a few dozen segments, and each document is written once in a bulk
import and at most twice when reports come one at a time.
"""
from __future__ import annotations

import math
from collections import defaultdict

from whoosh.reading import SegmentReader

FACTOR = 8
#: Segments smaller than this (documents) share the lowest tier.
BASE = 1000
#: Segments of at least this many documents are not merged (see above).
BIG = BASE * FACTOR
#: A segment with more than this share of deleted documents is rewritten without them.
MAX_DELETED = 0.3


def _tier(docs: int) -> int:
    return 0 if docs < BASE else 1 + int(math.log(docs / BASE, FACTOR))


def merge_policy(writer, segments):
    """Whoosh merge hook: merge the chosen segments into the writer's new one and return
    the segments to keep as they are."""
    tiers: dict[int, list] = defaultdict(list)
    merge, keep = [], []
    for seg in segments:
        total = seg.doc_count_all()
        if total and seg.deleted_count() / total > MAX_DELETED:
            merge.append(seg)
        elif seg.doc_count() >= BIG:
            keep.append(seg)
        else:
            tiers[_tier(seg.doc_count())].append(seg)
    for segs in tiers.values():
        (merge if len(segs) >= FACTOR - 1 else keep).extend(segs)
    for seg in merge:
        reader = SegmentReader(writer.storage, writer.schema, seg)
        writer.add_reader(reader)
        reader.close()
    return keep
