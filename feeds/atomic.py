"""Replace a published file atomically, and only when its bytes change.

Feed readers and the HTTP server may read a file at any moment: writing to a temporary file in
the same folder and ``os.replace``-ing it means they see the old or the new file, never half of
one. Skipping identical content keeps the file's mtime (the server's Last-Modified/ETag), so
readers polling an unchanged feed get a cheap 304.

HTTP dates have whole seconds. A file replaced within the second its previous version was
written would keep its Last-Modified, and readers that poll with If-Modified-Since would miss
the change (libcurl, under newsboat and others, drops a 200 whose Last-Modified is not newer
than the one it asked about). So a replacement's mtime is pushed to the next second if needed.

A publish killed mid-way (``kill -9``, power cut) leaves only hidden temporary files; the next
publish takes the output folder's lock, so no other publisher can be mid-write, and removes them.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

try:
    import fcntl
except ImportError:  # Windows: publishes are not serialised there
    fcntl = None  # type: ignore[assignment]

LOCK_FILE = ".publish-lock"
_TEMP_PATTERN = ".*.tmp"
"""What :func:`write_if_changed` names its temporary files (hidden: never served)."""

# Published files are meant to be read by a web server that may run as another user;
# mkstemp would create them 0600.
_PUBLIC_MODE = 0o644


def write_if_changed(path: Path, data: bytes) -> bool:
    """Atomically make ``path`` contain ``data``; False (and no write) when it already does."""
    try:
        if path.read_bytes() == data:
            return False
        replaced_second: int | None = int(path.stat().st_mtime)
    except FileNotFoundError:
        replaced_second = None
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, temp_name = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.",
                                     suffix=_TEMP_PATTERN[2:])
    try:
        with os.fdopen(fd, "wb") as temp:
            temp.write(data)
            temp.flush()
            os.fsync(temp.fileno())
        os.chmod(temp_name, _PUBLIC_MODE)
        if replaced_second is not None and int(time.time()) <= replaced_second:
            later = (replaced_second + 1) * 1_000_000_000
            os.utime(temp_name, ns=(later, later))
        os.replace(temp_name, path)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(temp_name)
        raise
    return True


@contextlib.contextmanager
def publish_lock(out_dir: Path) -> Iterator[None]:
    """Hold the output folder's exclusive lock, and clear what killed publishes left behind.

    Concurrent publishes (a cron job and the scheduler, an operator's manual run) then run one
    after the other, so the publish state always describes the files on disk. The kernel
    releases the lock when its holder dies, even by ``kill -9``.
    """
    out_dir.mkdir(parents=True, exist_ok=True)
    if fcntl is None:
        yield
        return
    with open(out_dir / LOCK_FILE, "ab") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            for leftover in out_dir.rglob(_TEMP_PATTERN):
                with contextlib.suppress(FileNotFoundError):
                    leftover.unlink()
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)
