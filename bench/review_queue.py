"""Review queue page speed: ``GET /queue`` with 100,000 expert mentions vs an empty database.

Builds, per database (SQLite file; PostgreSQL when reachable, in throw-away
databases dropped afterwards), an empty migrated database, a small one (1,000
mentions: a full page without the volume, shown for reference only) and one
holding the synthetic world: ``--mentions`` expert mentions (default 100,000) of ~20
experts over three years; ~70% of stories have one document, the rest are
wire stories carried by 2-12 papers; each document names 1-2 experts;
statuses ~60% pending / 30% confirmed / 10% rejected; confidences 0.1-1.0;
Japanese titles and snippets with ``[[name]]`` markers. Rows are written in
bulk with SQLAlchemy Core, then ``ANALYZE`` (PostgreSQL: ``VACUUM ANALYZE``,
the state autovacuum leaves a table in after bulk inserts).

Each page (the default pending queue, ``order=least_confident`` and one
filtered page ``expert=<id>&q=<word>``) is requested through FastAPI's test
client as a signed-in reviewer: 3 warm-up requests, then the median of
``--repeat`` timed requests (full request, server-side render included).
Target (from the issue): 100k page <= 3x the empty-database page and under
300 ms. Prints a table and a verdict; exits 0 unless it crashes.

Run: ``.venv/bin/python bench/review_queue.py [--mentions N] [--repeat R]
[--postgres-url URL] [--sqlite-only]``.
"""

from __future__ import annotations

import argparse
import contextlib
import random
import re
import statistics
import sys
import tempfile
import time
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from fastapi.testclient import TestClient
from sqlalchemy import Engine, bindparam, insert, text, update
from sqlalchemy.engine import make_url

from pipeline.types import (
    Config,
    ExpertConfig,
    InstituteConfig,
    MediaType,
    OutletConfig,
    Role,
    UserRole,
)
from review.app import create_app
from review.auth import hash_password
from storage import review as store
from storage.db import make_engine, session_scope, upgrade
from storage.models import Document, Mention, Story
from tests.dbfixtures import libpq_url, postgres_reachable

DEFAULT_POSTGRES_URL = "postgresql://postgres@127.0.0.1:5432/test"
TARGET_RATIO = 3.0
TARGET_MS = 300.0
WARMUP = 3
PASSWORD = "benchmark password 123"
NOW = datetime(2026, 12, 1, 0, 0, tzinfo=UTC)
SPAN = timedelta(days=3 * 365)
SEED = 20261207
FILTER_EXPERT = "e07"
FILTER_WORD = "防衛"
SMALL_MENTIONS = 1_000  # enough to fill the page: shows the cost of 50 rows, not of 100k
DATABASES = ("empty", "small", "full")

