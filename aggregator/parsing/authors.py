"""Find who wrote an article.

Structured data rarely names a person on these sites (``meta[name=author]`` is usually the
paper itself), so the usual source is the byline: the last short paragraph of the body, often
right-aligned and bold ("Thanh Huyền", "Tin, ảnh: P.Y", "Nhóm PV").
"""

from __future__ import annotations

import html as html_entities
import re
from collections.abc import Iterator
from typing import Any

from lxml.etree import _Element

from aggregator.dates import WEEKDAY, date_alone
from aggregator.text import match_key, normalize_text, plain_text, strip_diacritics

# The label of a credit naming who wrote the text: "Bài:", "Tin, ảnh:", "Bài và ảnh:".
WRITER_LABEL = r"(?:bài|tin)(?:\s*(?:và|,|&)\s*ảnh)?\s*:"
_CREDIT_PREFIX = re.compile(
    r"^(?:tin(?:\s*(?:và|,|&|/)\s*ảnh)?|ảnh(?:\s*(?:và|,|&|/)\s*bài)?|bài(?:\s*(?:và|,|&|/)\s*ảnh)?|"
    r"nhóm\s+pv|"
    r"theo|tác giả(?: bài viết)?|người viết|pv|ctv|nhóm phóng viên|nội dung|thực hiện|ghi chép của|"
    r"(?:người |biên |lược )?dịch(?=\s*:)|"
    # The editions in other languages: "By …", "Par …", "Story and photos: …", "Texte et
    # photos : …", Chinese "记者：…" (reporter) and "文/图：…" (text/photos), Khmer "អត្ថបទ
    # និងរូបថត៖ …" and Lao "ບົດ ແລະ ພາບ: …" (text and photos).
    r"(?:by|par)(?=\s|$)|(?:story|text|texte|news|words)(?:\s+(?:and|et)\s+photos?)?(?=\s*:)|"
    r"记者|文\s*/\s*图|文(?=：)|អត្ថបទ(?:\s*និង\s*រូបថត)?|ບົດ(?:\s*ແລະ\s*ພາບ)?)"
    r"\s*[:.：៖]?\s*",
    re.I,
)
# Ê Đê and other Central Highlands names keep an apostrophe ("H’Xuân Byă", "Y’Bhin"); a
# Russian edition writes names in Cyrillic ("Чан Тхи Лан").
_NAME = re.compile(r"^[A-ZÀ-ỸА-ЯЁ][\w.’']*(?:[\s-]+[A-ZÀ-ỸА-ЯЁ][\w.’']*){0,4}$")
# A name in a script without capitals (Chinese "黄秋香", Korean "응우옌 투 히엔", Khmer, Lao): at
# most four words of letters and their marks, taken only from a labelled credit.
_UNCASED_NAME = re.compile(r"^[^\W\d_A-Za-z\u00c0-\u024f\u1e00-\u1eff][^\sA-Za-z\d]{0,11}"
                           r"(?:\s[^\sA-Za-z\d]{1,12}){0,3}$")
# Affiliation marks after a name in a paper's author line ("Nguyễn Thị Thanh Hà1*").
_AFFILIATION_MARK = re.compile(r"[\d*†,]+$")
# Academic and professional titles before a name ("TS.", "PGS.TS", "GS, TS", "ThS", "BS",
# "Luật sư", "LS.", "Lương y", a traditional-medicine practitioner, "BS.CKII", a specialist
# doctor of the second grade): the reader wants the person.
_TITLES = re.compile(r"^(?:(?:pgs|gs|tskh|ts|ths|bs|ck(?:ii|i|1|2)|ks|ls|ncs|luật sư|bác sĩ|kỹ sư"
                     r"|lương y)\b[.,]?\s*)+", re.I)
