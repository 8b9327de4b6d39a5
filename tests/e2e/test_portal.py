"""The public side over HTTP on both databases: reports with receipts, every bad input
refused with a clear 4xx and nothing stored half-way, volunteers, the scam lookup, and the
reporter's contact opened only by the roles that need it."""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import func, select

from netpatrol.adapters.db.tables.core import ClueRow, EvidenceRow, ReportRow
from netpatrol.bootstrap import Container
from netpatrol.domain.measures import MeasureKind
from netpatrol.services.measures import graduated as measures
from netpatrol.web.app import create_app
from tests.factories import bearer, form_token

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 200
SCAM = "兼职刷单，日赚三百，先垫付后返利，加微信 shuadan_777 领任务"


@pytest.fixture
def public(patrolled_client: TestClient, container: Container) -> Iterator[TestClient]:
    """A visitor: no sign-in, no token."""
    with TestClient(create_app(container.settings, container)) as client:
        yield client


def counts(container: Container) -> tuple[int, int, int]:
    with container.engine.connect() as conn:
        return (
            conn.scalar(select(func.count()).select_from(ReportRow)) or 0,
            conn.scalar(select(func.count()).select_from(ClueRow)) or 0,
            conn.scalar(select(func.count()).select_from(EvidenceRow)) or 0,
        )


def clue_of(container: Container, receipt: str) -> int:
    from netpatrol.domain.reports import code_digest

    with container.uow() as uow:
        report = uow.reports.by_receipt(code_digest(receipt))
    assert report is not None and report.clue_id is not None
    return report.clue_id


def test_a_report_gets_a_receipt_that_follows_it_to_the_outcome(
    public: TestClient, container: Container
) -> None:
    created = public.post(
        "/api/v1/reports", json={"text": SCAM, "category": "fraud", "region": "广州"}
    )
    assert created.status_code == 201, created.text
    code = created.json()["receipt"]
    assert re.fullmatch(r"R(-[0-9A-Z]{4}){3}", code)
    status = public.get(f"/api/v1/receipts/{code}").json()
    assert status["outcome"] == "received" and status["closed"] is False
    assert set(status) == {
        "receipt",
        "category",
        "received_at",
        "outcome",
        "closed",
        "debunks",
        "may_appeal",
        "appeal",
    }
    request = measures.MeasureRequest(
        clue_of(container, code), MeasureKind.TAKEDOWN, "officer", ["CSL-47"]
    )
    measures.open_measure(container.uow(), request, container.catalogue, container.clock)
    assert public.get(f"/api/v1/receipts/{code}").json()["outcome"] == "taken_down"
    page = public.get(f"/receipt/{code.lower()}")
    assert page.status_code == 200 and "我们已要求平台删除" in page.text
    missing = public.get("/api/v1/receipts/R-0000-0000-0000")
    assert missing.status_code == 404 and missing.json()["detail"]


def test_a_screenshot_comes_as_multipart(public: TestClient, container: Container) -> None:
    sent = public.post(
        "/api/v1/reports",
        data={"category": "gambling", "link": "https://bet-888.example.com/"},
        files={"screenshot": ("shot.png", PNG, "image/png")},
    )
    assert sent.status_code == 201, sent.text
    assert counts(container)[2] == 1


BAD = [
    ({"category": "fraud"}, None, 422, "text you saw"),
    ({"text": "x"}, None, 422, "category"),
    ({"text": "x", "category": "politics"}, None, 422, "unknown category"),
    ({"text": "x" * 5000, "category": "fraud"}, None, 422, "4000"),
    ({"link": "ftp://x", "category": "fraud"}, None, 422, "http(s)"),
    ({"text": "x", "category": "fraud"}, ("a.png", b"not an image", "image/png"), 422, "PNG"),
]


