"""The review app through its HTTP routes (FastAPI's test client), on SQLite and PostgreSQL.

Sign-in, the queue story by story, confirm/reject/correct with the audit
trail, manual entries, roles, CSRF, hostile feed text, the dashboard and its
exports, and the CLI's confirm/reject leaving the same trail.
"""

from __future__ import annotations

import io
import json
import re
from collections.abc import Iterator
from datetime import timedelta

import pytest
from fastapi.testclient import TestClient
from openpyxl import load_workbook
from sqlalchemy import Engine, select

from pipeline import report as reporting
from pipeline.types import MentionStatus, UserRole
from review.app import create_app
from review.auth import LoginThrottle, hash_password
from storage import review as store
from storage.db import session_scope
from storage.labels import staff_labels
from storage.models import AuditEvent, Mention
from tests import reviewworld
from tests.reviewworld import CONFIG, HOSTILE_SNIPPET, NOW

PASSWORD = "correct horse battery"
FY2024 = reporting.fiscal_year(2024)


@pytest.fixture
def world(engine: Engine) -> dict[str, int]:
    """The stored review world plus three accounts (admin, reviewer, viewer)."""
    ids = reviewworld.build(engine)
    with session_scope(engine) as session:
        for name, role in (
            ("admin", UserRole.ADMIN),
            ("rev", UserRole.REVIEWER),
            ("view", UserRole.VIEWER),
        ):
            store.add_user(
                session,
                name=name,
                role=role,
                password_hash=hash_password(PASSWORD),
                actor="test",
                now=NOW,
            )
    return ids


@pytest.fixture
def client(engine: Engine, world: dict[str, int]) -> Iterator[TestClient]:
    """A test client of the app on the world's database (not signed in)."""
    app = create_app(engine, CONFIG, throttle=LoginThrottle(limit=3))
    with TestClient(app, base_url="http://127.0.0.1") as test_client:
        yield test_client


def sign_in(client: TestClient, name: str, password: str = PASSWORD) -> int:
    page = client.get("/login")
    token = re.search(r'name="csrf" value="([^"]+)"', page.text)
    assert token is not None
    response = client.post(
        "/login",
        data={"name": name, "password": password, "csrf": token.group(1), "next": "/queue"},
        follow_redirects=False,
    )
    return response.status_code


def csrf_of(client: TestClient, path: str = "/queue") -> str:
    found = re.search(r'name="csrf" value="([^"]+)"', client.get(path).text)
    assert found is not None
    return found.group(1)


def statuses(engine: Engine) -> dict[int, tuple[str, str]]:
    with session_scope(engine) as session:
        return {m.id: (m.status, m.role) for m in session.scalars(select(Mention))}


def test_pages_need_a_signed_in_user(client: TestClient) -> None:
    response = client.get("/queue", follow_redirects=False)
    assert response.status_code == 303
    assert response.headers["location"].startswith("/login?next=")
    assert client.post("/mentions/1/confirm", data={}).status_code == 401


def test_wrong_password_is_refused_and_throttled(client: TestClient) -> None:
    assert sign_in(client, "rev", "wrong password!") == 401
    assert sign_in(client, "nobody", "wrong password!") == 401
    assert sign_in(client, "rev", "wrong password!") == 401
    # Three failures from this address: even the right password waits now.
    assert sign_in(client, "rev") == 429
    assert client.get("/queue", follow_redirects=False).status_code == 303


def test_session_cookie_is_httponly_and_samesite(client: TestClient) -> None:
    page = client.get("/login")
    token = re.search(r'name="csrf" value="([^"]+)"', page.text)
    assert token is not None
    response = client.post(
        "/login",
        data={"name": "rev", "password": PASSWORD, "csrf": token.group(1)},
        follow_redirects=False,
    )
    cookie = response.headers["set-cookie"].lower()
    assert "mw_session=" in cookie and "httponly" in cookie and "samesite=strict" in cookie


def test_login_without_its_csrf_token_is_refused(client: TestClient) -> None:
    client.get("/login")
    response = client.post("/login", data={"name": "rev", "password": PASSWORD, "csrf": "forged"})
    assert response.status_code == 403


