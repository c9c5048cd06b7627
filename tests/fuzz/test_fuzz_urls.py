"""Property tests of URL canonicalisation and stable article ids."""

from __future__ import annotations

from urllib.parse import quote

from hypothesis import assume, given
from hypothesis import strategies as st

from aggregator.urls import canonical_url, numeric_article_id, same_site, stable_article_id
from tests.fuzz.strategies import FUZZ, mixed_text

URL_FRAGMENTS = st.sampled_from([
    "http://", "https://", "HTTPS://", "//", "[", "]", "[::1]", ":", ":80", ":443", ":8080",
    ":99999", ":abc", "@", "user:pass@", "BaoLangSon.VN", "www.", "/", "/tin-tuc/", "?", "&",
    "=", "#", "%", "%25", "%2F", "%E1%BB%A9", "%ZZ", "-5068214.html", "-post648215.html",
    "?p=4521", "utm_source=zalo", "fbclid=x", "+", " ", "tiê\u0301ng", "tiếng", "..", ".",
])
JUNK_URLS = mixed_text(URL_FRAGMENTS, max_parts=10)

_SEGMENT = st.text(alphabet=st.characters(blacklist_categories=("Cs",),
                                          blacklist_characters="/?#%\\"), max_size=12)
_ARTICLE_URLS = st.builds(
    lambda scheme, host, segments, number, query: (
        f"{scheme}://{host}/" + "/".join(quote(s) for s in segments)
        + (f"-{number}.html" if number else "") + (f"?{query}" if query else "")),
    st.sampled_from(["http", "https"]),
    st.sampled_from(["baolangson.vn", "www.baolaocai.vn", "husta.vn", "127.0.0.1:8000"]),
    st.lists(_SEGMENT, max_size=4),
    st.one_of(st.none(), st.integers(min_value=100, max_value=99999999)),
    st.sampled_from(["", "id=5", "page=2&sort=new", "p=4521"]),
)
TRACKING = st.sampled_from(["utm_source=zalo", "utm_medium=social&utm_campaign=t11",
                            "fbclid=IwAR0abc", "gclid=xyz", "zarsrc=30"])


@FUZZ
@given(JUNK_URLS)
def test_canonical_url_is_total_and_idempotent(url: str) -> None:
    once = canonical_url(url)
    assert canonical_url(once) == once


@FUZZ
@given(JUNK_URLS)
def test_ids_and_hosts_never_raise_on_junk(url: str) -> None:
    assert stable_article_id("site", url).startswith("site/")
    assert numeric_article_id(url) is None or numeric_article_id(url).isalnum()
    assert same_site(url, url) in (True, False)


@FUZZ
@given(_ARTICLE_URLS, st.text(max_size=10), TRACKING)
def test_stable_id_ignores_fragment_tracking_and_host_case(url: str, fragment: str,
                                                           tracking: str) -> None:
    article_id = stable_article_id("site", url)
    separator = "&" if "?" in url else "?"
    variants = [f"{url}#{fragment}", f"{url}{separator}{tracking}",
                url.replace("://", "://", 1).upper().split("://", 1)[0].lower() + "://"
                + url.split("://", 1)[1].split("/", 1)[0].upper() + "/"
                + url.split("://", 1)[1].split("/", 1)[1]]
    for variant in variants:
        assert stable_article_id("site", variant) == article_id, variant


@FUZZ
@given(_ARTICLE_URLS)
def test_canonical_url_keeps_the_article_number(url: str) -> None:
    assume(numeric_article_id(url) is not None)
    assert numeric_article_id(canonical_url(url)) == numeric_article_id(url)
