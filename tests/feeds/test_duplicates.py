"""Syndicated copies: one entry per story in merged feeds, each site's own copy in its feed."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import datetime, timedelta, timezone
from pathlib import Path

import feedparser
import lxml.html

from aggregator.copy_sketch import similarity, sketch
from aggregator.schema import Article
from feeds.duplicates import DuplicateFinder
from feeds.publish import PublishReport

VN = timezone(timedelta(hours=7))

Publish = Callable[..., PublishReport]
Factory = Callable[..., Article]

HOI_THAO = (
    "Sáng 12/6, Liên hiệp các Hội Khoa học và Kỹ thuật tỉnh Lạng Sơn phối hợp với Sở Nông "
    "nghiệp và Môi trường tổ chức hội thảo khoa học “Ứng dụng công nghệ sinh học trong sản xuất "
    "nông nghiệp hữu cơ”. Tham dự hội thảo có hơn 120 đại biểu là nhà khoa học, cán bộ kỹ thuật, "
    "đại diện hợp tác xã và nông dân tiêu biểu đến từ các xã Cao Lộc, Văn Lãng và Tràng Định.\n\n"
    "Tại hội thảo, các chuyên gia đã trình bày 14 tham luận tập trung vào chế phẩm vi sinh xử lý "
    "phụ phẩm nông nghiệp, giống cây trồng kháng bệnh và quy trình canh tác cây hồi theo tiêu "
    "chuẩn VietGAP. Thạc sĩ Hoàng Văn Thắng, Viện Di truyền Nông nghiệp, cho biết việc sử dụng "
    "chế phẩm sinh học giúp giảm khoảng 30% lượng phân bón hóa học mà năng suất cây hồi vẫn ổn "
    "định qua ba vụ liên tiếp.\n\n"
    "Nhiều đại biểu kiến nghị tỉnh sớm xây dựng vùng nguyên liệu tập trung, hỗ trợ nông dân tiếp "
    "cận tín dụng ưu đãi và kết nối tiêu thụ sản phẩm qua sàn thương mại điện tử. Phát biểu kết "
    "luận, Chủ tịch Liên hiệp hội tỉnh đề nghị các hội thành viên tiếp tục đồng hành cùng nông "
    "dân, chuyển giao kết quả nghiên cứu đến từng thôn bản.\n\n"
    "Dịp này, ban tổ chức đã trao giấy chứng nhận cho 25 mô hình sản xuất hữu cơ tiêu biểu của "
    "tỉnh."
)
"""A federation story as Báo Lạng Sơn ran it."""

HOI_THAO_VUSTA = (
    "(Theo Báo Lạng Sơn) " + HOI_THAO
    .replace("Sáng 12/6", "Ngày 12/6")
    .replace("hơn 120 đại biểu", "gần 130 đại biểu")
    .replace("hóa học", "hoá học")  # old-style tone placement
    .rsplit("\n\n", 1)[0]  # the last paragraph was cut
)
"""The same story lightly edited by VUSTA's site."""

BOILERPLATE = (
    "Liên hiệp các Hội Khoa học và Kỹ thuật Việt Nam là tổ chức chính trị - xã hội có tính chất "
    "đặc thù, tập hợp đội ngũ trí thức khoa học và công nghệ trong cả nước. Mọi thông tin chi "
    "tiết xin liên hệ Văn phòng Liên hiệp hội, số điện thoại 024 3943 8342. Bản tin được phát "
    "hành hằng tuần vào sáng thứ Hai và đăng tải trên cổng thông tin điện tử của Liên hiệp hội."
)

CUOC_THI = (
    "Ngày 20/6, tại Huế, Ban tổ chức Cuộc thi Sáng tạo thanh thiếu niên nhi đồng thành phố đã "
    "tổng kết và trao giải cho 46 mô hình, sản phẩm xuất sắc. Năm nay cuộc thi nhận được 312 hồ "
    "sơ từ các trường trung học cơ sở và trung học phổ thông, tăng gần gấp đôi so với năm trước. "
    "Giải nhất thuộc về nhóm học sinh Trường THPT chuyên Quốc Học với thiết bị cảnh báo sạt lở "
    "đất dùng cảm biến độ ẩm và kết nối điện thoại di động. Các sản phẩm đoạt giải cao sẽ được "
    "chọn tham dự cuộc thi toàn quốc vào cuối năm.\n\n" + BOILERPLATE
)

