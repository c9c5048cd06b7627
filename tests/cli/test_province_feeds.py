"""Through the command line: a store made before province feeds followed aboutness is put under
the rule by the next crawl, and the published province feeds follow it."""

from __future__ import annotations

import json
import socket
from datetime import datetime, timedelta, timezone
from pathlib import Path

from aggregator.schema import Article
from aggregator.store import ArticleStore
from tests.support import run_cli, write_config

VN = timezone(timedelta(hours=7))


def _closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def test_crawl_places_old_articles_by_aboutness_and_publish_follows(tmp_path: Path) -> None:
    config = write_config(tmp_path, (
        '[[sites]]\nid = "baocaobang"\nname = "Báo Cao Bằng"\nkind = "newspaper"\n'
        f'province = "cao-bang"\nurl = "http://127.0.0.1:{_closed_port()}/"\n'))
    store = ArticleStore(f"sqlite:///{tmp_path / 'store.db'}")
    store.upsert([Article(  # as an older version stored it: every unit named decides
        id="baocaobang/1", site_id="baocaobang", site_kind="newspaper",
        url="https://baocaobang.vn/nuoi-ong-1.html", title="Nuôi ong lấy mật dưới tán rừng",
        lead="Nhiều hộ ở vùng cao nuôi ong lấy mật, thu nhập ổn định.",
        body_text="Mỗi đàn cho 15 lít mật mỗi năm.\n\n"
                  "Mật được thương lái từ tỉnh Lạng Sơn và Hà Nội đến thu mua.",
        provinces=("cao-bang", "lang-son", "ha-noi"), published=datetime.now(VN))])
    assert [a.id for a in store.latest(limit=5, province="ha-noi")] == ["baocaobang/1"]
    store.close()

    run_cli("crawl", config=config)  # the site itself is unreachable: only the store changes
    run_cli("publish", config=config)

    def items(slug: str) -> list[str]:
        feed = json.loads((tmp_path / "public" / "province" / f"{slug}.json").read_text("utf-8"))
        return [item["url"] for item in feed["items"]]

    assert items("cao-bang") == ["https://baocaobang.vn/nuoi-ong-1.html"]
    assert not (tmp_path / "public" / "province" / "ha-noi.json").exists() or items("ha-noi") == []
    assert not (tmp_path / "public" / "province" / "lang-son.json").exists() or items("lang-son") == []
