"""The sample articles both copy-sketch store tests (SQLite in tests/aggregator/store, PostgreSQL in
tests/postgres) store: a body long enough to have a sketch, and an edit of it."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

from aggregator.schema import Article

VN = timezone(timedelta(hours=7))
SEEN = datetime(2026, 11, 20, tzinfo=UTC)

BODY = (
    "Liên hiệp các Hội Khoa học và Kỹ thuật tỉnh Lạng Sơn phối hợp với Sở Nông nghiệp và Môi "
    "trường tổ chức hội thảo khoa học về ứng dụng công nghệ sinh học trong sản xuất nông nghiệp "
    "hữu cơ. Tham dự hội thảo có hơn 120 đại biểu là nhà khoa học, cán bộ kỹ thuật, đại diện "
    "hợp tác xã và nông dân tiêu biểu đến từ các xã Cao Lộc, Văn Lãng và Tràng Định."
)
EDITED = (
    "Những ngày này, nông dân xã Thất Khê đang tập trung thu hoạch vụ lúa xuân với năng suất "
    "bình quân ước đạt 58 tạ mỗi héc-ta, cao nhất từ trước đến nay. Toàn xã gieo cấy hơn 420 "
    "héc-ta, trong đó 150 héc-ta sử dụng giống lúa chất lượng cao do Trung tâm Khuyến nông tỉnh "
    "hỗ trợ."
)


def make(article_id: str, *, body: str = BODY, lead: str = "Sapo") -> Article:
    """An article of the site its id begins with ("husta/1" -> "husta"), body as one paragraph."""
    return Article(
        id=article_id, site_id=article_id.split("/")[0], site_kind="federation",
        url=f"https://x.vn/{article_id}", title="Hội thảo", lead=lead,
        body_html=f"<p>{body}</p>" if body else "", body_text=body,
        published=datetime(2026, 11, 1, 8, 15, tzinfo=VN), provinces=("lang-son",),
        fetched_at=SEEN,
    )