_MAX_BYLINE_CHARS = 60
# ... and a closing line naming where the writer works too ("TS. Phạm Văn Khải - Hội đồng Khoa
# học, Tạp chí Năng lượng Việt Nam") may be this long.
_MAX_CREDIT_LINE_CHARS = 120
# What follows the names: "(TTXVN)", "(tổng hợp)", "/CTV", "/VOV-ĐBSCL", "/VOV-Tây Bắc" — the
# agency, the desk or a broadcaster's regional office (capitalised words) — or what the writer
# did: "Anh Vũ dịch" (translated), "Thu Hằng tổng hợp" (compiled), "Thu Quỳnh thực hiện"
# (an interview's interviewer).
_CREDIT_SUFFIX = re.compile(
    r"\s*(?:\([^()]*\)|/\s*[\w.+-]+|/\s*[A-ZĐ][\w.+]*(?:(?:\s*-\s*|\s+)[A-ZÀ-Ỹ][\w.+]*){1,3})$"
    # a repost's outlet after the writer ("Theo Hoàng Lan/Báo Nông nghiệp và Môi trường")
    r"|(?i:\s*/\s*(?:báo|tạp chí|đài|cổng|trang)\s.*)$"
    r"|\s+(?:(?:lược|biên)\s+)?dịch$|\s+tổng hợp$|\s+thực hiện$|\s+기자$")
# A credit line that names no writer and may follow the byline: "(Nguồn: Báo Quảng Ngãi)",
# "Theo TTXVN", "Bài viết có sử dụng số liệu của …", or a footnote marked by an asterisk
# ("(*) Tham luận tại Hội thảo …": where a signed paper was read); a repost's line naming where
# the original ran ("Bài đăng trên Báo Nhân Dân ngày 15/11/2026", "Đọc tiếp tại …", "Link bài
# gốc: …") and the original's tags pasted as a line ("Từ khóa: …").
_TRAILING_NOTE = re.compile(r"^(?:\(\*+\)|\*)|^[(*\s]*(?:nguồn|theo|tham khảo|bài viết (?:có )?sử dụng"
                            r"|bài (?:đã )?đăng (?:trên|tại)|đọc tiếp|(?:link|xem) bài gốc|từ khóa|tags?)\b",
                            re.I)
# A science article's notes and references printed after its byline ("Ghi chú:", "(1) …",
# "TÀI LIỆU THAM KHẢO", "[1] …"): looked past before any name is read in them (a heading in
# capitals reads like a name).
_NOTES_SECTION = re.compile(r"^(?:\[\d+\]|\(\d+\)\s|(?:tài liệu tham khảo|ghi chú|chú thích)\b)",
                            re.I)
# The crew of a page's or a report's making, not its writers: layout, design, graphics, the
# camera operator ("KTV", kỹ thuật viên; "Quay phim"), the editor ("Dựng", "Biên tập"), sound.
_CREW_ROLES = (r"trình bày|thiết kế|đồ họa|kỹ thuật(?: viên)?|ktv|quay phim|dựng(?: phim)?"
               r"|biên tập(?: viên)?|âm thanh|dữ liệu|chỉ đạo(?: thực hiện)?")
# The credits of a long-form page's making, printed after the writers' ("Nội dung: A - B",
# then "Ảnh: C", "Trình bày: D", "Ảnh, video: E", "Dữ liệu và đồ họa: F"): photographers and
# the crew are not the authors.
_MAKING_ROLE = rf"(?:ảnh|video|{_CREW_ROLES})"
_MAKING_CREDIT = re.compile(rf"^{_MAKING_ROLE}(?:\s*(?:,|&|/|và)\s*{_MAKING_ROLE})*\s*:", re.I)
# First words of organisations that "Theo …" credits: papers, agencies, offices.
_ORGANISATION_WORDS = ("báo", "tạp chí", "đài", "cổng", "sở", "bộ", "ban", "trung tâm", "hội", "lhh",
                       "viện", "học viện", "đại học", "trường", "thông tấn", "văn phòng", "ubnd",
                       "tổng cục", "cục", "phòng")