KHAM_BENH = (
    "Trong hai ngày 21 và 22/6, Hội Y học tỉnh Lạng Sơn phối hợp với Bệnh viện Đa khoa tỉnh tổ "
    "chức khám bệnh, cấp thuốc miễn phí cho hơn 800 người cao tuổi tại xã Hữu Kiên. Các bác sĩ "
    "đã siêu âm, đo điện tim, xét nghiệm đường huyết và tư vấn chế độ dinh dưỡng hợp lý. Mỗi "
    "người dân còn được tặng một phần quà gồm sữa, gạo và vật dụng thiết yếu trị giá 300.000 "
    "đồng. Đây là hoạt động thường niên nhằm chăm sóc sức khỏe cho bà con vùng sâu, vùng xa.\n\n"
    + BOILERPLATE
)

LUA = (
    "Những ngày này, nông dân xã Thất Khê đang tập trung thu hoạch vụ lúa xuân với năng suất "
    "bình quân ước đạt 58 tạ mỗi héc-ta, cao nhất từ trước đến nay. Toàn xã gieo cấy hơn 420 "
    "héc-ta, trong đó 150 héc-ta sử dụng giống lúa chất lượng cao do Trung tâm Khuyến nông tỉnh "
    "hỗ trợ. Nhờ áp dụng máy gặt đập liên hợp, chi phí thu hoạch giảm gần một nửa so với gặt "
    "tay. Ông Nông Văn Hải, một hộ trồng lúa lâu năm, phấn khởi cho biết gia đình thu được gần "
    "bốn tấn thóc, đủ ăn và còn bán ra thị trường. Chính quyền địa phương đang chỉ đạo bà con "
    "làm đất, chuẩn bị cho vụ mùa sắp tới."
)


def _story(make_article: Factory, *, id: str, site_id: str, text: str, minutes: int,
           kind: str = "newspaper", provinces: tuple[str, ...] = ("lang-son",),
           title: str = "Hội thảo ứng dụng công nghệ sinh học trong nông nghiệp hữu cơ"
           ) -> Article:
    html = "".join(f"<p>{paragraph}</p>" for paragraph in text.split("\n\n"))
    return make_article(0, minutes, id=id, site_id=site_id, site_kind=kind, title=title,
                        url=f"https://{site_id}.vn/{id.split('/')[1]}.html", body_html=html,
                        body_text=text, provinces=provinces)


def _pair(make_article: Factory) -> tuple[Article, Article]:
    original = _story(make_article, id="baolangson/9001", site_id="baolangson",
                      text=HOI_THAO, minutes=0)
    copy = _story(make_article, id="vusta/hoi-thao-sinh-hoc", site_id="vusta", kind="federation",
                  text=HOI_THAO_VUSTA, minutes=26 * 60,
                  title="Lạng Sơn: Hội thảo ứng dụng công nghệ sinh học")
    return original, copy


def _atom_ids(out_dir: Path, stem: str) -> list[str]:
    parsed = feedparser.parse((out_dir / f"{stem}.atom").read_bytes())
    assert parsed.bozo == 0
    # The article id, without the feed scope merged feeds add (see items.entry_id).
    return [entry.id.rsplit(":", 1)[1].split("#")[0] for entry in parsed.entries]


def test_edited_copy_on_another_site_is_one_entry_in_merged_feeds(
        run_publish: Publish, make_article: Factory, out_dir: Path) -> None:
    original, copy = _pair(make_article)
    other = make_article(2, 60)
    run_publish([original, copy, other])
    for stem in ("all", "province/lang-son", "kind/newspaper"):
        assert _atom_ids(out_dir, stem) == ["baolangson/2", "baolangson/9001"], stem
    # Each site's own feed keeps its own copy, and a kind feed without the original keeps it.
    assert _atom_ids(out_dir, "source/vusta") == ["vusta/hoi-thao-sinh-hoc"]
    assert _atom_ids(out_dir, "source/baolangson") == ["baolangson/2", "baolangson/9001"]
    assert _atom_ids(out_dir, "kind/federation") == ["vusta/hoi-thao-sinh-hoc"]


def test_merged_entry_is_the_earliest_copy_and_links_the_others(
        run_publish: Publish, make_article: Factory, out_dir: Path) -> None:
    original, copy = _pair(make_article)
    run_publish([copy, original])
    (entry,) = feedparser.parse((out_dir / "all.atom").read_bytes()).entries
    assert entry.link == original.url
    assert entry.published == "2025-06-17T08:00:00+07:00"
    content = lxml.html.fromstring(entry.content[0].value)
    note = content.xpath("//p[starts-with(., 'Cũng đăng trên:')]")
    assert len(note) == 1 and note[0].getnext() is None  # the content ends with it
    assert [(a.get("href"), a.text) for a in note[0].iter("a")] == [
        (copy.url, "Liên hiệp các Hội Khoa học và Kỹ thuật Việt Nam")]
    (item,) = json.loads((out_dir / "all.json").read_text("utf-8"))["items"]
    assert item["content_html"].endswith(
        f'<p>Cũng đăng trên: <a href="{copy.url}">Liên hiệp các Hội Khoa học và Kỹ thuật '
        'Việt Nam</a></p>')
    source = feedparser.parse((out_dir / "source/baolangson.atom").read_bytes()).entries[0]
    assert "Cũng đăng trên" not in source.content[0].value


