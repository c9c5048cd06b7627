"""Benchmark publishing and serving: the figures issue 4 asks for, on this machine.

1. Fills a real SQLite ``ArticleStore`` with generated articles (100,000 by default, across 40
   sites and the 34 units, a few percent of them syndicated copies), then times a full
   ``publish()`` into an empty folder and a second one with nothing changed.
2. Serves the published folder with ``FeedServer`` in a separate process (so client and server
   do not share one interpreter lock) and sends conditional GETs from 50 parallel clients, each
   on a keep-alive connection, as feed readers that already hold the ETags would; prints
   requests/s and latency percentiles.

Usage: ``.venv/bin/python bench/serve.py [--articles N] [--db PATH] [--requests N]``. Passing
``--db`` keeps the generated store for the next run (generating 100,000 articles takes a while).
"""

from __future__ import annotations

import argparse
import http.client
import multiprocessing
import random
import statistics
import sys
import tempfile
import threading
import time
from collections import Counter
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path
from urllib.parse import urlsplit

from aggregator.provinces import PROVINCES
from aggregator.registry import SiteEntry
from aggregator.schema import Article
from aggregator.store import ArticleStore
from feeds.publish import publish
from feeds.server import FeedServer

VN = timezone(timedelta(hours=7))
BASE_URL = "http://127.0.0.1:8080/"
FEDERATION_PROVINCES = ("hue", "lang-son", "nghe-an", "ho-chi-minh", "can-tho")
SYNDICATED_SHARE = 0.03
"""Share of generated articles that are a lightly edited copy of another site's story."""

_SENTENCES = (
    "Ủy ban nhân dân {place} vừa tổ chức hội nghị tổng kết công tác năm {year}.",
    "Tham dự có đại diện {n} sở, ngành và các địa phương trong tỉnh.",
    "Theo báo cáo, tổng vốn đầu tư công giải ngân đạt {n} tỷ đồng, tăng {p}% so với cùng kỳ.",
    "Hội Nông dân {place} đã hỗ trợ {n} hộ chuyển đổi sang trồng cây ăn quả có giá trị cao.",
    "Liên hiệp hội phối hợp tổ chức hội thảo về ứng dụng trí tuệ nhân tạo trong nông nghiệp.",
    "Các đại biểu thảo luận giải pháp giảm phát thải khí nhà kính trong chăn nuôi.",
    "Dự án đường cao tốc dài {n} km dự kiến hoàn thành vào quý {q} năm {year}.",
    "Ngành y tế {place} triển khai tiêm chủng mở rộng cho hơn {n} trẻ em.",
    "Mưa lớn kéo dài khiến {n} héc-ta lúa tại {place} bị ngập úng.",
    "Lực lượng chức năng đã kịp thời sơ tán {n} hộ dân ra khỏi vùng nguy hiểm.",
    "Sở Khoa học và Công nghệ {place} công bố {n} đề tài nghiên cứu cấp tỉnh.",
    "Giải thưởng sáng tạo kỹ thuật năm nay nhận được {n} hồ sơ dự thi.",
    "Nhiều mô hình kinh tế tập thể mang lại thu nhập {n} triệu đồng mỗi năm.",
    "Chủ tịch tỉnh yêu cầu các đơn vị đẩy nhanh tiến độ giải phóng mặt bằng.",
    "Lễ hội truyền thống thu hút khoảng {n} nghìn lượt du khách trong {q} ngày.",
    "Trường học tại {place} chuẩn bị cơ sở vật chất cho năm học mới {year}.",
    "Hợp tác xã đã xuất khẩu lô hàng {n} tấn nông sản sang thị trường châu Âu.",
    "Trung tâm chuyển đổi số {place} hướng dẫn người dân sử dụng dịch vụ công trực tuyến.",
    "Cuộc thi sáng tạo thanh thiếu niên nhi đồng có {n} sản phẩm tham gia.",
    "Công an {place} phát hiện và xử lý {n} vụ vi phạm trật tự an toàn giao thông.",
    "Đoàn công tác khảo sát thực tế tại {n} xã vùng sâu, vùng xa.",
    "Tỉnh đặt mục tiêu tăng trưởng kinh tế đạt {p}% trong giai đoạn tới.",
    "Bệnh viện đa khoa {place} đưa vào sử dụng hệ thống chẩn đoán hình ảnh mới.",
    "Hội thảo thu hút {n} nhà khoa học, chuyên gia trong và ngoài nước.",
    "Người dân phấn khởi khi tuyến đường liên xã dài {n} km được nâng cấp.",
    "Đề án phát triển du lịch cộng đồng gắn với bảo tồn văn hóa dân tộc được phê duyệt.",
    "Ban tổ chức trao {n} suất học bổng cho học sinh có hoàn cảnh khó khăn.",
    "Sản lượng cà phê niên vụ này ước đạt {n} nghìn tấn.",
    "Nhiều doanh nghiệp đăng ký tham gia hội chợ thương mại với {n} gian hàng.",
    "Trạm khí tượng thủy văn dự báo nhiệt độ cao nhất khoảng {p} độ C.",
)
_TOPICS = ("Hội nghị", "Hội thảo", "Khởi công", "Tổng kết", "Ra mắt", "Trao giải", "Phát động",
           "Khánh thành", "Tập huấn", "Diễn đàn")