# Account names CMS themes print as "author"; they name a login, not a writer.
_ACCOUNT_NAMES = {"admin", "administrator", "quản trị", "quản trị viên", "ban biên tập", "bbt",
                  "editor", "biên tập viên", "super user", "superuser"}


# A site's own domain printed as its author ("baolaocai.vn", "Dantri.com.vn").
_DOMAIN = re.compile(r"[\w-]+\.(?:vn|com|net|org|info|gov|edu|asia)(?:\.vn)?$", re.I)


def is_person_name(name: str) -> bool:
    """False for empty strings, login names ("admin", all lower case), desk names and domain
    names."""
    clean = normalize_text(name)
    return (bool(clean) and clean.casefold() not in _ACCOUNT_NAMES and not clean.islower()
            and not _DOMAIN.search(clean))


# How a byline joins writers ("Thanh Tâm - Quốc Việt", "A và B"), also inside one JSON-LD name.
_DASH = re.compile(r"\s[-–—]\s")
_JOINED_WRITERS = re.compile(rf"{_DASH.pattern}|\svà\s")
_NAME_SEPARATORS = re.compile(rf"\s*(?:,|;|&|{_JOINED_WRITERS.pattern})\s*")


def _split_names(text: str) -> list[str]:
    parts = _NAME_SEPARATORS.split(text)
    return [p.strip(" .–-") for p in parts if p.strip(" .–-")]


# A date printed after the names on portals' closing lines: "Nguyễn Lan - 20/11/2026 08:15".
_TRAILING_DATE = re.compile(
    r"(?:\s*[-–|,]?\s*(?:thứ\s+(?:hai|ba|tư|năm|sáu|bảy)|chủ\s+nhật))?"
    r"\s*[-–|,]?\s*\d{1,2}[/.-]\d{1,2}[/.-]\d{2,4}(?:\s*[-|,]?\s*\d{1,2}\s*[:h]\s*\d{2})?$",
    re.I)


# A credit of its own inside one line: "Tin: Lò Văn Thanh - Ảnh: Cầm Thị Mai"; or a writer's
# role before the name: "Hồng Thủy - CTV Quang Nhật" (a collaborator), "PV Minh Hà" (reporter).
_PART_CREDIT = re.compile(r"^(?:(?:tin|bài|ảnh|video)\s*:|(?:CTV|PV)\b\.?)\s*", re.I)
# What a signer is, after a dash or a comma, to the end of the line: "TS. Lê Đình Sơn - Phó
# Chủ tịch Liên hiệp hội tỉnh", "…, Tổng Thư ký Liên hiệp các Hội Khoa học và Kỹ thuật".
_SIGNER_POSITION = re.compile(
    r"\s*(?:\s[-–—]|,)\s*(?:nguyên\s+)?(?:phó\s+)?(?:chủ tịch|tổng thư ký|giám đốc|viện trưởng|"
    r"hiệu trưởng|trưởng ban|trưởng phòng|bí thư|ủy viên|uỷ viên)\b.*$", re.I)
# The spelling of one Vietnamese syllable once its diacritics are gone: initial consonant(s),
# vowels, final consonant(s). "Reuters", "Nikkei", "Asia" are none: the foreign outlet a
# "Theo …" line credits as the source, not a writer.
_SYLLABLE = re.compile(r"(?:ngh|ng|nh|ch|gh|gi|kh|ph|qu|th|tr|[bcdghklmnprstvx])?[aeiouy]{1,3}"
                       r"(?:ch|ng|nh|[cmnpt])?")
_THEO = re.compile(r"^theo\s", re.I)


# A broadcast item's credits, one per role: "PV: A - B; KTV: C", "Thực hiện: A | Quay phim: B":
# split where a role's label opens a credit.
_ROLE_CREDITS = re.compile(r"\s*[;|]\s*|\s+[-–]\s+(?=[^\W\d]+(?:\s[^\W\d]+)?\s*:)")
_CREW_CREDIT = re.compile(rf"^(?:{_CREW_ROLES})\s*:", re.I)


