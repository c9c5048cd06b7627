"""Editions in other languages and scripts (held-out round 30): the English, French, Chinese,
Korean, Khmer, Lao and Russian pages of Vietnamese outlets name their writers, tag their
datelines and print their dates in their own language's forms."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

import pytest

from aggregator.dates import parse_date
from aggregator.errors import NotAnArticle
from aggregator.parsing.authors import byline_names
from aggregator.parsing.body import strip_dateline
from aggregator.parsing.extract import parse_article
from aggregator.province_tagger import tag_provinces

NOW = datetime(2026, 11, 22, tzinfo=UTC)
VN = timezone(timedelta(hours=7))


@pytest.mark.parametrize(("line", "names"), [
    ("By Hoang Lan", ["Hoang Lan"]),
    ("Story and photos: Hoang Hiep", ["Hoang Hiep"]),
    ("News and photos: Minh Khoa", ["Minh Khoa"]),
    ("Texte et photos : Hoàng Minh/CVN", ["Hoàng Minh"]),
    ("文/图：黄秋香", ["黄秋香"]),
    ("记者：陈氏芳", ["陈氏芳"]),
    ("응우옌 투 히엔 기자", ["응우옌 투 히엔"]),  # Korean: the name, then "reporter"
    ("អត្ថបទ និងរូបថត៖ ថាច់ សុផល - សឺន ចន្ថា", ["ថាច់ សុផល", "សឺន ចន្ថា"]),
    ("ບົດ ແລະ ພາບ: ທູ ຮຽນ", ["ທູ ຮຽນ"]),
    ("Чан Тхи Лан", ["Чан Тхи Лан"]),
    # where she works may hold "và" (and), which also joins two writers
    ("Nguyễn Hoàng Vy - Phòng Khoa học và Công nghệ", ["Nguyễn Hoàng Vy"]),
    # a name in a script without capitals needs its credit label: bare, it is any text
    ("黄秋香", []),
    ("责任编辑：黎氏梅", []),  # the desk editor, not a writer
    ("Photo: Minh Khoa", []),
    ("By", []),
])
def test_bylines_of_other_editions(line: str, names: list[str]) -> None:
    assert byline_names(line) == names


@pytest.mark.parametrize(("sapo", "lead"), [
    ("Hanoi (VNA) – The centre will test the system.", "The centre will test the system."),
    ("HÀ NỘI (VNS) — Twenty-four stations began.", "Twenty-four stations began."),
    ("越通社广宁——据广宁省工贸厅消息。", "据广宁省工贸厅消息。"),
    ("（VOVWORLD） - 中部高原のラムドン省は。", "中部高原のラムドン省は。"),
    # a bracket of lower-case words after a name is no agency
    ("Ông Nguyễn Văn A (SN 1970) - người dân xã Tân Cương.",
     "Ông Nguyễn Văn A (SN 1970) - người dân xã Tân Cương."),
])
def test_datelines_of_other_editions(sapo: str, lead: str) -> None:
    assert strip_dateline(sapo) == lead


@pytest.mark.parametrize(("printed", "expected"), [
    ("November 18, 2026 - 08:12", datetime(2026, 11, 18, 8, 12, tzinfo=VN)),
    ("Tuesday, November 17, 2026 15:40 (GMT+7)", datetime(2026, 11, 17, 15, 40, tzinfo=VN)),
    ("18 Nov 2026 10:05", datetime(2026, 11, 18, 10, 5, tzinfo=VN)),
    ("Sept. 5, 2026", datetime(2026, 9, 5, tzinfo=VN)),
])
def test_english_date_lines(printed: str, expected: datetime) -> None:
    assert parse_date(printed, reference=NOW) == expected


@pytest.mark.parametrize(("text", "expected"), [
    ("The portal opened on Hai Phong Street in Ha Long.", ("quang-ninh",)),
    ("Les monuments de Huế accueillent des visiteurs.", ("hue",)),
])
def test_place_names_of_other_editions(text: str, expected: tuple[str, ...]) -> None:
    assert tag_provinces(text) == expected


_TEXT = "".join(f"<p>Paragraph {n} of the story on smart irrigation for coffee farms in the "
                f"Central Highlands, run by the farmers' association this dry season.</p>"
                for n in range(1, 5))


@pytest.mark.parametrize("credit", [
    # the label in an element of its own, the name in a link beside it
    '<div class="byline"><em>By </em><a href="/authors/thu-hang">Thu Hằng</a></div>',
    # and the name printed twice, once hidden (a link for microdata)
    '<div class="author"> By <a href="/j/1"><span>Thu Hằng</span></a> '
    '<a href="" style="display:none">Thu Hằng</a></div>',
])
def test_a_by_line_under_the_headline(credit: str) -> None:
    page = (f'<html><head><meta property="og:title" content="Farmers save water"></head><body>'
            f'<h1>Farmers save water</h1>{credit}<div class="story-body">{_TEXT}</div>'
            f'</body></html>')
    article = parse_article("https://en.example.vn/farmers-save-water.html", page, None, now=NOW)
    assert article.authors == ("Thu Hằng",)


def test_a_chinese_section_page_of_short_headlines_is_a_listing() -> None:
    # A Chinese headline of 13 characters is a headline, not a menu item.
    teasers = "".join(
        f'<div class="item"><h3><a href="/zh/kouan-{n}.html">谅山口岸榴莲出口进入高峰期第{n}</a></h3>'
        f'<span class="time">2026年11月{10 + n}日 08:15</span>'
        f"<p>近日，每天约有300辆装载榴莲的货车经谅山各口岸出口，同比增长百分之三十五，第{n}批。</p></div>"
        for n in range(1, 11))
    page = (f'<html><head><title>口岸贸易</title></head><body><nav><a href="/zh/">首页</a>'
            f'<a href="/zh/jingji/">经济</a></nav><h1>口岸贸易</h1><div class="list">{teasers}'
            f'</div></body></html>')
    with pytest.raises(NotAnArticle):
        parse_article("https://baolangson.vn/zh/kouan/", page, None, now=NOW)