def test_queue_shows_a_wire_story_once_with_its_placements(
    client: TestClient, world: dict[str, int]
) -> None:
    assert sign_in(client, "rev") == 303
    page = client.get("/queue")
    assert page.status_code == 200
    rows = re.findall(r'<li class="row" id="row-(\d+)"', page.text)
    assert sorted(int(r) for r in rows) == sorted(world.values())
    wire = page.text.split(f'id="row-{world["wire"]}"')[1].split("</li>\n")[0]
    assert "掲載先: 3" in wire
    assert "<mark>田中太郎</mark>" in wire
    assert "日本時間" in page.text or "JST" in page.text


def test_hostile_feed_text_is_escaped_and_never_a_link(
    client: TestClient, world: dict[str, int]
) -> None:
    assert sign_in(client, "rev") == 303
    for path in ("/queue", f"/mentions/{world['hostile']}"):
        page = client.get(path)
        assert "<script>alert(1)" not in page.text
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page.text
        assert "<img src=x" not in page.text and 'onerror="alert' not in page.text
        assert "&lt;img src=x onerror=" in page.text
        assert 'href="javascript:' not in page.text.lower()
        csp = page.headers["content-security-policy"]
        assert "script-src 'self'" in csp and "unsafe-inline" not in csp
        # The only scripts are the app's own file.
        assert re.findall(r"<script[^>]*>", page.text) == ['<script src="/static/app.js" defer>']
    assert HOSTILE_SNIPPET.startswith("[[")


def test_confirm_decides_every_placement_and_leaves_a_trail(
    client: TestClient, engine: Engine, world: dict[str, int]
) -> None:
    assert sign_in(client, "rev") == 303
    token = csrf_of(client)
    response = client.post(
        f"/mentions/{world['wire']}/confirm",
        data={"csrf": token, "next": "/queue"},
        follow_redirects=False,
    )
    assert response.status_code == 303 and response.headers["location"] == "/queue"
    confirmed = [i for i, (status, _) in statuses(engine).items() if status == "confirmed"]
    assert len(confirmed) == 3  # the three papers' mentions of one wire story
    with session_scope(engine) as session:
        events = session.scalars(select(AuditEvent).where(AuditEvent.action == "confirm")).all()
        assert {e.actor for e in events} == {"rev"}
        assert len(events) == 3
        assert '"pending"' in events[0].before and '"confirmed"' in events[0].after
        result = reporting.report_for_period(
            session, CONFIG, FY2024, include_pending=False, count_placements=False
        )
    assert (result.totals.appearances, result.totals.placements) == (1, 3)
    item = client.get(f"/mentions/{world['wire']}")
    assert "confirm" in item.text and "rev" in item.text
    # The confirmed story left the pending queue.
    assert f'id="row-{world["wire"]}"' not in client.get("/queue").text


def test_reject_with_a_reason_keeps_a_tombstone(
    client: TestClient, engine: Engine, world: dict[str, int]
) -> None:
    assert sign_in(client, "rev") == 303
    response = client.post(
        f"/mentions/{world['namesake']}/reject",
        data={"csrf": csrf_of(client), "reason": "namesake"},
        follow_redirects=False,
    )
    assert response.status_code == 303
    with session_scope(engine) as session:
        mention = session.get(Mention, world["namesake"])
        assert mention is not None
        assert (mention.status, mention.reject_reason, mention.reviewed_by) == (
            "rejected",
            "namesake",
            "rev",
        )


def test_correct_role_date_and_outlet(
    client: TestClient, engine: Engine, world: dict[str, int]
) -> None:
    assert sign_in(client, "rev") == 303
    response = client.post(
        f"/mentions/{world['tv']}/correct",
        data={
            "csrf": csrf_of(client),
            "expert": "tanaka",
            "role": "interview",
            "date": "2024-07-20",
            "outlet": "NHK総合",
            "media_type": "tv",
        },
        follow_redirects=False,
    )
    assert response.status_code == 303
    with session_scope(engine) as session:
        mention = session.get(Mention, world["tv"])
        assert mention is not None
        assert (mention.status, mention.role, mention.proposed_role) == (
            "confirmed",
            "interview",
            "appearance",
        )
        row = store.queries.mention_row(session, world["tv"])
        assert row is not None
        assert row.outlet == "NHK総合"
        assert row.date.astimezone(reporting.JST).date().isoformat() == "2024-07-20"
    page = client.get(f"/mentions/{world['tv']}")
    assert "NHK総合" in page.text and "appearance" in page.text and "interview" in page.text
    # The correction is a labelled example for the role model.
    with session_scope(engine) as session:
        (label,) = staff_labels(session)
    assert (label.mention_id, str(label.decision), label.proposed_role, label.role) == (
        world["tv"],
        "corrected",
        "appearance",
        "interview",
    )


