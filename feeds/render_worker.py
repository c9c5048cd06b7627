"""Render a large publish's feeds in a second process while this one reads the next feeds.

Why: a full publish of a large store is about half reading and choosing (store queries, copy
detection, topic membership, entry texts) and half rendering (feedgen's Atom and RSS, JSON
Feed, the HTML page, and parsing every document back to validate it). Per feed the two halves
are independent, so on a machine with a second core the rendering of one feed overlaps the
reading of the next (the 100,000-article bench: see the README, "Search and topic feeds").

- The worker is *spawned*, never forked: a publish may run in a process with threads (the
  scheduler, a distributed worker), where a fork can copy a lock another thread holds.
- Small publishes render in this process: starting the worker (a new interpreter importing
  feedgen and lxml) costs more than it saves until about :data:`INLINE_ITEMS` entries.
- Documents come back in submission order and are validated where they are rendered, so a
  :class:`~feeds.validation.FeedValidationError` still stops the publish at that feed.
- A worker that cannot start or dies takes no feed with it: the feed is rendered again here,
  and so is every later one.
- A worker whose publish is killed (``kill -9``, the out-of-memory killer) exits too, instead
  of idling on as an orphan after every such crash.
"""

from __future__ import annotations

import logging
import multiprocessing
import os
import threading
import time
from collections.abc import Callable, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass
from typing import Generic, TypeVar

from feeds.catalog import FeedSpec
from feeds.feed_page import feed_page_document
from feeds.feedgen_adapter import atom_document, rss_document
from feeds.jsonfeed import json_feed_document
from feeds.model import PAGE_FORMAT, FeedItem, FeedMeta
from feeds.validation import check_document

log = logging.getLogger(__name__)

Documents = dict[str, bytes]
"""Path relative to the output folder -> the bytes to publish there."""
Renderer = Callable[[FeedMeta, Sequence[FeedItem]], bytes]

RENDERERS: dict[str, Renderer] = {
    "atom": atom_document,
    "rss": rss_document,
    "json": json_feed_document,
}
"""File extension -> document writer; the keys are ``feeds.model.FORMATS``."""

INLINE_ITEMS = 500
"""Entries rendered in this process before the worker is started (when there is one)."""

T = TypeVar("T")


def render_documents(spec: FeedSpec, meta: FeedMeta, items: Sequence[FeedItem]) -> Documents:
    """The feed in every format and its HTML page, each checked by
    :func:`~feeds.validation.check_document` (raises ``FeedValidationError``)."""
    documents = {f"{spec.path}.{fmt}": render_format(meta, items)
                 for fmt, render_format in RENDERERS.items()}
    documents[f"{spec.path}.{PAGE_FORMAT}"] = feed_page_document(spec, meta, items)
    for relpath, data in documents.items():
        check_document(relpath, data)
    return documents


def default_workers() -> int:
    """One worker when this process may use two cores or more, else none."""
    try:
        cores = len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        cores = os.cpu_count() or 1
    return 1 if cores >= 2 else 0


@dataclass(frozen=True, slots=True)
class Rendering(Generic[T]):
    """A submitted job: its future, and the job itself to run again if its worker dies."""

    future: Future[T]
    job: Callable[..., T]
    args: tuple[object, ...]

    def done(self) -> bool:
        return self.future.done()


class FeedRenderer:
    """Runs jobs in this process, or in a worker once :data:`INLINE_ITEMS` entries have gone
    through here; use it as a context manager (the worker is shut down on exit)."""

    def __init__(self, workers: int, inline_items: int | None = None) -> None:
        self._workers = workers
        self._inline_left = INLINE_ITEMS if inline_items is None else inline_items
        self._pool: ProcessPoolExecutor | None = None

    def __enter__(self) -> FeedRenderer:
        return self

    def __exit__(self, *exc_info: object) -> None:
        if self._pool is not None:
            self._pool.shutdown(cancel_futures=True)

    def submit(self, size: int, job: Callable[..., T], *args: object) -> Rendering[T]:
        """``job(*args)``, started; ``size`` (its entries) counts toward starting the worker.
        ``job`` and ``args`` must pickle (a module-level function, dataclasses)."""
        if self._workers > 0 and self._inline_left <= 0:
            pool = self._pool or self._start()
            if pool is not None:
                try:
                    return Rendering(pool.submit(job, *args), job, args)
                except (BrokenProcessPool, RuntimeError) as error:
                    self._give_up(error)
        self._inline_left -= size
        return Rendering(_run_here(job, *args), job, args)

    def result(self, rendering: Rendering[T]) -> T:
        """The job's result; when its worker died, the job runs again here (a job's own
        exception is raised as it is)."""
        try:
            return rendering.future.result()
        except BrokenProcessPool as error:
            self._give_up(error)
            return rendering.job(*rendering.args)

    def _start(self) -> ProcessPoolExecutor | None:
        try:
            self._pool = ProcessPoolExecutor(self._workers,
                                             mp_context=multiprocessing.get_context("spawn"),
                                             initializer=_exit_with_parent,
                                             initargs=(os.getpid(),))
        except (OSError, RuntimeError) as error:
            self._give_up(error)
        return self._pool

    def _give_up(self, error: BaseException) -> None:
        """Render here from now on: a broken worker is not restarted within a publish."""
        log.warning("feed rendering worker unavailable (%s: %s); rendering in this process",
                    type(error).__name__, error)
        if self._pool is not None:
            self._pool.shutdown(wait=False, cancel_futures=True)
        self._pool, self._workers = None, 0


# How often a worker checks that its publish is still alive.
_PARENT_CHECK_SECONDS = 1.0


def _exit_with_parent(parent: int) -> None:
    """In the worker: leave when the publishing process is gone (this process is then
    re-parented, so its parent id changes). The pool shuts its workers down on a normal exit;
    a killed publish cannot."""
    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(_PARENT_CHECK_SECONDS)
        os._exit(0)

    threading.Thread(target=watch, name="exit-with-parent", daemon=True).start()


def _run_here(job: Callable[..., T], *args: object) -> Future[T]:
    """A finished future of ``job(*args)``: its result or its exception."""
    future: Future[T] = Future()
    try:
        future.set_result(job(*args))
    except Exception as error:  # raised by result(), in order, as a worker's would be
        future.set_exception(error)
    return future
