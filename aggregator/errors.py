"""Exception types that carry a message meant for the user, not a traceback."""

from __future__ import annotations


class AggregatorError(Exception):
    """Base class: the message says what went wrong and what to fix."""


class ConfigError(AggregatorError):
    """A configuration file or site entry is invalid.

    The message names the file, the key and the offending value, so the CLI can print it as
    one line and exit 2.
    """

    def __init__(self, message: str, *, source: str = "", key: str = "") -> None:
        self.source = source
        self.key = key
        prefix = f"{source}: " if source else ""
        where = f"{key}: " if key else ""
        super().__init__(f"{prefix}{where}{message}")


class NotAnArticle(AggregatorError):
    """A fetched page is not an article (a listing, an error page, an empty template)."""


class PublishError(AggregatorError):
    """Writing the output folder failed mid-publish (disk full, folder removed).

    Every file already replaced is complete and the others keep their previous version.
    """


class StoreBusy(AggregatorError):
    """Another process holds the run lock of this store (a crawl or a scheduler is running).

    Not a usage error: the same command succeeds once the other process is done, so the CLI
    exits with ``EX_TEMPFAIL`` (75) rather than 2.
    """