SURNAMES = (
    "田中 鈴木 佐藤 高橋 伊藤 渡辺 山本 中村 小林 加藤 "
    "吉田 山田 佐々木 山口 松本 井上 木村 林 清水 森"
)
GIVEN = "太郎 花子 健一 洋子 直樹 美穂 浩二 恵 翔平 真理 和也 優子 大輔 陽菜 誠 彩 拓海 裕子 亮 舞"
EXPERTS = tuple(
    ExpertConfig(
        id=f"e{index + 1:02d}",
        name=surname + given,
        titles=("主任研究員", "研究員"),
        groups=(("米国研究会", "中国研究会", "欧州研究会", "安全保障研究会")[index % 4],),
    )
    for index, (surname, given) in enumerate(zip(SURNAMES.split(), GIVEN.split(), strict=True))
)
OUTLETS = (
    ("朝日新聞", MediaType.NEWSPAPER),
    ("読売新聞", MediaType.NEWSPAPER),
    ("毎日新聞", MediaType.NEWSPAPER),
    ("日本経済新聞", MediaType.NEWSPAPER),
    ("産経新聞", MediaType.NEWSPAPER),
    ("東京新聞", MediaType.NEWSPAPER),
    ("北海道新聞", MediaType.NEWSPAPER),
    ("中日新聞", MediaType.NEWSPAPER),
    ("西日本新聞", MediaType.NEWSPAPER),
    ("河北新報", MediaType.NEWSPAPER),
    ("京都新聞", MediaType.NEWSPAPER),
    ("神戸新聞", MediaType.NEWSPAPER),
    ("NHK", MediaType.TV),
    ("TBS", MediaType.TV),
    ("文化放送", MediaType.RADIO),
    ("週刊東洋経済", MediaType.MAGAZINE),
    ("外交", MediaType.JOURNAL),
    ("ニュースサイトA", MediaType.WEB),
)
WIRE_OUTLETS = [name for name, kind in OUTLETS if kind is MediaType.NEWSPAPER]
TOPICS = (
    "防衛費増額",
    "日米同盟",
    "米中対立",
    "台湾海峡",
    "ウクライナ情勢",
    "中東和平",
    "北朝鮮のミサイル発射",
    "経済安全保障",
    "半導体輸出規制",
    "欧州の防衛政策",
    "ASEAN外交",
    "核軍縮",
    "気候変動交渉",
    "インド太平洋戦略",
    "日韓関係",
    "ロシア制裁",
)
HEADLINES = (
    "{topic}、政府が新方針",
    "{topic}をめぐり与野党が論戦",
    "{topic} 専門家に聞く",
    "焦点：{topic}の行方",
    "{topic}で首脳会談、来月にも（共同）",
    "社説　{topic}を考える",
)
SNIPPETS = (
    "日本国際問題研究所の[[{name}]]主任研究員は「{topic}は長期化する」と指摘した",
    "[[{name}]]研究員は{topic}について「冷静な対応が必要だ」と話した",
    "番組には[[{name}]]氏が出演し、{topic}を解説した",
    "{topic}に詳しい[[{name}]]さんによると、交渉は難航しているという",
    "[[{name}]]・日本国際問題研究所研究員の寄稿「{topic}の論点」",
)
FILLER = (
    "政府は来年度予算案で関連経費を大幅に増額する方針を固めた。",
    "与党内には財源をめぐる異論もある。",
    "先行きは不透明で、専門家の間でも見方が分かれている。",
    "関係国は週内にも実務者協議を開く予定だ。",
    "外務省幹部は「あらゆる選択肢を排除しない」と述べた。",
    "野党は国会で政府の説明責任を追及する構えだ。",
)
ROLES = (
    (Role.QUOTE, 45),
    (Role.MENTION, 20),
    (Role.APPEARANCE, 15),
    (Role.INTERVIEW, 10),
    (Role.AUTHORED, 7),
    (Role.TALK, 3),
)
PAGES = (
    ("queue (pending, newest)", "/queue"),
    ("queue least_confident", "/queue?order=least_confident"),
    ("queue expert+q filter", f"/queue?expert={FILTER_EXPERT}&q={FILTER_WORD}"),
)
CONFIG = Config(
    institute=InstituteConfig(name="日本国際問題研究所"),
    experts=EXPERTS,
    outlets=tuple(OutletConfig(name=name, media_type=kind) for name, kind in OUTLETS),
)


# --- the synthetic world -----------------------------------------------------------


@dataclass(frozen=True, slots=True)
class World:
    """Rows to insert, as Core executemany parameter lists."""

    stories: list[dict[str, Any]]
    documents: list[dict[str, Any]]
    mentions: list[dict[str, Any]]


def _placements(rng: random.Random) -> int:
    """Documents of one story: ~70% one, the rest wire stories of 2-12 (small ones commoner)."""
    if rng.random() < 0.7:
        return 1
    return min(12, 2 + int(rng.expovariate(1 / 2.5)))


def _status(rng: random.Random) -> str:
    draw = rng.random()
    return "pending" if draw < 0.6 else "confirmed" if draw < 0.9 else "rejected"


