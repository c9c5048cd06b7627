"""URL canonicalisation and stable article ids.

Ids come from (site, numeric article id in the URL) when the URL carries one, because provincial
CMSs keep that number when an editor changes the title or slug, or when the paper moves domain.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from urllib.parse import parse_qsl, quote, unquote, urlencode, urlsplit, urlunsplit

_TRACKING_PARAMS = re.compile(r"^(utm_\w+|fbclid|gclid|zarsrc|zlsid|_ga|ref|src)$", re.I)

# Numeric ids of the CMS families we know, tried in order against the URL path.
# Real ids have at most ~10 digits; the caps keep a crafted URL from making an id longer than
# the store's id column (such a URL falls back to the hashed form).
_ID_PATTERNS = (
    re.compile(r"-(?:post|postid|a|p)?(\d{3,20})\.(?:html?|bbg|aspx)$", re.I),
    re.compile(r"/(\d{4,20})-[^/]+\.html?$", re.I),  # old Báo Lạng Sơn: /<cat>/<id>-<slug>.html
    re.compile(r"/\d{6}/[^/]+-([0-9a-f]{5,40}|\d{3,20})/?$", re.I),  # /<cat>/<YYYYMM>/<slug>-<id>/
)


_LONE_SURROGATE = re.compile("[\ud800-\udfff]")


def canonical_url(url: str) -> str:
    """Lower-case scheme and host, drop fragment, tracking parameters and default ports, and
    normalise percent-encoded Vietnamese (NFD slugs exist) to NFC.

    Idempotent, and never raises: a URL that cannot be parsed (a bad port, a broken IPv6
    literal) is returned stripped, which still makes a stable key for it.
    """
    text = _LONE_SURROGATE.sub("\ufffd", url.strip())
    try:
        parts = urlsplit(text)
        port = parts.port
    except ValueError:
        return text
    scheme = parts.scheme.lower()
    host = (parts.hostname or "").lower()
    if ":" in host:
        host = f"[{host}]"  # an IPv6 literal keeps its brackets
    if port and not ((scheme == "http" and port == 80) or (scheme == "https" and port == 443)):
        host = f"{host}:{port}"
    # Every "%" left after unquoting is a literal one and is encoded, so a second pass
    # decodes exactly what the first encoded ("%2541" stays "%2541", not "A").
    path = quote(unicodedata.normalize("NFC", unquote(parts.path)), safe="/:@!$&'()*+,;=-._~")
    if not host and path.startswith("//"):
        path = "/" + path.lstrip("/")  # else the path would read as a host on the next pass
    query = urlencode([(k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True)
                       if not _TRACKING_PARAMS.match(k)])
    return urlunsplit((scheme, host, path or "/", query, ""))


def numeric_article_id(url: str) -> str | None:
    """The CMS's own article number in ``url`` (also WordPress ``?p=123``), or None."""
    try:
        parts = urlsplit(url)
    except ValueError:  # a broken IPv6 literal: no number to find
        return None
    for key, value in parse_qsl(parts.query):
        if key == "p" and value.isdigit():
            return value
    for pattern in _ID_PATTERNS:
        match = pattern.search(parts.path)
        if match:
            return match.group(1).lower()
    return None


def stable_article_id(site_id: str, url: str, *, shortlink: str | None = None) -> str:
    """``<site>/<numeric id>`` when the URL (or the page's shortlink) carries one, else
    ``<site>/u<hash of the canonical URL>``."""
    for candidate in (url, shortlink):
        if candidate:
            number = numeric_article_id(candidate)
            if number:
                return f"{site_id}/{number}"
    digest = hashlib.sha1(canonical_url(url).encode("utf-8")).hexdigest()[:16]
    return f"{site_id}/u{digest}"


def same_site(url: str, other: str) -> bool:
    """True when two URLs share a host (ignoring ``www.``): a canonical link to another host
    is not trusted."""
    def host(value: str) -> str:
        try:
            return (urlsplit(value).hostname or "").removeprefix("www.")
        except ValueError:
            return ""
    return host(url) == host(other)


# Second-level labels under a country code: baoxyz.com.vn, portal.gov.vn.
_SECOND_LEVEL = frozenset({"com", "org", "net", "gov", "edu", "ac", "co", "info", "int"})


def domain_name(url: str) -> str:
    """The registered name of a URL's host, the name a site is known by: "baodongkhoi" for
    www.baodongkhoi.vn and for baodongkhoi.com.vn, "wsl" (not the sub-domain "neubau") for
    neubau.wsl.ch."""
    try:
        host = urlsplit(url).hostname or ""
    except ValueError:
        return ""
    labels = host.split(".")
    if len(labels) >= 3 and len(labels[-1]) == 2 and labels[-2] in _SECOND_LEVEL:
        labels = labels[:-1]
    return labels[-2] if len(labels) >= 2 else host