@pytest.mark.parametrize(("body", "upload", "status", "reason"), BAD)
def test_bad_reports_get_a_clear_4xx_and_nothing_is_stored(
    public: TestClient,
    container: Container,
    body: dict[str, str],
    upload: tuple[str, bytes, str] | None,
    status: int,
    reason: str,
) -> None:
    before = counts(container)
    if upload is None:
        answer = public.post("/api/v1/reports", json=body)
    else:
        answer = public.post("/api/v1/reports", data=body, files={"screenshot": upload})
    assert answer.status_code == status and reason in answer.json()["detail"], answer.text
    assert counts(container) == before


def test_oversized_malformed_and_flooding_requests_are_refused(
    public: TestClient, container: Container
) -> None:
    before = counts(container)
    huge = public.post(
        "/api/v1/reports",
        data={"category": "fraud", "text": "x"},
        files={"screenshot": ("big.png", PNG + b"\x00" * (3 * 1024 * 1024), "image/png")},
    )
    assert huge.status_code == 413 and huge.json()["detail"]

    def chunked() -> Iterator[bytes]:  # no Content-Length to trust
        for _ in range(3):
            yield b" " * (1024 * 1024)

    streamed = public.post(
        "/api/v1/reports", content=chunked(), headers={"content-type": "application/json"}
    )
    assert streamed.status_code == 413
    page = public.post(
        "/report",
        data={"category": "fraud", "text": "x"},
        files={"screenshot": ("big.png", PNG + b"\x00" * (3 * 1024 * 1024), "image/png")},
    )
    assert page.status_code == 413
    broken = public.post(
        "/api/v1/reports", content=b"{not json", headers={"content-type": "application/json"}
    )
    assert broken.status_code == 422
    stranger = public.post(
        "/api/v1/reports",
        json={"text": "x", "category": "fraud"},
        headers={"X-Volunteer-Key": "V-AAAA-AAAA-AAAA-AAAA"},
    )
    assert stranger.status_code == 404
    assert counts(container) == before
    for i in range(5):
        ok = public.post("/api/v1/reports", json={"text": f"{SCAM} {i}", "category": "fraud"})
        assert ok.status_code == 201
    flood = public.post(
        "/api/v1/reports", json={"text": "赌博网站 bet.example", "category": "fraud"}
    )
    assert flood.status_code == 429 and flood.headers["Retry-After"] == "600"
    reports_now, clues_now, _ = counts(container)
    assert reports_now == before[0] + 5
    assert clues_now == before[1] + 1  # five near-identical reports: one clue


def test_the_lookup_answers_from_public_knowledge_only(
    public: TestClient, patrolled_client: TestClient, container: Container
) -> None:
    for kind, value, sharing in (
        ("phone", "13800138000", "national"),
        ("phone", "13900139000", "unit"),
    ):
        body = {"kind": kind, "value": value, "category": "fraud", "sharing_level": sharing}
        added = patrolled_client.post("/api/v1/indicators", json=body)
        assert added.status_code == 201
        second = bearer(container, "desk-supervisor", "supervisor")
        confirm = f"/api/v1/indicators/{added.json()['id']}/confirm"
        assert patrolled_client.post(confirm, headers=second).status_code == 200
    known = public.get("/api/v1/lookup", params={"q": "138-0013-8000"}).json()
    assert known["known"] is True and known["category"] == "fraud"
    assert set(known) == {"query", "kind", "value", "known", "category", "alerts"}
    internal = public.get("/api/v1/lookup", params={"q": "13900139000"}).json()
    assert internal["known"] is False  # shared within a unit only: not public
    clean = public.get("/api/v1/lookup", params={"q": "13712345678"}).json()
    assert clean == {
        "query": "13712345678",
        "kind": "phone",
        "value": "13712345678",
        "known": False,
        "category": None,
        "alerts": [],
    }
    assert public.get("/api/v1/lookup", params={"q": ""}).status_code == 422
    assert public.get("/api/v1/lookup", params={"q": "你好"}).status_code == 422
    page = public.get("/lookup", params={"q": "13800138000"})
    assert "已知诈骗特征" in page.text


