"""Summaries that the pages read instead of the period's rows (docs/summaries.md).

- `bins`: the first-response histogram and its median, within 1 s or 1 %;
- `build`: rebuilding the buckets that changed (never incrementing), and the dirty mark;
- `read`: a filtered period's §3 counts and daily volume from the buckets.
"""