def build_world(mentions_wanted: int, seed: int = SEED) -> World:
    """Stories, documents and exactly ``mentions_wanted`` expert mentions, oldest first."""
    rng = random.Random(seed)
    role_names = [str(role) for role, _ in ROLES]
    role_weights = [weight for _, weight in ROLES]
    stories: list[dict[str, Any]] = []
    documents: list[dict[str, Any]] = []
    mentions: list[dict[str, Any]] = []
    # Spread story times evenly over the span (mean ~1.43 mentions per document and
    # ~2.2 documents per story: ~31k stories for 100k mentions), oldest first.
    expected_stories = max(1, int(mentions_wanted / 3.1))
    step = SPAN / expected_stories
    start = NOW - SPAN
    story_id = 0
    while len(mentions) < mentions_wanted:
        story_id += 1
        published = start + step * story_id + timedelta(minutes=rng.randint(0, 600))
        stories.append({"id": story_id, "created_at": published, "credit": None})
        topic = rng.choice(TOPICS)
        title = rng.choice(HEADLINES).format(topic=topic)
        count = _placements(rng)
        wire = count > 1
        outlets = rng.sample(WIRE_OUTLETS, count) if wire else [rng.choice(OUTLETS)[0]] * count
        # The same text names the same experts in every placement, with one
        # confidence and (mostly) one status per story x expert.
        named = rng.sample(EXPERTS, 2 if rng.random() < 0.4 else 1)
        per_expert = {
            expert.id: (
                _status(rng),
                round(rng.uniform(0.1, 1.0), 3),
                rng.choices(role_names, role_weights)[0],
                rng.choice(SNIPPETS).format(name=expert.name, topic=topic),
            )
            for expert in named
        }
        body = "".join(rng.choice(FILLER) for _ in range(rng.randint(4, 8)))
        for placement, outlet in enumerate(outlets):
            document_id = len(documents) + 1
            when = published + timedelta(hours=placement * rng.randint(0, 3))
            seen = when + timedelta(minutes=rng.randint(5, 180))
            media = dict(OUTLETS)[outlet]
            url = f"https://news.example.jp/{outlet}/{story_id}/{placement}"
            documents.append(
                {
                    "id": document_id,
                    "story_id": story_id,
                    "source_name": f"feed-{outlet}",
                    "url": url,
                    "canonical_url": url,
                    "guid": None,
                    "title": title + ("（共同）" if wire else ""),
                    "text": title + "。" + body,
                    "summary": body[:60],
                    "byline": None,
                    "published_at": when,
                    "first_seen_at": seen,
                    "updated_at": seen,
                    "language": "ja",
                    "outlet": outlet,
                    "media_type": str(media),
                    "fingerprint": f"fp-{story_id}",
                    "signature": None,
                    "credit": "共同" if wire else None,
                    "manual": False,
                    "links": "",
                }
            )
            for expert in named:
                status, confidence, role, snippet = per_expert[expert.id]
                if rng.random() < 0.05:  # a placement decided on its own
                    status = _status(rng)
                reviewed = status != "pending"
                mentions.append(
                    {
                        "id": len(mentions) + 1,
                        "document_id": document_id,
                        "target_kind": "expert",
                        "target_id": expert.id,
                        "role": role,
                        "confidence": confidence,
                        "alias": expert.name,
                        "snippet": snippet,
                        "rule": "name+title",
                        "reason": "title nearby",
                        "status": status,
                        "created_at": seen,
                        "reviewed_at": seen + timedelta(days=2) if reviewed else None,
                        "note": None,
                        "manual": False,
                        "reviewed_by": "rev" if reviewed else None,
                        "reject_reason": "namesake" if status == "rejected" else None,
                        "proposed_role": None,
                    }
                )
                if len(mentions) >= mentions_wanted:
                    break
            if len(mentions) >= mentions_wanted:
                break
    return World(stories=stories, documents=documents, mentions=mentions)


def _chunks(rows: list[dict[str, Any]], size: int = 5000) -> Iterator[list[dict[str, Any]]]:
    for start in range(0, len(rows), size):
        yield rows[start : start + size]


def load_world(engine: Engine, world: World) -> None:
    """Insert the world in bulk, point stories at their first document, then analyse."""
    with engine.begin() as connection:
        for table, rows in (
            (Story.__table__, world.stories),
            (Document.__table__, world.documents),
            (Mention.__table__, world.mentions),
        ):
            for chunk in _chunks(rows):
                connection.execute(insert(table), chunk)
        first: dict[int, int] = {}
        for document in world.documents:
            first.setdefault(document["story_id"], document["id"])
        pointers = [{"sid": story, "did": document} for story, document in first.items()]
        point = (
            update(Story.__table__)
            .where(Story.__table__.c.id == bindparam("sid"))
            .values(original_document_id=bindparam("did"))
        )
        for chunk in _chunks(pointers):
            connection.execute(point, chunk)
        if engine.dialect.name == "postgresql":
            # Explicit ids leave the serial sequences behind; move them on.
            for table in ("stories", "documents", "mentions"):
                connection.execute(
                    text(
                        f"SELECT setval(pg_get_serial_sequence('{table}', 'id'),"
                        f" (SELECT max(id) FROM {table}))"
                    )
                )
    # PostgreSQL: VACUUM too, as autovacuum would have done after the inserts by the
    # time anyone reads the queue (it sets the visibility map index-only scans need).
    statement = "VACUUM ANALYZE" if engine.dialect.name == "postgresql" else "ANALYZE"
    with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
        connection.execute(text(statement))