def test_a_volunteers_record_and_score_follow_the_officers_judgements(
    public: TestClient, container: Container
) -> None:
    joined = public.post("/api/v1/volunteers", json={"nickname": "朝阳群众", "region": "北京"})
    assert joined.status_code == 201
    key = {"X-Volunteer-Key": joined.json()["key"]}
    assert public.get("/api/v1/volunteers/me", headers=key).json()["score"] == 0.5
    tip = public.post(
        "/api/v1/reports", json={"text": "这家店的奶茶真难喝", "category": "insult"}, headers=key
    )
    assert tip.status_code == 201
    request = measures.MeasureRequest(
        clue_of(container, tip.json()["receipt"]),
        MeasureKind.DISMISSAL,
        "officer",
        [],
        reason="不违法",
    )
    measures.open_measure(container.uow(), request, container.catalogue, container.clock)
    record = public.get("/api/v1/volunteers/me", headers=key).json()
    assert record["score"] == pytest.approx(1 / 3, abs=1e-4) and record["dismissed"] == 1
    assert record["tips"][0]["judgement"] == "dismissed"
    assert public.get("/api/v1/volunteers/me").status_code == 404
    assert public.post("/api/v1/volunteers", json={"nickname": ""}).status_code == 422


def test_the_pages_take_a_report_and_register_a_volunteer(
    public: TestClient, container: Container
) -> None:
    home = public.get("/")
    assert home.status_code == 200 and "举报" in home.text and "<script" not in home.text
    joined = public.post(
        "/volunteers/register",
        data={"nickname": "西城大妈", "region": "北京", "form_token": form_token(public)},
    )
    assert joined.status_code == 201 and "V-" in joined.text
    assert public.cookies.get("np_volunteer")
    sent = public.post(
        "/report",
        data={
            "category": "drugs",
            "text": "出售冰毒，同城送货，私聊 QQ 5556667778",
            "form_token": form_token(public),
        },
        files={"screenshot": ("s.png", PNG, "image/png")},
    )
    assert sent.status_code == 201
    code = re.search(r'id="receipt-code">([^<]+)<', sent.text)
    assert code
    me = public.get("/volunteers/me")
    assert "西城大妈" in me.text and 'id="tips"' in me.text
    refused = public.post("/report", data={"category": "drugs", "form_token": form_token(public)})
    assert refused.status_code == 422 and "请填写看到的内容或其链接" in refused.text
    assert "text you saw" not in refused.text  # a Chinese page refuses in Chinese
    bad_link = {"category": "fraud", "link": "ftp://x", "form_token": form_token(public)}
    refused = public.post("/report", data=bad_link)
    assert refused.status_code == 422 and "链接须为" in refused.text
    public.cookies.set("np_lang", "en")
    bad_link["form_token"] = form_token(public)
    refused = public.post("/report", data=bad_link)
    assert refused.status_code == 422 and "http(s) address" in refused.text


def test_a_reporters_contact_is_opened_only_by_roles_that_need_it(
    public: TestClient, container: Container
) -> None:
    sent = public.post(
        "/api/v1/reports",
        json={"text": SCAM, "category": "fraud", "region": "广州", "contact": "13712340000"},
    )
    clue_id = clue_of(container, sent.json()["receipt"])
    with container.uow() as uow:
        [report] = uow.reports.for_clue(clue_id)
    officer = bearer(container, "gz.officer", "officer", "440100")
    supervisor = bearer(container, "gz.supervisor", "supervisor", "440100")
    url = f"/console/reports/{report.id}/contact"
    assert public.post(url, headers=officer).status_code == 403
    opened = public.post(url, headers=supervisor)
    assert opened.status_code == 200 and "13712340000" in opened.text
    nanjing = bearer(container, "nj.supervisor", "supervisor", "320100")
    assert public.post(url, headers=nanjing).status_code in (403, 404)
    with container.uow() as uow:
        reads = [e for e in uow.audit.entries() if e.action == "report.contact_read"]
    assert [(e.actor, e.subject_id) for e in reads] == [("gz.supervisor", str(report.id))]
