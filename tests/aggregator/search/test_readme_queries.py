"""The README's table of built-in topics shows each topic's query exactly as shipped: staff copy
a query from it to adapt it, and a stale row once hid two terms of a round's change."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from aggregator.search.topics import Topic, builtin_topics

README = Path(__file__).resolve().parents[3] / "README.md"


@pytest.mark.parametrize("topic", builtin_topics(), ids=lambda topic: topic.id)
def test_the_readme_shows_each_built_in_query_as_shipped(topic: Topic) -> None:
    row = re.search(rf"^\| `{re.escape(topic.id)}` \| ([^|]*) \| `([^`]*)` \|$",
                    README.read_text(encoding="utf-8"), re.MULTILINE)
    assert row is not None, f"no README row for {topic.id}"
    assert (row.group(1).strip(), row.group(2)) == (topic.name, topic.query_text)