# --- databases ---------------------------------------------------------------------


@contextlib.contextmanager
def sqlite_urls() -> Iterator[tuple[str, ...]]:
    """SQLite file URLs (empty, small, full) in a temporary folder."""
    with tempfile.TemporaryDirectory(prefix="bench-review-queue-") as folder:
        yield tuple(f"sqlite:///{folder}/{name}.db" for name in DATABASES)


@contextlib.contextmanager
def postgres_urls(server: str) -> Iterator[tuple[str, ...]]:
    """Throw-away PostgreSQL databases (or schemas, without CREATEDB), dropped afterwards."""
    import psycopg
    from psycopg import sql

    suffix = uuid.uuid4().hex[:10]
    names = tuple(f"mw_bench_{name}_{suffix}" for name in DATABASES)
    try:
        with psycopg.connect(libpq_url(server), autocommit=True) as conn:
            for name in names:
                conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
        use_databases = True
    except psycopg.errors.InsufficientPrivilege:
        with psycopg.connect(libpq_url(server), autocommit=True) as conn:
            for name in names:
                conn.execute(sql.SQL("CREATE SCHEMA {}").format(sql.Identifier(name)))
        use_databases = False
    base = make_url(server)
    if use_databases:
        urls = [base.set(database=name) for name in names]
    else:
        urls = [base.update_query_dict({"options": f"-csearch_path={name}"}) for name in names]
    try:
        yield tuple(u.render_as_string(hide_password=False) for u in urls)
    finally:
        with psycopg.connect(libpq_url(server), autocommit=True) as conn:
            for name in names:
                drop = (
                    "DROP DATABASE IF EXISTS {} WITH (FORCE)"
                    if use_databases
                    else "DROP SCHEMA IF EXISTS {} CASCADE"
                )
                conn.execute(sql.SQL(drop).format(sql.Identifier(name)))


# --- measuring ---------------------------------------------------------------------


def add_reviewer(engine: Engine) -> None:
    """The account the benchmark signs in with."""
    with session_scope(engine) as session:
        store.add_user(
            session,
            name="bench",
            role=UserRole.REVIEWER,
            password_hash=hash_password(PASSWORD),
            actor="bench",
            now=NOW,
        )


def sign_in(client: TestClient) -> None:
    """GET /login, read the CSRF field, POST the form (as tests/test_review_app.py does)."""
    page = client.get("/login")
    token = re.search(r'name="csrf" value="([^"]+)"', page.text)
    if token is None:
        raise RuntimeError("no CSRF field on /login")
    response = client.post(
        "/login",
        data={"name": "bench", "password": PASSWORD, "csrf": token.group(1), "next": "/queue"},
        follow_redirects=False,
    )
    if response.status_code != 303:
        raise RuntimeError(f"sign-in answered {response.status_code}")


def median_ms(call: Callable[[], Any], repeat: int) -> float:
    """Median wall time of ``call`` in milliseconds after ``WARMUP`` untimed calls."""
    for _ in range(WARMUP):
        call()
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        call()
        times.append((time.perf_counter() - started) * 1000)
    return statistics.median(times)


def measure(engine: Engine, repeat: int) -> dict[str, tuple[float, int]]:
    """Median ms and number of queue rows shown, per page."""
    app = create_app(engine, CONFIG)
    out: dict[str, tuple[float, int]] = {}
    with TestClient(app, base_url="http://127.0.0.1") as client:
        sign_in(client)
        for label, path in PAGES:

            def get(path: str = path) -> str:
                response = client.get(path)
                if response.status_code != 200:
                    raise RuntimeError(f"GET {path} answered {response.status_code}")
                return response.text

            rows = len(re.findall(r'data-id="', get()))
            out[label] = (median_ms(get, repeat), rows)
    return out


