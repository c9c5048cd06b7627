"""The built-in topics keep at least the precision/recall measured in the README on the eight
tuning sets and the held-out set of ``bench/topic_quality.py`` (floors, not the 0.9 target,
which several figures miss; see README "Search and topic feeds").

The held-out floors guard against a change that makes the topics worse on articles they were
not tuned on; they are not something to tune towards: a query adjusted while looking at the
held-out set's results makes that set tuning data, and a new held-out set is then needed.
"""

from __future__ import annotations

import importlib.util
import sys
from itertools import combinations
from pathlib import Path
from types import ModuleType

import pytest

from aggregator.search.topics import BUILTIN_TOPIC_ENTRIES

BENCH = Path(__file__).resolve().parents[3] / "bench" / "topic_quality.py"
GOLD_FLOOR = {  # topic: (precision, recall) as measured, rounded down
    "khoa-hoc-cong-nghe": (0.97, 0.92), "doi-moi-sang-tao": (1.0, 1.0),
    "chuyen-doi-so": (0.92, 0.92), "lien-hiep-hoi": (1.0, 1.0),
    "nong-nghiep-cong-nghe": (1.0, 1.0),
}
TUNING_SAMPLES_FLOOR = {
    "khoa-hoc-cong-nghe": (0.93, 1.0), "doi-moi-sang-tao": (1.0, 1.0),
    "chuyen-doi-so": (1.0, 0.9), "lien-hiep-hoi": (1.0, 1.0),
    "nong-nghiep-cong-nghe": (1.0, 1.0),
}
TUNING_SAMPLES_2_FLOOR = {
    "khoa-hoc-cong-nghe": (0.94, 1.0), "doi-moi-sang-tao": (0.9, 1.0),
    "chuyen-doi-so": (1.0, 1.0), "lien-hiep-hoi": (1.0, 0.9),
    "nong-nghiep-cong-nghe": (1.0, 1.0),
}
TUNING_SAMPLES_3_FLOOR = {
    "khoa-hoc-cong-nghe": (0.92, 0.92), "doi-moi-sang-tao": (1.0, 1.0),
    "chuyen-doi-so": (1.0, 1.0), "lien-hiep-hoi": (1.0, 1.0),
    "nong-nghiep-cong-nghe": (0.94, 1.0),
}
TUNING_SAMPLES_4_FLOOR = {
    "khoa-hoc-cong-nghe": (0.92, 1.0), "doi-moi-sang-tao": (1.0, 1.0),
    "chuyen-doi-so": (1.0, 1.0), "lien-hiep-hoi": (1.0, 1.0),
    "nong-nghiep-cong-nghe": (0.94, 1.0),
}
TUNING_SAMPLES_5_FLOOR = {
    "khoa-hoc-cong-nghe": (0.96, 0.96), "doi-moi-sang-tao": (1.0, 1.0),
    "chuyen-doi-so": (1.0, 0.94), "lien-hiep-hoi": (1.0, 1.0),
    "nong-nghiep-cong-nghe": (0.94, 1.0),
}
TUNING_SAMPLES_6_FLOOR = {
    "khoa-hoc-cong-nghe": (0.85, 0.88), "doi-moi-sang-tao": (1.0, 0.94),
    "chuyen-doi-so": (1.0, 0.94), "lien-hiep-hoi": (1.0, 1.0),
    "nong-nghiep-cong-nghe": (0.93, 0.93),
}
TUNING_SAMPLES_7_FLOOR = {
    "khoa-hoc-cong-nghe": (0.71, 0.82), "doi-moi-sang-tao": (1.0, 0.75),
    "chuyen-doi-so": (1.0, 0.85), "lien-hiep-hoi": (1.0, 1.0),
    "nong-nghiep-cong-nghe": (0.73, 0.94),
}
HELD_OUT_FLOOR = {
    "khoa-hoc-cong-nghe": (0.9, 0.67), "doi-moi-sang-tao": (0.91, 0.68),
    "chuyen-doi-so": (0.94, 0.89), "lien-hiep-hoi": (1.0, 1.0),
    "nong-nghiep-cong-nghe": (1.0, 0.88),
}


def _bench() -> ModuleType:
    spec = importlib.util.spec_from_file_location("topic_quality", BENCH)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # its slotted dataclasses look their module up there
    spec.loader.exec_module(module)
    return module


@pytest.mark.parametrize(("which", "floor"), [("gold_set", GOLD_FLOOR),
                                              ("tuning_samples_set", TUNING_SAMPLES_FLOOR),
                                              ("tuning_samples_2_set", TUNING_SAMPLES_2_FLOOR),
                                              ("tuning_samples_3_set", TUNING_SAMPLES_3_FLOOR),
                                              ("tuning_samples_4_set", TUNING_SAMPLES_4_FLOOR),
                                              ("tuning_samples_5_set", TUNING_SAMPLES_5_FLOOR),
                                              ("tuning_samples_6_set", TUNING_SAMPLES_6_FLOOR),
                                              ("tuning_samples_7_set", TUNING_SAMPLES_7_FLOOR),
                                              ("held_out_set", HELD_OUT_FLOOR)])
def test_built_in_topics_hold_their_measured_quality(
        which: str, floor: dict[str, tuple[float, float]]) -> None:
    bench = _bench()
    scores = {score.topic: score for score in bench.score_topics(*getattr(bench, which)())}
    assert set(scores) == set(floor)
    for topic, (precision, recall) in floor.items():
        assert scores[topic].precision >= precision, (topic, scores[topic].false_positives)
        assert scores[topic].recall >= recall, (topic, scores[topic].false_negatives)


@pytest.mark.parametrize(("which", "at_least"), [("tuning_samples_set", 40),
                                                 ("tuning_samples_2_set", 60),
                                                 ("tuning_samples_3_set", 80),
                                                 ("tuning_samples_4_set", 90),
                                                 ("tuning_samples_5_set", 90),
                                                 ("tuning_samples_6_set", 90),
                                                 ("tuning_samples_7_set", 90),
                                                 ("held_out_set", 90)])
def test_samples_are_labelled_with_built_in_topics_only(which: str, at_least: int) -> None:
    bench = _bench()
    articles, labels = getattr(bench, which)()
    known = {entry["id"] for entry in BUILTIN_TOPIC_ENTRIES}
    assert len(articles) >= at_least
    assert all(set(topics) <= known for topics in labels.values()), labels


@pytest.mark.parametrize(("one", "other"), list(combinations(
    ["tuning_samples_set", "tuning_samples_2_set", "tuning_samples_3_set", "tuning_samples_4_set",
     "tuning_samples_5_set", "tuning_samples_6_set", "tuning_samples_7_set",
     "held_out_set"], 2)))
def test_no_sample_is_in_two_sets(one: str, other: str) -> None:
    bench = _bench()
    first, _ = getattr(bench, one)()
    second, _ = getattr(bench, other)()
    assert not {a.id for a in first} & {a.id for a in second}
    assert not {a.title for a in first} & {a.title for a in second}
