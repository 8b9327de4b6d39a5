"""Regression tests for findings of the penetration test and fuzzing run that came after the
first round of hardening (each failed before its fix):

| finding                                                         | test                   |
|-----------------------------------------------------------------|------------------------|
| the receipt page's appeal form had no CSRF check                | test_receipt_appeals_* |
| appeals tried receipt codes past the look-up limit              | test_receipt_appeals_* |
| a proposal named another unit's report: 201, a missing one: 404 | test_a_proposal_*      |
| a platform learnt which notice ids another platform was sent    | test_a_platform_*      |
| source ids of 2^63 in an indicator proposal were not bounded    | test_a_proposals_*     |
| a STIX bundle nested 100,000 deep, a CSV field of 200 KB: 500    | test_indicator_imp*    |
| a NUL in an imported indicator row reached the database         | test_indicator_imp*    |
| `indicators import` of a file not in UTF-8: a traceback         | test_the_indicator_*   |
| a pushed message dated 9999 at -14:00, or 1970: 500 or stored   | test_pushed_messages_* |
| a NUL in a pushed message's id or text reached the database     | test_pushed_messages_* |
|                                                                 | test_control_char*     |
| a batch of posts over 256 KB (well under 8 MB) was refused      | test_a_batch_of_posts* |
| a planted visitor cookie of any shape, matched by the form: 303 | test_a_visitor_token_* |
| a NUL in a platform's notice answer: 422 before the signature   | test_control_char*     |
| a push replayed to another server process was stored again      | test_signed_calls.py   |
| nested JSON in a pushed message or notice answer: 500           | test_signed_calls.py   |
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from netpatrol.bootstrap import Container
from netpatrol.cli import app as cli
from netpatrol.domain.reports import code_digest
from netpatrol.web.app import create_app
from tests.e2e.test_inbox_api import msg as inbox_msg
from tests.e2e.test_inbox_api import push as inbox_push
from tests.e2e.test_ingest import SECRET, weibo_posts
from tests.e2e.test_ingest import push as ingest_push
from tests.e2e.test_platform_answers import KEYS, answer, takedowns
from tests.factories import bearer, form_token

SCAM = "加我微信 kefu8899 领取退税补贴，先交五百元保证金，转账到指定账户即可到账"


@pytest.fixture
def client(container: Container) -> Iterator[TestClient]:
    container.settings = container.settings.model_copy(
        update={"ingest_keys": f"weibo:{SECRET},douyin:{SECRET[::-1]}"}
    )
    with TestClient(create_app(container.settings, container)) as client:
        yield client


def test_receipt_appeals_need_the_visitors_token_and_count_as_look_ups(
    client: TestClient,
) -> None:
    forged = client.post("/receipt/NOSUCHCODE/appeal", data={"grounds": "确有诈骗"})
    assert forged.status_code == 403
    token = form_token(client)
    answers = [
        client.post("/receipt/NOSUCHCODE/appeal", data={"grounds": "x", "form_token": token})
        for _ in range(31)
    ]
    assert {a.status_code for a in answers[:30]} == {404}
    assert answers[30].status_code == 429 and answers[30].headers["Retry-After"]
    api = client.post("/api/v1/receipts/NOSUCHCODE/appeal", json={"grounds": "确有诈骗"})
    assert api.status_code == 429


def test_a_proposal_naming_another_units_report_reads_as_one_not_there(
    client: TestClient, container: Container
) -> None:
    code = client.post("/api/v1/reports", json={"text": SCAM, "category": "fraud"}).json()
    with container.uow() as uow:
        report = uow.reports.by_receipt(code_digest(code["receipt"]))
        assert report is not None and report.clue_id is not None
        clue = uow.clues.get(report.clue_id)
        assert clue is not None
        owner = next(u for u in uow.units.all() if u.id == clue.unit_id)
    other = "440000" if not owner.code.startswith("44") else "110000"
    stranger = bearer(container, "stranger", "supervisor", other)
    phone = {"kind": "phone", "category": "fraud", "value": "15012340000"}
    answers = [
        client.post("/api/v1/indicators", json={**phone, **source}, headers=stranger)
        for source in (
            {"source_report_id": report.id},
            {"source_report_id": 999999},
            {"source_clue_id": report.clue_id},
            {"source_clue_id": 999999},
        )
    ]
    assert [a.status_code for a in answers] == [404] * 4
    texts = [a.json()["detail"].replace(str(report.id), "N") for a in answers[:2]]
    assert texts[0] == texts[1].replace("999999", "N")
    assert "clue" not in answers[0].json()["detail"]
    owner_officer = bearer(container, "owner", "supervisor", owner.code)
    mine = client.post(
        "/api/v1/indicators",
        json={**phone, "source_report_id": report.id},
        headers=owner_officer,
    )
    assert mine.status_code == 201, mine.text


def test_a_platform_cannot_tell_another_platforms_notice_from_a_missing_one(
    container: Container, request: pytest.FixtureRequest
) -> None:
    container.settings = container.settings.model_copy(update={"ingest_keys": KEYS})
    client: TestClient = request.getfixturevalue("patrolled_client")
    notice = takedowns(client, 1)[0]
    stranger = next(p for p in ("weibo", "wechat", "tieba") if p != notice["details"]["platform"])
    theirs = answer(client, notice, {"answer": "removed"}, platform=stranger)
    missing = answer(client, {**notice, "id": 999999}, {"answer": "removed"}, platform=stranger)
    assert theirs.status_code == missing.status_code == 404
    assert theirs.json()["detail"].replace(str(notice["id"]), "N") == missing.json()[
        "detail"
    ].replace("999999", "N")


def test_a_proposals_source_ids_past_32_bits_are_a_422(
    client: TestClient, container: Container
) -> None:
    officer = bearer(container, "officer-b", "officer", "110000")
    phone = {"kind": "phone", "category": "fraud", "value": "15012340001"}
    for source in ({"source_report_id": 2**63}, {"source_clue_id": 2**31}):
        refused = client.post("/api/v1/indicators", json={**phone, **source}, headers=officer)
        assert refused.status_code == 422, refused.text
        assert refused.json()["detail"][0]["loc"][-1] in source


def test_indicator_imports_refuse_what_cannot_be_read_or_stored(
    client: TestClient, container: Container
) -> None:
    officer = bearer(container, "officer-c", "officer", "110000")
    plain = {**officer, "Content-Type": "text/plain"}
    deep = client.post(
        "/api/v1/indicator-imports?format=stix", content="[" * 100_000, headers=plain
    )
    assert deep.status_code == 422, deep.text[:200]
    wide = client.post(
        "/api/v1/indicator-imports", content="kind,value\nphone," + "1" * 200_000, headers=plain
    )
    assert wide.status_code == 422 and "cannot be read" in wide.json()["detail"]
    rows = "kind,value\nphone,15012340002\ndomain,scam\x00shop.example\n"
    mixed = client.post("/api/v1/indicator-imports", content=rows, headers=plain)
    assert mixed.status_code == 201, mixed.text
    assert mixed.json()["errors"] == [
        {"row": 2, "reason": "control character U+0000 at position 4"}
    ]
    assert [i["value"] for i in mixed.json()["added"]] == ["15012340002"]


def test_the_indicator_import_command_refuses_a_file_that_is_not_utf8(
    container: Container, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("NETPATROL_DATABASE_URL", container.settings.database_url)
    source = tmp_path / "bad.csv"
    source.write_bytes(b"kind,value\nphone,1501234\xff\xfe0003\n")
    run = CliRunner().invoke(cli, ["indicator", "import", str(source)])
    assert run.exit_code == 2 and "not UTF-8" in run.output
    assert run.exception is None or isinstance(run.exception, SystemExit)


@pytest.mark.parametrize(
    ("change", "reason"),
    [
        ({"id": "wb-\x00"}, "id: control character U+0000"),
        ({"created_at": "9999-12-31T23:59:59-14:00"}, "created_at must be an ISO 8601 time"),
        ({"created_at": "1970-01-01T00:00:00+00:00"}, "between 1990 and 2100"),
        ({"created_at": 10**30}, "created_at must be an ISO 8601 time"),
    ],
)
def test_pushed_messages_that_cannot_be_stored_are_refused_each_with_its_reason(
    client: TestClient, change: dict[str, object], reason: str
) -> None:
    messages = [inbox_msg(1, "谢谢网警"), {**inbox_msg(2, "你好"), **change}]
    refused = inbox_push(client, messages, SECRET)
    assert refused.status_code == 422, refused.text
    assert [(i["index"], reason in i["reason"]) for i in refused.json()["items"]] == [(1, True)]


def test_control_characters_in_a_pushed_message_are_taken_out_and_recorded(
    client: TestClient, container: Container
) -> None:
    sent = inbox_msg(1, "谢谢\x00网警\x1b")
    sent["sender"] = {"id": "n1", "name": "网友\x07"}
    assert inbox_push(client, [sent], SECRET).json()["stored"] == 1
    officer = bearer(container, "officer-bj", "officer", "110000")
    thread = client.get("/api/v1/inbox", headers=officer).json()["messages"][0]
    assert thread["text"] == "谢谢网警"
    with container.uow() as uow:
        entry = uow.audit.for_subject("inbox", str(thread["id"]))[-1]
    assert entry.after["control_chars_removed"] == {"wb-1": 3}


def test_a_batch_of_posts_past_256_kb_is_taken_whole(client: TestClient) -> None:
    posts = weibo_posts(1000)
    answer = ingest_push(client, posts)
    assert len(json.dumps({"posts": posts}, ensure_ascii=False).encode()) > 256 * 1024
    assert answer.status_code == 200, answer.text[:300]
    assert answer.json()["stored"] == len(posts)


def test_a_visitor_token_of_a_shape_never_issued_is_refused(client: TestClient) -> None:
    for planted in ("x", "planted!" * 4, "a" * 19):
        client.cookies.set("np_form", planted)
        answer = client.post(
            "/language", data={"form_token": planted, "locale": "en"}, follow_redirects=False
        )
        assert answer.status_code == 403, planted


def test_control_characters_in_a_platforms_answer_are_taken_out_and_recorded(
    container: Container, request: pytest.FixtureRequest
) -> None:
    container.settings = container.settings.model_copy(update={"ingest_keys": KEYS})
    client: TestClient = request.getfixturevalue("patrolled_client")
    notice = takedowns(client, 1)[0]
    unsigned = client.post(
        f"/api/v1/platform/notices/{notice['id']}",
        json={"answer": "needs_more", "text": "\x00"},
        headers={"X-Netpatrol-Platform": notice["details"]["platform"]},
    )
    assert unsigned.status_code == 401  # the signature is checked before anything else
    asked = answer(client, notice, {"answer": "needs_more", "text": "请补充\x00证据\x1b"})
    assert asked.status_code == 200, asked.text
    with container.uow() as uow:
        measure = uow.measures.get(notice["id"])
        entry = uow.audit.for_subject("measure", str(notice["id"]))[-1]
    assert measure is not None
    assert measure.details["platform_thread"][-1]["text"] == "请补充证据"
    assert entry.after["control_chars_removed"] == {"text": 2}