# A translation's credits: the translator ("Hoài Thu (dịch)") and the original's writer ("Theo
# bài của Daniel Whitford, The Conversation", "Tác giả: Kenji Watanabe (Đại học Kyoto)"), who
# is the author.
_TRANSLATOR = re.compile(r"\(dịch\)|(?:^|\s)(?:người |biên )?dịch\s*:|\sdịch(?:\s*[-–]|$)", re.I)
_ORIGINAL_WRITER = re.compile(r"(?:theo bài(?: viết)? của|tác giả\s*:)\s*(?P<writer>[^,()–-]+)", re.I)


def byline_names(text: str) -> list[str]:
    """Names in a short credit line, or [] when the line is not a byline."""
    line = _TRAILING_DATE.sub("", normalize_text(text)).strip(" .")
    if not line or len(line) > _MAX_CREDIT_LINE_CHARS:
        return []
    original = _ORIGINAL_WRITER.search(line) if _TRANSLATOR.search(line) else None
    if original:
        line = "Tác giả: " + original["writer"].strip()
    credits = _ROLE_CREDITS.split(line)
    writing = [credit for credit in credits if not _CREW_CREDIT.match(credit)]
    if writing and len(writing) < len(credits):
        line = "; ".join(writing)
    # A credit in brackets ("(Theo Báo Nhân Dân)") reads as the credit itself.
    if line.startswith("(") and line.endswith(")"):
        line = line[1:-1].strip()
    credit = line
    had_prefix = bool(_CREDIT_PREFIX.match(line))
    line = _CREDIT_PREFIX.sub("", line).strip()
    if line.startswith("(") and line.endswith(")"):
        line = line[1:-1]
    unsuffixed = _TITLES.sub("", _SIGNER_POSITION.sub("", line))
    line = _CREDIT_SUFFIX.sub("", unsuffixed)
    labelled = had_prefix or line != unsuffixed
    # "A – B, Học viện Hành chính": the writers, then where they work.
    writers, comma, workplace = line.rpartition(", ")
    if comma and writers and _organisation(workplace):
        line = writers
    # "Nguyễn Hoàng Vy - Phòng Khoa học và Công nghệ": where she works may itself hold "và".
    parts = _DASH.split(line)
    office = next((i for i, part in enumerate(parts) if i and _organisation(part)), None)
    if office is not None:
        line = " - ".join(parts[:office])
    names = [_AFFILIATION_MARK.sub("", _TITLES.sub("", _PART_CREDIT.sub("", name)))
             for name in _split_names(line)]
    # "Nguyễn Thị Thảo - Văn phòng Liên hiệp hội": a person and where she works.
    people = [n for n in names if not _organisation(n)]
    names = people if people and not _organisation(names[0]) else names
    if (names and len(names) <= 4 and sum(map(len, names)) <= _MAX_BYLINE_CHARS
            and all((_NAME.match(n) or (labelled and _UNCASED_NAME.match(n)))
                    and _is_person(n) and is_person_name(n) for n in names)
            and (had_prefix or all(len(n.split()) <= 5 for n in names))
            and not (_THEO.match(credit)
                     and any(map(_foreign_word, " ".join(names).split())))):
        return [_cased(name) for name in names]
    return []


def _foreign_word(word: str) -> bool:
    """Whether a plain alphabetic word is no Vietnamese syllable ("Reuters"); initials and
    Central Highlands names ("P.Y", "H'Linh") are not judged."""
    return word.isalpha() and not _SYLLABLE.fullmatch(strip_diacritics(word).casefold())


def _cased(name: str) -> str:
    """A full name printed in capitals ("NGỌC HÀ") as a name is written ("Ngọc Hà"), so feeds
    do not shout; initials ("P.Y") stay as they are."""
    return name.title() if name.isupper() and " " in name else name


def _organisation(name: str) -> bool:
    folded = name.casefold()
    return any(folded == word or folded.startswith(word + " ") for word in _ORGANISATION_WORDS)