def test_different_stories_sharing_boilerplate_stay_two_entries(
        run_publish: Publish, make_article: Factory, out_dir: Path) -> None:
    contest = _story(make_article, id="husta/cuoc-thi", site_id="husta", kind="federation",
                     text=CUOC_THI, minutes=0, provinces=("hue", "lang-son"),
                     title="Trao giải Cuộc thi Sáng tạo thanh thiếu niên nhi đồng")
    clinic = _story(make_article, id="baolangson/9100", site_id="baolangson", text=KHAM_BENH,
                    minutes=30, title="Khám bệnh miễn phí cho người cao tuổi")
    run_publish([contest, clinic])
    assert _atom_ids(out_dir, "all") == ["baolangson/9100", "husta/cuoc-thi"]
    assert _atom_ids(out_dir, "province/lang-son") == ["baolangson/9100", "husta/cuoc-thi"]
    # The boilerplate is about a third of each text: similar, but far from one story.
    assert 0.1 < similarity(sketch(CUOC_THI), sketch(KHAM_BENH)) < 0.35


def test_copies_found_through_a_third_site_are_one_story(make_article: Factory) -> None:
    original, copy = _pair(make_article)
    third = _story(make_article, id="baocaobang/77", site_id="baocaobang",
                   text=HOI_THAO_VUSTA.replace("(Theo Báo Lạng Sơn) ", ""), minutes=50 * 60)
    unrelated = make_article(3, 30)
    newest_first = [third, copy, unrelated, original]
    (first, second) = DuplicateFinder().clusters(newest_first)
    assert first.first is unrelated and first.copies == ()
    assert second.first is original and second.copies == (copy, third)


def test_a_sites_own_repeats_are_not_merged(make_article: Factory) -> None:
    original = _story(make_article, id="baolangson/9001", site_id="baolangson",
                      text=HOI_THAO, minutes=0)
    repeat = _story(make_article, id="baolangson/9002", site_id="baolangson",
                    text=HOI_THAO, minutes=90)
    assert len(DuplicateFinder().clusters([repeat, original])) == 2


def test_short_texts_are_never_called_copies(make_article: Factory) -> None:
    caption = "Xem video: Lễ khai mạc hội chợ thương mại"
    a = make_article(1, 0, body_text=caption, body_html=f"<p>{caption}</p>")
    b = make_article(2, 5, id="baohue/1", site_id="baohue", body_text=caption,
                     body_html=f"<p>{caption}</p>")
    assert sketch(caption).values == ()
    assert len(DuplicateFinder().clusters([b, a])) == 2


def test_case_punctuation_and_tone_placement_do_not_matter() -> None:
    text = HOI_THAO.replace("\n\n", " ")
    shouted = text.upper().replace(",", " ,").replace("hóa", "hoá").replace("HÓA", "HOÁ")
    assert sketch(text) == sketch(shouted)
    assert similarity(sketch(HOI_THAO), sketch(HOI_THAO_VUSTA)) > 0.6


def test_folded_copies_do_not_shorten_a_merged_feed(run_publish: Publish,
                                                     make_article: Factory,
                                                     out_dir: Path) -> None:
    articles = []
    for n, text in enumerate((HOI_THAO, CUOC_THI, KHAM_BENH, LUA)):
        articles.append(_story(make_article, id=f"baolangson/{n}", site_id="baolangson",
                               text=text, minutes=n * 10))
        articles.append(_story(make_article, id=f"vusta/{n}", site_id="vusta",
                               kind="federation", text=text, minutes=n * 10 + 5))
    unrelated = [make_article(100 + n, -60 - n) for n in range(3)]
    run_publish([*articles, *unrelated], max_entries=5)
    ids = _atom_ids(out_dir, "all")
    assert ids == ["baolangson/3", "baolangson/2", "baolangson/1", "baolangson/0",
                   "baolangson/100"]


def test_published_dates_decide_the_first_copy_not_the_order_given(
        make_article: Factory) -> None:
    original, copy = _pair(make_article)
    backdated = copy.with_changes(published=datetime(2025, 6, 16, 7, 0, tzinfo=VN))
    for order in ([original, backdated], [backdated, original]):
        (story,) = DuplicateFinder().clusters(order)
        assert story.first is backdated and story.copies == (original,)
