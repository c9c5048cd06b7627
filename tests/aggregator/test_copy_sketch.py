"""Copy sketches as the store keeps them: the bytes give back the sketch, only to code and an
interpreter that would compute the same one."""

from __future__ import annotations

import subprocess
import sys
from datetime import UTC, datetime
from pathlib import Path

from aggregator.copy_sketch import (
    Sketch,
    article_sketch,
    decode_sketch,
    encode_sketch,
    sketch,
    sketch_marker,
)
from aggregator.schema import Article

TEXT = (
    "Liên hiệp các Hội Khoa học và Kỹ thuật tỉnh Lạng Sơn phối hợp với Sở Nông nghiệp và Môi "
    "trường tổ chức hội thảo khoa học về ứng dụng công nghệ sinh học trong sản xuất nông nghiệp "
    "hữu cơ. Tham dự hội thảo có hơn 120 đại biểu là nhà khoa học, cán bộ kỹ thuật, đại diện "
    "hợp tác xã và nông dân tiêu biểu đến từ các xã Cao Lộc, Văn Lãng và Tràng Định."
)


def _article(*, lead: str, body_text: str) -> Article:
    return Article(id="x/1", site_id="x", site_kind="federation", url="https://x.vn/1",
                   title="Hội thảo", lead=lead, body_text=body_text,
                   fetched_at=datetime(2026, 11, 1, tzinfo=UTC))


def test_a_sketch_round_trips() -> None:
    original = sketch(TEXT)
    assert len(original.values) == 64 and min(original.values) < 0 < max(original.values)
    assert decode_sketch(encode_sketch(original)) == original


def test_the_empty_sketch_of_a_short_text_round_trips() -> None:
    empty = sketch("Xem video: Lễ khai mạc")
    assert empty == Sketch((), frozenset())
    assert encode_sketch(empty) == sketch_marker()
    assert decode_sketch(encode_sketch(empty)) == empty


def test_a_sketch_made_by_other_code_or_another_interpreter_is_not_read() -> None:
    stored = encode_sketch(sketch(TEXT))
    other_marker = bytes(b ^ 0xFF for b in sketch_marker())
    assert decode_sketch(other_marker + stored[len(other_marker):]) is None
    assert decode_sketch(stored[:-1]) is None  # cut short
    assert decode_sketch(b"") is None


def test_the_body_is_sketched_else_the_lead() -> None:
    assert article_sketch(_article(lead="Sapo ngắn", body_text=TEXT)) == sketch(TEXT)
    assert article_sketch(_article(lead=TEXT, body_text="")) == sketch(TEXT)


def _printed_under_two_hash_seeds(program: str, stdin: str) -> set[str]:
    """What ``program`` prints for ``stdin`` in two fresh interpreters with different
    per-process string hash seeds."""
    return {subprocess.run([sys.executable, "-c", program], input=stdin, capture_output=True,
                           text=True, check=True, env={"PYTHONHASHSEED": seed, "PYTHONPATH": "."},
                           cwd=Path(__file__).parents[2]).stdout
            for seed in ("1", "2")}


def test_sketches_are_the_same_in_every_process() -> None:
    """The copies found must not depend on the interpreter's per-process string hash seed."""
    program = "import sys; from aggregator.copy_sketch import sketch; print(sketch(sys.stdin.read()))"
    assert _printed_under_two_hash_seeds(program, TEXT) == {f"{sketch(TEXT)}\n"}


def test_stored_sketches_are_the_same_in_every_process() -> None:
    """A sketch stored by the crawl is read by a publish in another process: neither the
    marker nor the values may depend on the per-process string hash seed."""
    program = ("import sys; from aggregator.copy_sketch import encode_sketch, sketch; "
               "print(encode_sketch(sketch(sys.stdin.read())).hex())")
    assert _printed_under_two_hash_seeds(program, TEXT) == {f"{encode_sketch(sketch(TEXT)).hex()}\n"}