_WEEKDAY = re.compile(rf"^(?:{WEEKDAY})\b", re.I)


def _is_person(name: str) -> bool:
    """Not an organisation ("Báo Nhân Dân"), not an agency acronym ("TTXVN", "VOV") and not a
    weekday (a schedule's bold "Thứ Bảy"); initials with dots ("P.Y") and upper-case full
    names ("NGỌC HÀ") are people."""
    if _organisation(name) or _WEEKDAY.match(name):
        return False
    return not (" " not in name and name.isupper() and name.isascii() and "." not in name)


# A credit's label ("Thực hiện:", "Bài và ảnh:") ends within this many characters.
_CREDIT_LABEL_CHARS = 14


def trailing_byline(body: _Element) -> tuple[list[str], _Element | None]:
    """Names from the last non-empty block of the body and the element that carries them. A
    video's credit ("Video: Lò Thành") names the author of a video article, and a
    photographer's ("Ảnh: Đỗ Phương") the author of a photo story, where no writers' line comes
    before it."""
    previous = None
    video: tuple[list[str], _Element | None] = ([], None)
    photos: tuple[list[str], _Element | None] = ([], None)
    for element, text in _last_blocks(body, _LAST_BLOCKS):
        if text == previous:  # the <strong> inside the <p> just checked
            continue
        previous = text
        if date_alone(text) or _bold_in_credit_line(element):
            continue  # the date under the credits; a credit's bold label or name
        style = (element.get("style") or "") + (element.get("align") or "")
        emphasised = element.tag in ("strong", "b") or element.find(".//strong") is not None \
            or element.find(".//b") is not None or "right" in style
        if _NOTES_SECTION.match(text):
            continue
        if _MAKING_CREDIT.match(text):  # looked past, to the writers' line
            if not video[0] and _VIDEO_CREDIT.match(text):
                video = (byline_names(text), element)
            if not photos[0] and _PHOTOGRAPHER_CREDIT.match(text):
                photos = (byline_names(_PHOTOGRAPHER_CREDIT.sub("", text)), element)
            continue
        if len(text) <= _MAX_BYLINE_CHARS and _organisation(text) \
                and not text.endswith((".", "!", "?", ":")):
            continue  # the writer's institution under the name ("Viện Sinh thái và ...")
        names = byline_names(_without_workplace_lines(element) or text)
        # A line crediting its writers outright ("Thực hiện: A - B") needs no emphasis.
        credited = bool(_CREDIT_PREFIX.match(text)) and ":" in text[:_CREDIT_LABEL_CHARS]
        if names and (emphasised or credited or len(text) <= 30):
            return ([], None) if _signs_an_official_document(element) else (names, element)
        if not _TRAILING_NOTE.match(text):
            break
    if video[0]:
        return video
    # A photo story credits its photographers alone: they are its authors.
    return photos if photos[0] and len(body.findall(".//img")) >= _PHOTO_STORY_PHOTOS else ([], None)


def _bold_in_credit_line(element: _Element) -> bool:
    """Whether ``element`` is the bold part of a labelled credit's line ("<b>Bài:</b> Hoài
    Thu", "Thiết kế: <b>Thủy Tiên</b>"), read before its line when the body is walked
    backwards: the line is read whole next."""
    block = next(element.iterancestors("p", "div"), None) if element.tag in ("strong", "b") else None
    if block is None:
        return False
    line = normalize_text(block.text_content())
    return line != normalize_text(element.text_content()) and credit_line(line)


def credit_line(text: str) -> bool:
    """Whether ``text`` (normalised) is a labelled credit: the writers' ("Bài: …", "Nội dung:
    …", "Thực hiện: …") or the making's ("Ảnh: …", "Thiết kế: …")."""
    return bool(_MAKING_CREDIT.match(text)
                or (_CREDIT_PREFIX.match(text) and ":" in text[:_CREDIT_LABEL_CHARS]))


