"""Feeds rendered in a spawned worker: the same bytes, errors raised in order, and a worker
that dies or cannot start costs no feed."""

from __future__ import annotations

import logging
import multiprocessing
import os
import pickle
from collections.abc import Callable
from pathlib import Path

import pytest

import feeds.render_worker
from aggregator.schema import Article
from feeds.publish import PublishReport
from feeds.render_worker import FeedRenderer
from feeds.validation import FeedValidationError

Publish = Callable[..., PublishReport]


def _published(out_dir: Path) -> dict[str, bytes]:
    return {p.relative_to(out_dir).as_posix(): p.read_bytes() for p in out_dir.rglob("*")
            if p.is_file() and not p.name.startswith(".")}


def invalid_feed(relpath: str) -> bytes:
    """A job that fails as an invalid document does (module level: it must pickle)."""
    raise FeedValidationError(relpath, "not well-formed XML")


def dies_in_a_worker(value: str) -> str:
    """A job whose worker process exits abruptly; run in the test's own process it returns."""
    if multiprocessing.parent_process() is not None:
        os._exit(3)
    return value


def pid_of_runner(_: str) -> int:
    return os.getpid()


def test_worker_publishes_the_same_bytes_as_rendering_here(
        run_publish: Publish, articles: list[Article], out_dir: Path,
        monkeypatch: pytest.MonkeyPatch) -> None:
    run_publish(articles, render_workers=0)
    here = _published(out_dir)
    for path in out_dir.rglob("*"):
        if path.is_file():
            path.unlink()
    monkeypatch.setattr(feeds.render_worker, "INLINE_ITEMS", 0)
    report = run_publish(articles, render_workers=1)
    assert _published(out_dir) == here
    assert {p.as_posix() for p in report.written} == set(here)


def test_jobs_run_in_another_process_only_after_the_inline_entries() -> None:
    with FeedRenderer(1, inline_items=10) as renderer:
        first = renderer.submit(10, pid_of_runner, "a")
        second = renderer.submit(10, pid_of_runner, "b")
        assert renderer.result(first) == os.getpid()
        assert renderer.result(second) != os.getpid()
    with FeedRenderer(0, inline_items=0) as renderer:
        assert renderer.submit(10, pid_of_runner, "c").future.result() == os.getpid()


def test_an_invalid_document_from_the_worker_is_raised_naming_its_file() -> None:
    with FeedRenderer(1, inline_items=0) as renderer:
        future = renderer.submit(1, invalid_feed, "province/hue.rss")
        with pytest.raises(FeedValidationError, match=r"province/hue\.rss") as raised:
            renderer.result(future)
    assert raised.value.relpath == "province/hue.rss"


def test_a_dead_worker_costs_no_job(caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.WARNING, logger="feeds.render_worker")
    with FeedRenderer(1, inline_items=0) as renderer:
        futures = [renderer.submit(1, dies_in_a_worker, name) for name in ("a", "b")]
        results = [renderer.result(f) for f in futures]
        later = renderer.submit(1, pid_of_runner, "c")
    assert results == ["a", "b"]
    assert later.future.result() == os.getpid()  # no new worker within the same publish
    assert "rendering in this process" in caplog.text


def test_a_worker_that_cannot_start_leaves_the_job_here(
        monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(*args: object, **kwargs: object) -> None:
        raise OSError("no processes left")

    monkeypatch.setattr(feeds.render_worker, "ProcessPoolExecutor", refuse)
    with FeedRenderer(1, inline_items=0) as renderer:
        assert renderer.submit(1, pid_of_runner, "a").future.result() == os.getpid()


def test_validation_error_survives_pickling() -> None:
    error = pickle.loads(pickle.dumps(FeedValidationError("all.atom", "root element is 'x'")))
    assert isinstance(error, FeedValidationError)
    assert (error.relpath, error.problem) == ("all.atom", "root element is 'x'")
    assert str(error).startswith("all.atom: generated document is invalid")
