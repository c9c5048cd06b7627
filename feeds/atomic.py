"""Replace a published file atomically, and only when its bytes change.

Feed readers and the HTTP server may read a file at any moment: writing to a temporary file in
the same folder and ``os.replace``-ing it means they see the old or the new file, never half of
one. Skipping identical content keeps the file's mtime (the server's Last-Modified/ETag), so
readers polling an unchanged feed get a cheap 304.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from pathlib import Path

# Published files are meant to be read by a web server that may run as another user;
# mkstemp would create them 0600.
_PUBLIC_MODE = 0o644


def write_if_changed(path: Path, data: bytes) -> bool:
    """Atomically make ``path`` contain ``data``; False (and no write) when it already does."""
    try:
        if path.read_bytes() == data:
            return False
    except FileNotFoundError:
        pass
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, temp_name = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as temp:
            temp.write(data)
            temp.flush()
            os.fsync(temp.fileno())
        os.chmod(temp_name, _PUBLIC_MODE)
        os.replace(temp_name, path)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(temp_name)
        raise
    return True
