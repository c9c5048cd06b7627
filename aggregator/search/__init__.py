"""Full-text search over stored articles, and topic feeds built on it.

``folding`` turns text into tokens (the same function for documents and queries), ``query``
parses the query language, ``index`` is the interface the store keeps current, with one
implementation per backend (``sqlite_index``: FTS5; ``postgres_index``: tsvector/GIN), and
``topics`` holds the configured and built-in saved searches.
"""
