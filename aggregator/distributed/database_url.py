"""The store URL as distributed mode needs it (no Procrastinate import: the refusal of a
non-PostgreSQL store must work even without the optional dependencies)."""

from __future__ import annotations

from sqlalchemy.engine import make_url

from aggregator.config import Config
from aggregator.errors import ConfigError


def conninfo(config: Config) -> str:
    """The libpq connection URI of ``[storage] url``; distributed mode needs PostgreSQL (the
    queue lives in the store's database), anything else is a configuration error naming the
    key. Query parameters such as ``sslmode`` carry over."""
    url = make_url(config.storage_url)
    if url.get_backend_name() != "postgresql":
        raise ConfigError(
            f"`aggregator worker` needs a PostgreSQL store shared by every worker (e.g. "
            f"postgresql+psycopg://user@db-host/aggregator), got {config.storage_url!r}",
            source=config.source, key="storage.url")
    return url.set(drivername="postgresql").render_as_string(hide_password=False)


def display_url(config: Config) -> str:
    """``[storage] url`` with the password masked, for log lines."""
    return make_url(config.storage_url).render_as_string(hide_password=True)
