"""Bylines in unusual places and forms (held-out round 37): a sapo ending with its writers'
credit, a feature opening with "Ghi chép của …", and a translation crediting both its
translator and the original's writer."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from aggregator.parsing.authors import byline_names
from aggregator.parsing.extract import parse_article

NOW = datetime(2026, 11, 22, tzinfo=UTC)
_TEXT = "".join(f"<p>Đoạn {n}: hộ trồng chè ghi nhật ký điện tử cho từng lứa hái để truy xuất "
                f"nguồn gốc, đáp ứng yêu cầu của các thị trường khó tính.</p>" for n in range(1, 5))


def _page(sapo: str, body: str) -> str:
    return ('<html><head><meta property="og:title" content="Chè đặc sản có nhật ký điện tử">'
            '</head><body><h1>Chè đặc sản có nhật ký điện tử</h1>'
            f'<div class="desc">{sapo}</div><div class="content-detail">{body}</div></body></html>')


def test_a_sapo_ending_with_its_writers_credit() -> None:
    article = parse_article(
        "https://baothainguyen.vn/kinh-te/202611/che-dac-san-1.html",
        _page("Hơn 600 hộ trồng chè ghi chép quy trình trên điện thoại. (Bài: Thanh Hà)", _TEXT),
        None, now=NOW)
    assert article.lead == "Hơn 600 hộ trồng chè ghi chép quy trình trên điện thoại."
    assert list(article.authors) == ["Thanh Hà"]


def test_a_feature_opening_with_ghi_chep_cua() -> None:
    article = parse_article(
        "https://baolangson.vn/mua-hoi-1.html",
        _page("Mùa hồi về trên các bản.",
              '<p style="text-align: right;"><em>Ghi chép của Hoàng Diệu</em></p>' + _TEXT),
        None, now=NOW)
    assert list(article.authors) == ["Hoàng Diệu"]


@pytest.mark.parametrize(("line", "names"), [
    ("Hoài Thu (dịch) - Theo bài của Daniel Whitford, The Conversation", ["Daniel Whitford"]),
    ("Tác giả: Kenji Watanabe (Đại học Kyoto) - Hoài Thu (dịch)", ["Kenji Watanabe"]),
    # the translator alone is still the one credited
    ("Hoài Thu (dịch)", ["Hoài Thu"]),
    ("Anh Vũ dịch", ["Anh Vũ"]),
])
def test_a_translations_author_is_the_originals_writer(line: str, names: list[str]) -> None:
    assert byline_names(line) == names