def test_bad_form_values_are_refused_with_the_field_named(
    client: TestClient, world: dict[str, int]
) -> None:
    assert sign_in(client, "rev") == 303
    token = csrf_of(client)
    bad = client.post(f"/mentions/{world['tv']}/reject", data={"csrf": token, "reason": "because"})
    assert bad.status_code == 400 and "reason" in bad.text
    assert client.get("/queue?min_confidence=2").status_code == 400
    assert client.get("/queue?from=yesterday").status_code == 400
    assert client.post("/mentions/999999/confirm", data={"csrf": token}).status_code == 404


def test_bulk_confirm_of_a_selection(
    client: TestClient, engine: Engine, world: dict[str, int]
) -> None:
    assert sign_in(client, "rev") == 303
    response = client.post(
        "/mentions/bulk",
        data={"csrf": csrf_of(client), "action": "confirm", "ids": [world["wire"], world["tv"]]},
        follow_redirects=False,
    )
    assert response.status_code == 303
    confirmed = sorted(i for i, (status, _) in statuses(engine).items() if status == "confirmed")
    assert len(confirmed) == 4 and world["tv"] in confirmed


def test_manual_tv_appearance_with_two_experts_counts_once(
    client: TestClient, engine: Engine
) -> None:
    assert sign_in(client, "rev") == 303
    response = client.post(
        "/manual",
        data={
            "csrf": csrf_of(client, "/manual"),
            "experts": ["tanaka", "suzuki"],
            "role": "appearance",
            "outlet": "NHK",
            "media_type": "tv",
            "title": "日曜討論",
            "date": "2024-11-03",
            "note": "放送のみ",
        },
        follow_redirects=False,
    )
    assert response.status_code == 303
    with session_scope(engine) as session:
        result = reporting.report_for_period(
            session, CONFIG, FY2024, include_pending=False, count_placements=False
        )
        manual = session.scalars(select(Mention).where(Mention.manual.is_(True))).all()
    assert result.totals.appearances == 1
    assert result.by_expert["tanaka"].appearances == 1
    assert result.by_expert["suzuki"].appearances == 1
    assert {m.status for m in manual} == {"confirmed"} and len(manual) == 2
    refused = client.post(
        "/manual",
        data={"csrf": csrf_of(client, "/manual"), "role": "appearance", "date": "2024-11-03"},
    )
    assert refused.status_code == 400


def test_a_viewer_can_read_but_change_nothing(
    client: TestClient, engine: Engine, world: dict[str, int]
) -> None:
    before = statuses(engine)
    assert sign_in(client, "view") == 303
    page = client.get("/queue")
    assert page.status_code == 200
    assert "/confirm" not in page.text
    token = csrf_of(client)
    for path, data in (
        (f"/mentions/{world['wire']}/confirm", {}),
        (f"/mentions/{world['namesake']}/reject", {"reason": "namesake"}),
        ("/mentions/bulk", {"action": "confirm", "ids": [world["tv"]]}),
        ("/manual", {"role": "appearance"}),
    ):
        assert client.post(path, data={"csrf": token, **data}).status_code == 403, path
    assert client.get("/manual").status_code == 403
    assert statuses(engine) == before


def test_a_post_without_the_csrf_token_changes_nothing(
    client: TestClient, engine: Engine, world: dict[str, int]
) -> None:
    before = statuses(engine)
    assert sign_in(client, "rev") == 303
    assert client.post(f"/mentions/{world['wire']}/confirm", data={}).status_code == 403
    assert (
        client.post(f"/mentions/{world['wire']}/confirm", data={"csrf": "x" * 43}).status_code
        == 403
    )
    assert statuses(engine) == before


