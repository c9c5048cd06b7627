"""Former district-level cities and towns tag the current unit they now belong to.

The town list is generated from the ``vietnamadminunits`` package; the first test keeps the
committed file in step with the installed package.
"""

from __future__ import annotations

import pytest

from aggregator.province_tagger import mentions, tag_provinces
from aggregator.provinces import FORMER_CITIES, PROVINCES, FormerCity
from scripts.generate_former_cities import OUTPUT, render


def test_data_file_is_in_sync_with_the_installed_package() -> None:
    assert OUTPUT.read_text("utf-8") == render(), (
        "aggregator/data/former_cities.csv is out of date with the installed vietnamadminunits: "
        "run .venv/bin/python scripts/generate_former_cities.py and review the diff")


def test_data_holds_only_cities_and_towns_of_current_units() -> None:
    assert len(FORMER_CITIES) > 100
    assert {c.kind for c in FORMER_CITIES} == {"thành phố", "thị xã"}
    assert all(c.slug in PROVINCES and c.shared_with <= PROVINCES.keys() for c in FORMER_CITIES)
    assert all(c.slug not in c.shared_with for c in FORMER_CITIES)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Lễ hội hoa tại thành phố Đà Lạt thu hút du khách.", "lam-dong"),
        ("Sáng nay, TP. Nha Trang ra quân dọn vệ sinh bãi biển.", "khanh-hoa"),
        ("TP Hạ Long đón lượng khách kỷ lục.", "quang-ninh"),
        ("Cảng cá TP. Vũng Tàu nhộn nhịp.", "ho-chi-minh"),
        ("Phố cổ thành phố Hội An ngập sâu.", "da-nang"),
        ("Thị xã Sa Pa đón tuyết đầu mùa.", "lao-cai"),
        ("Cửa khẩu TP Móng Cái thông quan 500 xe.", "quang-ninh"),
        ("Du lịch TP. Phan Thiết phục hồi.", "lam-dong"),
        ("Cà phê thành phố Buôn Ma Thuột vào mùa thu hoạch.", "dak-lak"),
        ("Khu kinh tế TP. Quy Nhơn thu hút vốn.", "gia-lai"),
        ("Đường lên TX. Sa Pa sạt lở.", "lao-cai"),
        ("Đường lên TX.Sa Pa sạt lở.", "lao-cai"),
        ("Thị ủy Kỳ Anh họp phiên thường kỳ.", "ha-tinh"),
        ("UBND thị xã Hoàng Mai chỉ đạo phòng chống bão.", "nghe-an"),
        ("Thành ủy Vinh tổng kết năm.", "nghe-an"),
    ],
)
def test_a_city_or_town_with_its_administrative_word_tags_its_current_unit(
        text: str, expected: str) -> None:
    assert tag_provinces(text) == (expected,)