# A video's credit, the one making credit that may name a (video) article's author; and a
# photographer's, who is the author of a photo story (this many photos at least) no writer signs.
_VIDEO_CREDIT = re.compile(r"^video\s*:", re.I)
_PHOTOGRAPHER_CREDIT = re.compile(r"^ảnh\s*:\s*", re.I)
_PHOTO_STORY_PHOTOS = 3
# The marks of an administrative document's signature block (Nghị định 30/2020/NĐ-CP): the
# signer signs for the organisation ("TM." on behalf of, "KT." in place of, "TL."/"TUQ." by
# order of) above the recipients' list ("Nơi nhận:").
_OFFICIAL_SIGNATURE = re.compile(r"\b(?:TM|KT|TL|TUQ)\.\s*[A-ZĐÀ-Ỹ]|\bNơi nhận\b")
# How many text pieces before the signer's name the signature block may span ("Nơi nhận:",
# its four or five addressees, the position, "(Đã ký)").
_SIGNATURE_PIECES = 12


def _signs_an_official_document(element: _Element) -> bool:
    """Whether the closing name signs an official document (a decision, an invitation, a press
    release issued "TM. Ban Thường vụ"): the document is the organisation's, its signer not a
    writer the feed credits. A letter its signer writes in his own name keeps him as author."""
    # Text pieces with words: the white space between a signature's lines is no piece.
    before = element.xpath(f"preceding::text()[normalize-space()][position() <= {_SIGNATURE_PIECES}]")
    return bool(_OFFICIAL_SIGNATURE.search(" ".join(before)))


# How many blocks from the end the byline is looked for: only past notes (a reference list of
# a few items and its heading).
_LAST_BLOCKS = 10


def _without_workplace_lines(element: _Element) -> str:
    """The first line of a byline block whose other lines, after a ``<br>``, name where the
    writers work ("TS. Lê Thị Minh Hằng, ThS. Nguyễn Đức Toàn<br><em>Viện Khoa học Môi
    trường …</em>"), or '' when the block is no such byline."""
    if element.find(".//br") is None:
        return ""
    pieces = element.xpath(".//text() | .//br")
    joined = "".join("\n" if isinstance(p, _Element) else str(p) for p in pieces)
    lines = [line for raw in joined.split("\n") if (line := normalize_text(raw))]
    if len(lines) > 1 and all(_organisation(line) for line in lines[1:]):
        return lines[0]
    return ""


def _last_blocks(body: _Element, count: int) -> Iterator[tuple[_Element, str]]:
    """The last ``count`` blocks with text, last first, with their normalised text. Walks the
    body backwards and lazily, so only the blocks the caller looks at are normalised; the cheap
    ``strip`` test skips the empty ones (normalize_text still judges the rest: it also drops
    invisible characters such as a zero-width space)."""
    found = 0
    for element in reversed(list(body.iter("p", "div", "strong", "b"))):
        raw = element.text_content()
        text = normalize_text(raw) if raw.strip() else ""
        if text:
            yield element, text
            found += 1
            if found == count:
                return


def structured_authors(ld: dict[str, Any] | None, publisher_names: set[str]) -> list[str]:
    """Person names from JSON-LD ``author``, never the publication's own name."""
    if not ld:
        return []
    raw = ld.get("author")
    items = raw if isinstance(raw, list) else [raw]
    names: list[str] = []
    for item in items:
        if isinstance(item, dict):
            if item.get("@type") == "Organization":
                continue
            name = item.get("name")
        else:
            name = item
        if isinstance(name, str):
            clean = plain_text(html_entities.unescape(name))
            if (is_person_name(clean) and _is_person(clean) and match_key(clean) not in publisher_names
                    and len(clean) <= _MAX_BYLINE_CHARS):
                # Two writers in one name ("Thanh Tâm - Quốc Việt"), as the byline prints them
                # (a comma may add a title or a place: "By X, AP Auto Writer").
                several = byline_names(clean) if _JOINED_WRITERS.search(clean) \
                    and "," not in clean else []
                names.extend(several if len(several) > 1 else [clean])
    return names
