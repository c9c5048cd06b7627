"""Shared Hypothesis settings and input generators for the property tests.

Pure random text rarely reaches the interesting branches (a date regex, a province name, a
``<script`` tag), so each generator mixes random characters with fragments in the real shapes.
"""

from __future__ import annotations

import os

from hypothesis import HealthCheck, settings
from hypothesis import strategies as st

FUZZ = settings(max_examples=int(os.environ.get("FUZZ_EXAMPLES", "200")), deadline=None,
                suppress_health_check=[HealthCheck.too_slow])
"""200 examples keep every test run fast; ``FUZZ_EXAMPLES=20000`` makes a deeper hunt."""

NASTY_CHARACTERS = st.sampled_from(
    ["\x00", "\x0b", "\x0c", "\x1f", "\u00a0", "\u200b", "\ufeff", "\ufffe", "\uffff", "\ud800",
     "\udfff", "\u0301", "\u0323", "\n", "\t", "Đ", "\u00d0", "ơ\u0301", "ư", "…", "–"])


def mixed_text(fragments: st.SearchStrategy[str], *, max_parts: int = 8) -> st.SearchStrategy[str]:
    """Concatenations of shaped ``fragments``, random text and characters that break parsers."""
    part = st.one_of(fragments, st.text(max_size=12), NASTY_CHARACTERS)
    return st.lists(part, max_size=max_parts).map("".join)