def test_open_redirects_are_refused(client: TestClient, world: dict[str, int]) -> None:
    assert sign_in(client, "rev") == 303
    response = client.post(
        f"/mentions/{world['tv']}/confirm",
        data={"csrf": csrf_of(client), "next": "//evil.example/x"},
        follow_redirects=False,
    )
    assert response.headers["location"] == "/queue"


def test_dashboard_counts_link_to_their_items_and_export(
    client: TestClient, world: dict[str, int]
) -> None:
    assert sign_in(client, "rev") == 303
    token = csrf_of(client)
    for name in ("wire", "tv"):
        client.post(f"/mentions/{world[name]}/confirm", data={"csrf": token})
    page = client.get("/dashboard?fy=2024")
    assert page.status_code == 200
    appearances = re.search(r'data-count="appearances" href="([^"]+)">(\d+)<', page.text)
    assert appearances is not None and appearances.group(2) == "2"
    items = client.get(appearances.group(1).replace("&amp;", "&"))
    assert items.text.count("<tr>\n  <td>") == 2
    assert "2024年4月1日" in page.text  # Japanese dates by default
    assert "メディアを通じた対外発信（計2回）" in page.text  # the annual report's line
    by_expert = client.get("/items?breakdown=by_expert&key=tanaka&fy=2024")
    assert by_expert.status_code == 200 and "北海道新聞" in by_expert.text
    xlsx = client.get("/export?format=xlsx&fy=2024")
    assert xlsx.status_code == 200
    workbook = load_workbook(io.BytesIO(xlsx.content))
    assert "Summary" in workbook.sheetnames
    csv_export = client.get("/export?format=csv&fy=2024")
    assert csv_export.content.startswith("\ufeff".encode())
    english = client.get("/dashboard?fy=2024&lang=en")
    assert "Media appearances" in english.text and "2024-04-01" in english.text


def test_cli_confirm_and_reject_leave_the_same_trail(
    engine: Engine, world: dict[str, int], db_url: str
) -> None:
    from tests.cli_helpers import run_cli

    code, out = run_cli(
        "mentions", "confirm", str(world["wire"]), "--by", "staff-a", "--database-url", db_url
    )
    assert code == 0, out
    code, out = run_cli(
        "mentions",
        "reject",
        str(world["namesake"]),
        "--reason",
        "namesake",
        "--database-url",
        db_url,
    )
    assert code == 0, out
    with session_scope(engine) as session:
        trail = store.audit_trail(session, [("mention", world["wire"])])
        namesake = session.get(Mention, world["namesake"])
        assert namesake is not None and namesake.reject_reason == "namesake"
        counts = store.status_counts(session)
    assert [(e.actor, e.action) for e in trail] == [("staff-a", "confirm")]
    assert counts[MentionStatus.CONFIRMED] == 3
    code, _ = run_cli("mentions", "confirm", "987654", "--database-url", db_url)
    assert code == 2


def test_sessions_expire(engine: Engine, world: dict[str, int]) -> None:
    moments = [NOW]
    app = create_app(engine, CONFIG, clock=lambda: moments[0])
    with TestClient(app, base_url="http://127.0.0.1") as test_client:
        assert sign_in(test_client, "rev") == 303
        assert test_client.get("/queue", follow_redirects=False).status_code == 200
        moments[0] = NOW + timedelta(hours=13)
        assert test_client.get("/queue", follow_redirects=False).status_code == 303


