"""Topics: saved searches published as feeds (``topic/<id>.*``), from ``[[topics]]`` in the
config plus a built-in set for federation staff (off with ``builtin_topics = false``).

A configured topic with a built-in id replaces the built-in one. Every mistake is one
:class:`ConfigError` naming the file, the key (``topics[2].query``) and the value.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from aggregator.errors import ConfigError
from aggregator.provinces import PROVINCES
from aggregator.schema import SITE_KINDS
from aggregator.search.query import Query, QuerySyntaxError, parse_query

_ID = re.compile(r"^[a-z0-9-]+$")
_KEYS = ("id", "name", "query", "provinces", "kinds")


@dataclass(frozen=True, slots=True)
class Topic:
    id: str
    name: str
    query_text: str
    query: Query
    provinces: tuple[str, ...] = ()
    kinds: tuple[str, ...] = ()


BUILTIN_TOPIC_ENTRIES: tuple[dict[str, Any], ...] = (
    {"id": "khoa-hoc-cong-nghe", "name": "Khoa học và công nghệ",
     "query": '"nghiên cứu" OR "công nghệ" OR "kỹ sư" OR "đề tài" OR "phòng thí nghiệm" '
              'OR "viện khoa học kỹ thuật" OR "hội thảo khoa học" OR "hội nghị khoa học" '
              'OR "tọa đàm khoa học" OR "nhà khoa học" OR "trí tuệ nhân tạo" OR "cảm biến" '
              'OR "chuyển giao quy trình" OR "chuyển giao kỹ thuật" '
              'OR "chuyển giao giống" OR "phục tráng" OR "ứng dụng khoa học" OR "chế tạo" '
              'OR "robot" OR "thủy canh" OR "tự động" OR "định vị" OR "không người lái" '
              'OR "sáng tạo kỹ thuật" OR "ý tưởng sáng tạo" OR "cuộc thi sáng tạo" '
              'OR "hội thi sáng tạo" OR "giải thưởng sáng tạo" OR "vi sinh" OR "nuôi cấy mô"'},
    {"id": "doi-moi-sang-tao", "name": "Đổi mới sáng tạo và khởi nghiệp",
     "query": '"đổi mới sáng tạo" OR "khởi nghiệp" OR "hội thi sáng tạo" OR "cuộc thi sáng tạo" '
              'OR "giải thưởng sáng tạo" OR "sáng tạo kỹ thuật" OR "ý tưởng sáng tạo" '
              'OR "sinh viên chế tạo" OR "tin học trẻ"'},
    {"id": "chuyen-doi-so", "name": "Chuyển đổi số",
     "query": '"chuyển đổi số" OR "số hóa" OR "công nghệ số" OR "bản đồ số" '
              'OR "trí tuệ nhân tạo" OR "phần mềm" OR "ảnh vệ tinh" OR "dữ liệu số" '
              'OR "dịch vụ công" OR "nộp trực tuyến" OR "dữ liệu trực tuyến" '
              'OR "ứng dụng trên điện thoại" OR "ứng dụng di động" OR "đô thị thông minh" '
              'OR "vé điện tử" OR "ví điện tử" OR "qr" OR "không dùng tiền mặt" OR "thực tế ảo"'},
    {"id": "lien-hiep-hoi", "name": "Hoạt động Liên hiệp hội",
     "query": '"liên hiệp hội" OR "liên hiệp các hội" OR "vusta" OR "phản biện" '
              'OR "hội thủy sản" OR "hội làm vườn" OR "hội cơ khí" OR "hội dược học" '
              'OR "hội thủy lợi" OR "hội khoa học" OR "trí thức"'},
    {"id": "nong-nghiep-cong-nghe", "name": "Nông nghiệp ứng dụng công nghệ",
     "query": '"nông nghiệp" OR "nông dân" OR "nông hộ" OR "nhà vườn" OR "người nuôi" '
              'OR "trang trại" OR "chăn nuôi" OR "nuôi trồng" OR "vùng trồng" '
              'OR "vùng nguyên liệu" OR "dược liệu" OR "cây giống" '
              'OR "khuyến nông" OR "nhân giống" OR "phục tráng" OR "thủy canh" '
              '"công nghệ" OR "kỹ thuật" OR "quy trình" OR "thiết bị" OR "cảm biến" '
              'OR "không người lái" OR "ứng dụng" OR "nghiên cứu" OR "vi sinh" OR "phần mềm" '
              'OR "chế tạo" OR "bằng máy" '
              'OR "khuyến nông" OR "nhân giống" OR "phục tráng" OR "thủy canh"'},
)
"""The default topics (README, "Search and topic feeds"), written as a user would write them."""


def builtin_topics() -> list[Topic]:
    return parse_topic_entries(list(BUILTIN_TOPIC_ENTRIES), source="<built-in topics>")


def parse_topic_entries(entries: object, *, source: str) -> list[Topic]:
    """Validate the ``[[topics]]`` array of tables."""
    if not isinstance(entries, list):
        raise ConfigError(f"must be an array of tables ([[topics]]), got {entries!r}",
                          source=source, key="topics")
    topics: list[Topic] = []
    seen: set[str] = set()
    for number, entry in enumerate(entries):
        where = f"topics[{number}]"
        if not isinstance(entry, Mapping):
            raise ConfigError(f"must be a table, got {entry!r}", source=source, key=where)
        topic = _topic(entry, source, where)
        if topic.id in seen:
            raise ConfigError(f"duplicate topic id {topic.id!r}", source=source, key=f"{where}.id")
        seen.add(topic.id)
        topics.append(topic)
    return topics


def _topic(entry: Mapping[str, Any], source: str, where: str) -> Topic:
    for key in entry:
        if key not in _KEYS:
            raise ConfigError(f"unknown key (expected one of {', '.join(_KEYS)})",
                              source=source, key=f"{where}.{key}")
    values = {}
    for key in ("id", "name", "query"):
        value = entry.get(key)
        if not isinstance(value, str) or not value.strip():
            raise ConfigError(f"required, a non-empty string; got {value!r}", source=source,
                              key=f"{where}.{key}")
        values[key] = value.strip()
    if not _ID.match(values["id"]):
        raise ConfigError(f"must match [a-z0-9-]+, got {values['id']!r}", source=source,
                          key=f"{where}.id")
    try:
        query = parse_query(values["query"])
    except QuerySyntaxError as exc:
        raise ConfigError(str(exc), source=source, key=f"{where}.query") from None
    provinces = _strings(entry, "provinces", source, where)
    for slug in provinces:
        if slug not in PROVINCES:
            raise ConfigError(f"unknown province slug {slug!r} (see `aggregator sites "
                              "--coverage` for the 34 current units)", source=source,
                              key=f"{where}.provinces")
    kinds = _strings(entry, "kinds", source, where)
    for kind in kinds:
        if kind not in SITE_KINDS:
            raise ConfigError(f"unknown kind {kind!r} (expected {' or '.join(SITE_KINDS)})",
                              source=source, key=f"{where}.kinds")
    return Topic(values["id"], values["name"], values["query"], query, provinces, kinds)


def _strings(entry: Mapping[str, Any], key: str, source: str, where: str) -> tuple[str, ...]:
    value = entry.get(key, [])
    if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
        raise ConfigError(f"must be a list of strings, got {value!r}", source=source,
                          key=f"{where}.{key}")
    return tuple(dict.fromkeys(value))


def merge_topics(builtin: Sequence[Topic], configured: Sequence[Topic]) -> list[Topic]:
    """Built-in topics in order, those with a configured id replaced, then the others."""
    mine = {topic.id: topic for topic in configured}
    merged = [mine.pop(topic.id, topic) for topic in builtin]
    return merged + list(mine.values())