def bench_sites() -> list[SiteEntry]:
    """One newspaper per unit (34) plus six federations (VUSTA and five provincial unions)."""
    sites = [SiteEntry(id=f"bao-{slug}", name=f"Báo {province.name}", kind="newspaper",
                       url=f"https://bao-{slug}.example.vn/", province=slug)
             for slug, province in PROVINCES.items()]
    sites.append(SiteEntry(id="vusta", name="Liên hiệp các Hội KH&KT Việt Nam",
                           kind="federation", url="https://vusta.example.vn/"))
    sites += [SiteEntry(id=f"lhh-{slug}", name=f"Liên hiệp hội {PROVINCES[slug].name}",
                        kind="federation", url=f"https://lhh-{slug}.example.vn/", province=slug)
              for slug in FEDERATION_PROVINCES]
    return sites


def generate_articles(count: int, sites: Sequence[SiteEntry], *,
                      seed: int = 4) -> Iterator[Article]:
    """``count`` articles over the last ~90 days, reproducible for a given seed."""
    rng = random.Random(seed)
    start = datetime(2025, 9, 1, 6, 0, tzinfo=VN)
    slugs = list(PROVINCES)
    recent: list[Article] = []
    for number in range(count):
        site = rng.choice(sites)
        published = start + timedelta(seconds=number * 78 + rng.randrange(60))
        original = recent[rng.randrange(len(recent))] if recent else None
        if original is not None and original.site_id != site.id and \
                rng.random() < SYNDICATED_SHARE:
            yield _copy_of(original, site, number, published)
            continue
        home = site.province or rng.choice(slugs)
        provinces = [home] + ([rng.choice(slugs)] if rng.random() < 0.1 else [])
        place = PROVINCES[home].name
        body = [rng.choice(_SENTENCES).format(place=place, n=rng.randrange(2, 5000),
                                              p=rng.randrange(1, 40), q=rng.randrange(1, 5),
                                              year=rng.choice((2025, 2026)))
                for _ in range(rng.randrange(8, 16))]
        article = _article(site, number, published,
                           title=f"{rng.choice(_TOPICS)} tại {place}: {body[0][:60]}",
                           lead=body[0], paragraphs=body, provinces=provinces)
        recent = [*recent[-199:], article]
        yield article


def _copy_of(original: Article, site: SiteEntry, number: int, published: datetime) -> Article:
    paragraphs = original.body_text.split("\n\n")
    edited = [f"(Theo {original.site_id}) {paragraphs[0]}", *paragraphs[1:]]
    return _article(site, number, published, title=original.title, lead=original.lead,
                    paragraphs=edited, provinces=[*original.provinces])


def _article(site: SiteEntry, number: int, published: datetime, *, title: str, lead: str,
             paragraphs: Sequence[str], provinces: Sequence[str]) -> Article:
    return Article(
        id=f"{site.id}/{number}", site_id=site.id, site_kind=site.kind,
        url=f"{site.url}tin-tuc/bai-{number}.html", title=title, lead=lead,
        body_html="".join(f"<p>{p}</p>" for p in paragraphs),
        body_text="\n\n".join(paragraphs), authors=("Phóng viên",), published=published,
        provinces=tuple(dict.fromkeys(provinces)),
        image=f"{site.url}uploads/anh-{number}.jpg",
        fetched_at=published.astimezone(UTC) + timedelta(minutes=20))


def fill_store(store: ArticleStore, count: int, sites: Sequence[SiteEntry]) -> None:
    batch: list[Article] = []
    for article in generate_articles(count, sites):
        batch.append(article)
        if len(batch) == 2000:
            store.upsert(batch)
            batch = []
    store.upsert(batch)


def timed_publish(store: ArticleStore, sites: Sequence[SiteEntry], out_dir: Path) -> \
        tuple[float, int]:
    """Seconds one publish took, and how many files it wrote."""
    started = time.perf_counter()
    report = publish(store, sites, out_dir=out_dir, base_url=BASE_URL)
    return time.perf_counter() - started, len(report.written)


@dataclass(frozen=True, slots=True)
class LoadResult:
    """What the clients saw: status counts (``0`` = connection error) and latencies."""

    statuses: Counter[int]
    latencies: list[float]
    seconds: float

    @property
    def requests_per_second(self) -> float:
        return len(self.latencies) / self.seconds

    def percentile(self, share: float) -> float:
        ordered = sorted(self.latencies)
        return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