def prepare(url: str, world: World | None) -> Engine:
    """A migrated database with the reviewer account, and the world when given."""
    engine = make_engine(url)
    upgrade(engine)
    if world is not None:
        started = time.perf_counter()
        load_world(engine, world)
        print(f"  loaded in {time.perf_counter() - started:.1f} s", flush=True)
    add_reviewer(engine)
    return engine


@dataclass(frozen=True, slots=True)
class Result:
    """One line of the table."""

    database: str
    page: str
    empty_ms: float
    small_ms: float
    full_ms: float
    rows: int

    @property
    def ratio(self) -> float:
        """100k time over empty time."""
        return self.full_ms / self.empty_ms if self.empty_ms else float("inf")

    @property
    def passed(self) -> bool:
        """Within both targets."""
        return self.ratio <= TARGET_RATIO and self.full_ms < TARGET_MS


def run(database: str, urls: tuple[str, ...], world: World, repeat: int) -> list[Result]:
    """Build the empty, small and full databases, measure every page on each, pair them."""
    small_world = build_world(SMALL_MENTIONS)
    medians: list[dict[str, tuple[float, int]]] = []
    for url, contents in zip(urls, (None, small_world, world), strict=True):
        size = f"{len(contents.mentions):,} mentions" if contents else "empty database"
        print(f"{database}: {size}", flush=True)
        engine = prepare(url, contents)
        try:
            medians.append(measure(engine, repeat))
        finally:
            engine.dispose()
    empty, small, full = medians
    return [
        Result(database, label, empty[label][0], small[label][0], full[label][0], full[label][1])
        for label, _ in PAGES
    ]


def print_table(results: list[Result], mentions: int, repeat: int) -> None:
    """The table and the verdict."""

    def size(count: int) -> str:
        return f"{count // 1000}k ms" if count >= 1000 and count % 1000 == 0 else f"{count} ms"

    header = (
        f"{'database':<11}{'page':<25}{'empty ms':>9}{size(mentions):>10}{'ratio':>7}"
        f"{'rows':>6}  result  {'(' + size(SMALL_MENTIONS) + ')':>9}"
    )
    print()
    print(
        f"median of {repeat} GETs after {WARMUP} warm-ups; target: {size(mentions)[:-3]} page"
        f" <= {TARGET_RATIO:g}x empty and < {TARGET_MS:g} ms"
    )
    print(
        f"({size(SMALL_MENTIONS)}: a {SMALL_MENTIONS:,}-mention database, for reference:"
        " what a full page costs without the volume)"
    )
    print(header)
    print("-" * len(header))
    for r in results:
        print(
            f"{r.database:<11}{r.page:<25}{r.empty_ms:>9.1f}{r.full_ms:>10.1f}"
            f"{r.ratio:>6.2f}x{r.rows:>6}  {'pass' if r.passed else 'FAIL':<6}{r.small_ms:>11.1f}"
        )
    failed = [r for r in results if not r.passed]
    print()
    if failed:
        print(f"verdict: FAIL ({len(failed)} of {len(results)} pages miss the target)")
    else:
        print(f"verdict: PASS (all {len(results)} pages within the target)")


def main(argv: list[str] | None = None) -> int:
    """Parse options, run SQLite (and PostgreSQL when reachable), print the table."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--mentions", type=int, default=100_000, help="expert mentions")
    parser.add_argument("--repeat", type=int, default=20, help="timed requests per page")
    parser.add_argument("--postgres-url", default=DEFAULT_POSTGRES_URL)
    parser.add_argument("--sqlite-only", action="store_true")
    args = parser.parse_args(argv)
    started = time.perf_counter()
    world = build_world(args.mentions)
    print(
        f"world: {len(world.stories):,} stories, {len(world.documents):,} documents,"
        f" {len(world.mentions):,} mentions (built in {time.perf_counter() - started:.1f} s)",
        flush=True,
    )
    results: list[Result] = []
    with sqlite_urls() as urls:
        results += run("sqlite", urls, world, args.repeat)
    if not args.sqlite_only:
        if postgres_reachable(args.postgres_url):
            with postgres_urls(args.postgres_url) as urls:
                results += run("postgresql", urls, world, args.repeat)
        else:
            print(f"postgresql: not reachable at {args.postgres_url}, skipped")
    print_table(results, args.mentions, args.repeat)
    return 0


if __name__ == "__main__":
    sys.exit(main())