def test_sources_page_and_collect_now_for_admins_only(
    engine: Engine, world: dict[str, int]
) -> None:
    from pipeline.config import parse_config
    from pipeline.types import SourceConfig, SourceKind
    from storage import writes

    config = parse_config(
        reviewworld.CONFIG_YAML.replace(
            "sources: []",
            "sources:\n  - {name: feed, kind: feed, url: 'http://127.0.0.1:9/feed.xml', every: 30m}",
        ),
        "reviewworld",
    )
    with session_scope(engine) as session:
        writes.ensure_sources(
            session,
            [
                SourceConfig(
                    name="feed",
                    kind=SourceKind.FEED,
                    url="http://127.0.0.1:9/feed.xml",
                    every=timedelta(minutes=30),
                )
            ],
            NOW,
        )
    asked: list[str] = []

    async def collect(name: str) -> None:
        asked.append(name)

    app = create_app(engine, config, collect=collect)
    with TestClient(app, base_url="http://127.0.0.1") as test_client:
        assert sign_in(test_client, "rev") == 303
        page = test_client.get("/sources")
        assert page.status_code == 200 and "feed" in page.text
        assert "/collect" not in page.text  # reviewers see no button
        token = csrf_of(test_client, "/sources")
        assert test_client.post("/sources/feed/collect", data={"csrf": token}).status_code == 403
        test_client.post("/logout", data={"csrf": token})
        assert sign_in(test_client, "admin") == 303
        token = csrf_of(test_client, "/sources")
        assert "/sources/feed/collect" in test_client.get("/sources").text
        response = test_client.post(
            "/sources/feed/collect", data={"csrf": token}, follow_redirects=False
        )
        assert response.status_code == 303
        assert test_client.post("/sources/nope/collect", data={"csrf": token}).status_code == 404
    assert asked == ["feed"]
    with session_scope(engine) as session:
        trail = store.audit_trail(session, [("source", "feed")])
    assert [(e.actor, e.action) for e in trail] == [("admin", "collect_now")]


def test_a_print_only_publication_added_by_hand_counts(client: TestClient, engine: Engine) -> None:
    assert sign_in(client, "rev") == 303
    response = client.post(
        "/manual",
        data={
            "csrf": csrf_of(client, "/manual"),
            "experts": ["tanaka"],
            "role": "publication",
            "pub_type": "研究レポート",
            "language": "en",
            "title": "Alliance Futures",
            "date": "2024-12-01",
        },
        follow_redirects=False,
    )
    assert response.status_code == 303 and "published=" in response.headers["location"]
    with session_scope(engine) as session:
        result = reporting.report_for_period(
            session, CONFIG, FY2024, include_pending=False, count_placements=False
        )
        trail = store.audit_trail(session, [("publication", result.publication_items[0].id)])
    assert result.totals.publications == 1
    assert result.publication_items[0].language == "en"
    assert result.by_expert["tanaka"].publications == 1
    assert [(e.actor, e.action) for e in trail] == [("rev", "add")]


def test_the_queue_puts_what_the_role_model_is_least_sure_of_first(
    client: TestClient, engine: Engine, world: dict[str, int]
) -> None:
    with session_scope(engine) as session:
        for name, probability in (("wire", 0.95), ("tv", 0.41), ("hostile", 0.7)):
            mention = session.get(Mention, world[name])
            assert mention is not None
            mention.role_confidence = probability
            mention.model_version = "model-test"
    assert sign_in(client, "rev") == 303
    page = client.get("/queue?order=least_sure")
    rows = [int(r) for r in re.findall(r'<li class="row" id="row-(\d+)"', page.text)]
    # the namesake was never scored by the model: it comes last
    assert rows == [world["tv"], world["hostile"], world["wire"], world["namesake"]]
    assert "model-test" in client.get(f"/mentions/{world['tv']}").text


def test_mentions_json_returns_every_match_and_a_cut_table_says_so(
    engine: Engine, world: dict[str, int], db_url: str
) -> None:
    from tests.cli_helpers import run_cli

    code, out = run_cli("mentions", "--format", "json", "--database-url", db_url)
    assert code == 0 and len(json.loads(out)) == 6  # three placements, tv, namesake, hostile
    code, out = run_cli("mentions", "--limit", "2", "--database-url", db_url)
    assert code == 0 and "2 mentions shown; more match (raise --limit, now 2)" in out
    code, out = run_cli("mentions", "--limit", "6", "--database-url", db_url)
    assert code == 0 and out.rstrip().endswith("6 mentions")


def test_healthz_and_metrics(client: TestClient, world: dict[str, int]) -> None:
    assert client.get("/healthz").text == "ok"
    text = client.get("/metrics").text
    assert 'mediawatch_mentions{status="pending"} 6.0' in text
    assert "mediawatch_documents_total 6.0" in text
    assert "mediawatch_sources_due 0.0" in text