def conditional_get_load(base_url: str, paths: Sequence[str], *, clients: int,
                         requests: int) -> LoadResult:
    """``requests`` conditional GETs of ``paths`` split over ``clients`` parallel connections.

    The ETags are learnt first (untimed), as subscribed readers already hold them; then each
    client polls its share of the paths with ``If-None-Match`` and ``Accept-Encoding: gzip`` on
    one keep-alive connection, all clients starting together.
    """
    split = urlsplit(base_url)
    host, port = split.hostname or "127.0.0.1", split.port or 80
    connection = http.client.HTTPConnection(host, port, timeout=30)
    etags = {path: _get(connection, path, {})[1] for path in paths}
    connection.close()
    statuses: Counter[int] = Counter()
    latencies: list[float] = []
    lock = threading.Lock()
    start = threading.Barrier(clients + 1)

    def client(index: int) -> None:
        mine = [paths[n % len(paths)] for n in range(index, requests, clients)]
        seen: Counter[int] = Counter()
        times: list[float] = []
        connection = http.client.HTTPConnection(host, port, timeout=30)
        start.wait()
        try:
            for path in mine:
                began = time.perf_counter()
                status, _ = _get(connection, path, {"If-None-Match": etags[path],
                                                    "Accept-Encoding": "gzip"})
                times.append(time.perf_counter() - began)
                seen[status] += 1
        except (OSError, http.client.HTTPException):
            seen[0] += len(mine) - len(times)
        finally:
            connection.close()
        with lock:
            statuses.update(seen)
            latencies.extend(times)

    threads = [threading.Thread(target=client, args=(i,)) for i in range(clients)]
    for thread in threads:
        thread.start()
    start.wait()
    began = time.perf_counter()
    for thread in threads:
        thread.join()
    return LoadResult(statuses, latencies, time.perf_counter() - began)


def _get(connection: http.client.HTTPConnection, path: str,
         headers: dict[str, str]) -> tuple[int, str]:
    connection.request("GET", "/" + path, headers=headers)
    response = connection.getresponse()
    response.read()
    return response.status, response.getheader("ETag") or ""


def _serve(root: Path, port: int) -> None:
    with FeedServer(root, "127.0.0.1", port) as server:
        server.serve_forever()


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=100_000)
    parser.add_argument("--db", type=Path, help="SQLite file to reuse (created when missing)")
    parser.add_argument("--requests", type=int, default=20_000)
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--port", type=int, default=18080)
    parser.add_argument("--repeat", type=int, default=3,
                        help="publishes timed of each kind (the median is printed)")
    args = parser.parse_args(argv)
    sites = bench_sites()
    with tempfile.TemporaryDirectory(prefix="bench-serve-") as temp:
        db = args.db or Path(temp) / "bench.db"
        store = ArticleStore(f"sqlite:///{db}")
        try:
            stored = store.count()
            if stored not in (0, args.articles):
                parser.error(f"{db} holds {stored} articles, not {args.articles}")
            if stored == 0:
                print(f"generating {args.articles} articles into {db} ...", flush=True)
                started = time.perf_counter()
                fill_store(store, args.articles, sites)
                print(f"  {time.perf_counter() - started:.1f} s", flush=True)
            full = [timed_publish(store, sites, Path(temp) / f"public-{n}")
                    for n in range(args.repeat)]
            out_dir = Path(temp) / f"public-{args.repeat - 1}"
            again = [timed_publish(store, sites, out_dir) for _ in range(args.repeat)]
        finally:
            store.close()
        print(f"publish, {args.articles} stored articles, {len(sites)} sites, median of "
              f"{args.repeat}: full {_median(full)}, nothing changed {_median(again)}")
        paths = sorted(p.relative_to(out_dir).as_posix() for p in out_dir.rglob("*")
                       if p.is_file() and not p.name.startswith("."))
        server = multiprocessing.Process(target=_serve, args=(out_dir, args.port), daemon=True)
        server.start()
        try:
            _wait_for_port(args.port)
            result = conditional_get_load(f"http://127.0.0.1:{args.port}/", paths,
                                          clients=args.clients, requests=args.requests)
        finally:
            server.terminate()
            server.join()
    print(f"serve, {args.clients} parallel clients, {len(result.latencies)} conditional GETs "
          f"over {len(paths)} files: {result.requests_per_second:.0f} requests/s, "
          f"p50 {result.percentile(0.50) * 1000:.1f} ms, "
          f"p99 {result.percentile(0.99) * 1000:.1f} ms, "
          f"max {max(result.latencies) * 1000:.1f} ms, mean "
          f"{statistics.fmean(result.latencies) * 1000:.1f} ms; statuses {dict(result.statuses)}")
    return 0 if set(result.statuses) <= {200, 304} else 1


def _median(runs: Sequence[tuple[float, int]]) -> str:
    seconds = sorted(elapsed for elapsed, _ in runs)
    files = max(written for _, written in runs)
    return (f"{statistics.median(seconds):.2f} s (min {seconds[0]:.2f}, max {seconds[-1]:.2f}; "
            f"{files} files written)")


def _wait_for_port(port: int) -> None:
    deadline = time.monotonic() + 10
    while True:
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=1)
        try:
            connection.connect()
            return
        except OSError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.05)
        finally:
            connection.close()


if __name__ == "__main__":
    sys.exit(main())