@pytest.mark.parametrize("city", FORMER_CITIES, ids=lambda c: c.name)
def test_every_city_and_town_after_tp_tags_its_current_unit(city: FormerCity) -> None:
    assert tag_provinces(f"Hội nghị ở TP. {city.name} sáng nay.") == (city.slug,)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Trồng dâu tây công nghệ cao tại Đà Lạt", ("lam-dong",)),
        ("Biển Nha Trang trong xanh.", ("khanh-hoa",)),
        ("Vịnh Hạ Long lọt top di sản đẹp nhất.", ("quang-ninh",)),
        ("Sân bay Buôn Ma Thuột mở đường bay mới; Quy Nhơn, Móng Cái cũng vậy.",
         ("dak-lak", "gia-lai", "quang-ninh")),
        ("Tourists flock to Da Lat and Nha Trang.", ("lam-dong", "khanh-hoa")),
        # Listed after an accepted name, a name needing context counts (as for provinces).
        ("Các thành phố Đà Lạt, Hội An và Phan Thiết.", ("lam-dong", "da-nang")),
        # A hotel or shop named after the city is tagged, as "Cà phê Đắk Lắk" is: such a name
        # stands in the city far more often than elsewhere, and no rule tells the two apart.
        ("Khách sạn Đà Lạt Palace được trùng tu.", ("lam-dong",)),
        # "Bà Rịa - Vũng Tàu" is still the former province, not two towns.
        ("Tỉnh Bà Rịa - Vũng Tàu và TP. Vũng Tàu.", ("ho-chi-minh",)),
        # "Từ" (from) opening a sentence is not the town of Từ Sơn.
        ("Từ Sơn La, đoàn tiếp tục đến Lai Châu.", ("son-la", "lai-chau")),
        ("Ngày hội việc làm TP Từ Sơn.", ("bac-ninh",)),
    ],
)
def test_distinctive_names_tag_bare(text: str, expected: tuple[str, ...]) -> None:
    assert tag_provinces(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        # Not unique across the country (the package says so): context needed.
        "Khách tham quan Hội An bằng thuyền.",       # also a commune of An Giang
        "Bánh căn Phan Thiết bán khắp nơi.",        # also a former ward of Tuyên Quang city
        "Nhà máy ở Phú Mỹ mở rộng.",                 # communes of seven other units
        # Short: a word or a given name.
        "Cam Vinh vào mùa.",
        "Sa Pa mù sương.",
        # Phrases that happen to be town names.
        "Phát triển vùng Bắc Trung Bộ và Duyên Hải miền Trung.",
        "Kẹt xe ở Ngã Bảy.",
    ],
)
def test_names_needing_context_stay_untagged_without_it(text: str) -> None:
    assert tag_provinces(text) == ()


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Cửa hàng trên đường Nha Trang, quận Đống Đa, Hà Nội.", ("ha-noi",)),
        ("Quán ăn ở phố Hạ Long.", ()),
        ("Công ty có trụ sở trên đường Lạng Sơn, phường Hạ Long.", ()),
        # A ward of the town's own province still names a ward, not the town.
        ("Người dân phường Đà Lạt nhận sổ đỏ.", ()),
        ("Hội nông dân xã Hội An ra quân.", ()),
        # Rural and urban districts are never towns, wherever their name is a town's too.
        ("Trụ sở UBND huyện Phước Long, tỉnh Bạc Liêu.", ("ca-mau",)),
        ("Đường ống nước ở quận Hoàng Mai bị vỡ.", ()),
        ("Giải thưởng trao cho ông Nguyễn Chí Linh.", ()),
        # A refused province name keeps hiding the town inside it.
        ("Cửa hàng trên đường Bà Rịa - Vũng Tàu.", ()),
        ("Khu đô thị Vinhomes; Nha Trangg, ĐàLạt, XHạ Long, Hạ Longer.", ()),
        # A town named like a province follows the province rules, where "thị xã" blocks.
        ("Thị xã Phú Thọ và thị xã Quảng Trị.", ()),
    ],
)
def test_streets_wards_districts_people_and_longer_words_are_not_towns(
        text: str, expected: tuple[str, ...]) -> None:
    assert tag_provinces(text) == expected


def test_town_mention_reports_its_former_province_only_when_that_is_gone() -> None:
    text = "Từ TP. Hội An đến Đà Lạt"
    found = mentions(text)
    assert [(m.slug, m.surface, m.former_name) for m in found] == [
        ("da-nang", "Hội An", "Quảng Nam"),
        ("lam-dong", "Đà Lạt", None),
    ]
    assert all(text[m.start:m.end] == m.surface for m in found)


# Realistic sentences with towns; every one passes today.
GOLD: list[tuple[str, tuple[str, ...]]] = [
    ("Sáng 5/12, UBND TP. Đà Lạt tổ chức lễ khai mạc Festival Hoa.", ("lam-dong",)),
    ("Khách sạn ở Nha Trang kín phòng dịp lễ, giá thuê tăng 30%.", ("khanh-hoa",)),
    ("Quảng Ninh: Tàu du lịch trên vịnh Hạ Long tạm dừng hoạt động do bão.", ("quang-ninh",)),
    ("Thị xã Sa Pa (cũ) nay là phường Sa Pa, tỉnh Lào Cai.", ("lao-cai",)),
    ("Nhiều tuyến đường ở thành phố Vũng Tàu (cũ) ngập sâu sau mưa lớn.", ("ho-chi-minh",)),
    ("Đoàn công tác tỉnh Đắk Lắk làm việc tại Quy Nhơn.", ("dak-lak", "gia-lai")),
    ("Lễ hội cà phê Buôn Ma Thuột lần thứ 9 thu hút 1 triệu lượt khách.", ("dak-lak",)),
    ("Chợ đêm Phan Thiết mở cửa trở lại.", ()),
    ("Hội An (Đà Nẵng) đón vị khách quốc tế thứ 1 triệu.", ("da-nang",)),
    ("Hàng hóa qua cửa khẩu Móng Cái tăng mạnh.", ("quang-ninh",)),
]


@pytest.mark.parametrize(("text", "expected"), GOLD)
def test_town_gold_sentences(text: str, expected: tuple[str, ...]) -> None:
    assert tag_provinces(text) == expected
