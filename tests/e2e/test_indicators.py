"""Indicator governance over HTTP and the command line: the API's contract, the console's
page and approvals inbox, the portal's "not a scam" request, bulk exchange."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from netpatrol.bootstrap import Container
from netpatrol.cli import app as cli
from netpatrol.web.app import create_app
from tests.e2e.test_console import sign_in
from tests.factories import bearer, form_token

PHONE = {"kind": "phone", "value": "+86 150-1234-5678", "category": "fraud"}


@pytest.fixture
def api(container: Container) -> Iterator[TestClient]:
    with TestClient(create_app(container.settings, container)) as client:
        client.headers.update(bearer(container, "officer-a", "officer", "110000"))
        yield client


def known(client: TestClient, q: str) -> bool:
    return bool(client.get("/api/v1/lookup", params={"q": q}).json()["known"])


def test_a_proposal_waits_for_a_second_person_before_the_lookup_names_it(
    api: TestClient, container: Container
) -> None:
    created = api.post("/api/v1/indicators", json={**PHONE, "sharing_level": "national"})
    assert created.status_code == 201, created.text
    body = created.json()
    assert body["review"] == "proposed" and body["in_force"] is False
    assert body["proposer"] == "officer-a" and body["value"] == "15012345678"
    confirm = f"/api/v1/indicators/{body['id']}/confirm"
    assert not known(api, "15012345678")
    officer = api.post(confirm)
    assert officer.status_code == 403  # an officer does not confirm
    own = bearer(container, "chief-a", "supervisor", "110000")
    mine = api.post("/api/v1/indicators", json={**PHONE, "value": "15099998888"}, headers=own)
    refused = api.post(f"/api/v1/indicators/{mine.json()['id']}/confirm", headers=own)
    assert refused.status_code == 403 and refused.json()["rule"] == "four_eyes"
    assert "第二人" in refused.json()["detail_zh"]
    confirmed = api.post(confirm, headers=own)
    assert confirmed.status_code == 200 and confirmed.json()["review"] == "confirmed"
    assert confirmed.json()["expires_at"] and known(api, "150 1234 5678")
    again = api.post(confirm, headers=own)
    assert again.status_code == 409 and again.json()["rule"] == "indicator_review"
    for source in ({"source_clue_id": 999999}, {"source_report_id": 999999}):
        unknown = api.post("/api/v1/indicators", json={**PHONE, "value": "15077776666", **source})
        assert unknown.status_code == 404  # provenance names a clue or report that exists
    listed = api.get("/api/v1/indicators", params={"review": "confirmed"}).json()
    assert [i["value"] for i in listed] == ["15012345678"]


def test_edits_renewal_removal_and_an_officers_false_positive_report(
    api: TestClient, container: Container
) -> None:
    chief = bearer(container, "chief-a", "supervisor", "110000")
    made = api.post("/api/v1/indicators", json={**PHONE, "sharing_level": "unit"}).json()
    path = f"/api/v1/indicators/{made['id']}"
    assert api.post(f"{path}/renew", headers=chief).status_code == 409  # not confirmed yet
    api.post(f"{path}/confirm", headers=chief)
    assert api.post(f"{path}/renew", headers=chief).json()["in_force"] is True
    widened = api.patch(path, json={"sharing_level": "national"})
    assert widened.json()["review"] == "proposed"  # a new claim: reviewed again
    assert api.patch(path, json={"category": "weather"}).status_code == 422
    api.post(f"{path}/confirm", headers=chief)
    assert known(api, "15012345678")
    reported = api.post(f"{path}/false-positives", json={"reason": "a delivery firm's line"})
    assert reported.status_code == 201 and not known(api, "15012345678")
    [open_report] = api.get("/api/v1/indicator-reports").json()
    assert open_report["reason"] == "a delivery firm's line" and open_report["source"] == "officer"
    assert api.post(f"{path}/remove", json={"reason": ""}).status_code == 422
    assert api.post(f"{path}/remove", json={"reason": "reassigned"}).status_code == 403
    removed = api.post(f"{path}/remove", json={"reason": "reassigned"}, headers=chief)
    assert removed.json()["review"] == "removed"
    assert api.get("/api/v1/indicators").json() == []
    private = api.post("/api/v1/indicators", json={**PHONE, "sharing_level": "unit"}).json()
    assert (private["id"], private["review"]) == (made["id"], "proposed")  # proposed anew
    other = bearer(container, "officer-sh", "officer", "310000")
    seen = api.get(f"/api/v1/indicators/{private['id']}", headers=other)
    assert seen.status_code == 404  # another unit's own indicator
    with container.uow() as uow:
        actions = [e.action for e in uow.audit.for_subject("indicator", str(made["id"]))]
    assert actions == [
        "indicator.proposed",
        "indicator.confirmed",
        "indicator.renewed",
        "indicator.edited",
        "indicator.confirmed",
        "indicator.reported",
        "indicator.removed",
        "indicator.proposed",
    ]


def test_import_and_export_in_csv_and_stix(api: TestClient) -> None:
    text = "kind,value,category,sharing_level\nphone,13312345678,fraud,national\nfax,1,fraud,unit\n"
    imported = api.post(
        "/api/v1/indicator-imports", content=text, headers={"Content-Type": "text/csv"}
    )
    assert imported.status_code == 201, imported.text
    assert [i["value"] for i in imported.json()["added"]] == ["13312345678"]
    assert (
        imported.json()["errors"][0]["row"] == 2 and "fax" in imported.json()["errors"][0]["reason"]
    )
    csv_out = api.get("/api/v1/indicator-exports", params={"format": "csv", "review": "proposed"})
    assert csv_out.headers["content-type"].startswith("text/csv")
    assert "phone,13312345678,fraud,national,proposed,110000" in csv_out.text
    stix = api.get("/api/v1/indicator-exports", params={"format": "stix", "review": "proposed"})
    bundle = stix.json()
    assert bundle["type"] == "bundle" and bundle["objects"][0]["x_netpatrol_kind"] == "phone"
    again = api.post(
        "/api/v1/indicator-imports",
        params={"format": "stix"},
        content=stix.text,
        headers={"Content-Type": "application/stix+json"},
    )
    assert again.json()["added"] == [] and "already known" in again.json()["errors"][0]["reason"]
    bad = api.post("/api/v1/indicator-imports", params={"format": "stix"}, content="not json")
    assert bad.status_code == 422


def test_the_openapi_lists_the_indicator_routes_with_their_errors(api: TestClient) -> None:
    paths = api.get("/openapi.json").json()["paths"]
    for path, verb in (
        ("/api/v1/indicators", "post"),
        ("/api/v1/indicators/{indicator_id}/confirm", "post"),
        ("/api/v1/indicators/{indicator_id}/reject", "post"),
        ("/api/v1/indicators/{indicator_id}/renew", "post"),
        ("/api/v1/indicators/{indicator_id}/remove", "post"),
        ("/api/v1/indicators/{indicator_id}/false-positives", "post"),
        ("/api/v1/indicators/{indicator_id}", "patch"),
        ("/api/v1/indicator-imports", "post"),
        ("/api/v1/indicator-exports", "get"),
        ("/api/v1/lookup/false-positives", "post"),
    ):
        assert {"403", "404", "409", "422"} <= set(paths[path][verb]["responses"]), path


def test_the_public_says_it_is_not_a_scam_and_is_rate_limited(
    api: TestClient, container: Container
) -> None:
    chief = bearer(container, "chief-a", "supervisor", "110000")
    for value in ("15012345678", "15112345678", "15212345678", "15312345678"):
        made = api.post(
            "/api/v1/indicators", json={**PHONE, "value": value, "sharing_level": "national"}
        )
        api.post(f"/api/v1/indicators/{made.json()['id']}/confirm", headers=chief)
    with TestClient(create_app(container.settings, container)) as public:
        page = public.get("/lookup", params={"q": "15012345678"})
        assert "这是我的号码，不是诈骗" in page.text
        sent = public.post(
            "/lookup/dispute",
            data={"q": "15012345678", "reason": "我的店铺电话", "form_token": form_token(public)},
        )
        assert sent.status_code == 200 and "已转人工复核" in sent.text
        assert not known(public, "15012345678")
        unknown = public.post("/api/v1/lookup/false-positives", json={"query": "13700000000"})
        assert unknown.status_code == 404
        answers = [
            public.post("/api/v1/lookup/false-positives", json={"query": q}).status_code
            for q in ("15112345678", "15212345678", "15312345678")
        ]
        assert answers == [202, 429, 429]  # three an hour from one client, the 404 counted
    pending = api.get("/api/v1/indicators", params={"review": "under_review"}).json()
    assert {i["value"] for i in pending} == {"15012345678", "15112345678"}


def test_the_console_page_and_the_approvals_inbox(api: TestClient, container: Container) -> None:
    with TestClient(create_app(container.settings, container)) as officer:
        csrf = sign_in(officer, container, "officer-b", "officer", "110000")
        form = {"kind": "qq", "value": "88886666", "category": "fraud", "sharing": "national"}
        proposed = officer.post("/console/indicators", data={**form, "csrf_token": csrf})
        assert proposed.status_code == 200 and "待复核" in proposed.text
        assert "88886666" in officer.get("/console/indicators", params={"review": "proposed"}).text
        assert (
            "88886666"
            not in officer.get("/console/indicators", params={"review": "confirmed"}).text
        )
    with TestClient(create_app(container.settings, container)) as chief:
        csrf = sign_in(chief, container, "chief-b", "supervisor", "110000")
        inbox = chief.get("/console/approvals")
        assert "等待第二人复核的线索特征" in inbox.text and "88886666" in inbox.text
        [indicator] = api.get("/api/v1/indicators", params={"q": "8888"}).json()
        decided = chief.post(
            f"/console/indicators/{indicator['id']}/decide",
            data={"to": "confirmed", "next": "/console/approvals", "csrf_token": csrf},
        )
        assert decided.status_code == 200 and "88886666" not in decided.text.split("<main")[-1]
    assert known(api, "88886666")


def test_the_command_line_proposes_confirms_and_exchanges_lists(
    container: Container, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("NETPATROL_DATABASE_URL", container.settings.database_url)
    run = CliRunner().invoke
    bearer(container, "chief-c", "supervisor")
    source = tmp_path / "in.csv"
    source.write_text("kind,value,category\nurl,https://bad.example/pay,phishing\nqq,x,fraud\n")
    imported = run(cli, ["indicator", "import", str(source), "--actor", "officer-c"])
    assert (
        imported.exit_code == 1 and "row 2:" in imported.output and "1 proposed" in imported.output
    )
    assert run(cli, ["indicator", "confirm", "1", "--actor", "officer-c"]).exit_code == 2
    assert run(cli, ["indicator", "confirm", "1", "--actor", "chief-c"]).exit_code == 0
    out = tmp_path / "out.json"
    exported = run(cli, ["indicator", "export", "--format", "stix", "--out", str(out)])
    assert exported.exit_code == 0, exported.output
    [obj] = json.loads(out.read_text())["objects"]
    assert obj["pattern"] == "[url:value = 'https://bad.example/pay']"
    listed = run(cli, ["indicator", "list", "--review", "confirmed"])
    assert "https://bad.example/pay" in listed.output and "confirmed" in listed.output


def test_the_console_renews_reports_and_removes_and_refuses_the_proposers_own_confirmation(
    api: TestClient, container: Container
) -> None:
    with TestClient(create_app(container.settings, container)) as chief:
        csrf = sign_in(chief, container, "chief-d", "supervisor", "110000")
        form = {"kind": "wechat", "value": "fake_service01", "sharing": "unit", "csrf_token": csrf}
        chief.post("/console/indicators", data=form)
        [mine] = api.get("/api/v1/indicators", params={"q": "fake_service01"}).json()
        path = f"/console/indicators/{mine['id']}"
        page = chief.get("/console/indicators").text
        assert "本条由您提出：须由另一位督导复核。" in page
        own = chief.post(f"{path}/decide", data={"to": "confirmed", "csrf_token": csrf})
        assert "须由提出人以外的第二人复核" in own.text  # refused in the reader's language
        api.post(
            f"/api/v1/indicators/{mine['id']}/confirm",
            headers=bearer(container, "chief-e", "supervisor", "110000"),
        )
        assert "已续期一个周期" in chief.post(f"{path}/renew", data={"csrf_token": csrf}).text
        reported = chief.post(
            f"{path}/false-positive", data={"reason": "客服真号", "csrf_token": csrf}
        )
        assert "已报告误报" in reported.text and "客服真号" in reported.text
        edited = chief.post(f"{path}/edit", data={"note": "查证中", "csrf_token": csrf})
        assert "已保存" in edited.text and "查证中" in edited.text
        removed = chief.post(f"{path}/remove", data={"reason": "号码已注销", "csrf_token": csrf})
        assert (
            "已删除。" in removed.text and "fake_service01" not in removed.text.split("<main")[-1]
        )
    with container.uow() as uow:
        trail = [e.action for e in uow.audit.for_subject("indicator", str(mine["id"]))]
    assert trail == [
        "indicator.proposed",
        "indicator.confirmed",
        "indicator.renewed",
        "indicator.reported",
        "indicator.edited",
        "indicator.removed",
    ]


def test_a_short_link_is_known_only_in_the_case_it_was_entered(
    api: TestClient, container: Container
) -> None:
    chief = bearer(container, "chief-b", "supervisor", "110000")
    for value in ("https://t.cn/AbC9xZ", "TXyZ9kPq3rS7uVw2mN5bC8dE4fG6hJ1kLm"):
        kind = "short_link" if value.startswith("https") else "crypto"
        body = {"kind": kind, "value": value, "category": "fraud", "sharing_level": "national"}
        created = api.post("/api/v1/indicators", json=body)
        assert created.status_code == 201, created.text
        ok = api.post(f"/api/v1/indicators/{created.json()['id']}/confirm", headers=chief)
        assert ok.status_code == 200
    assert known(api, "t.cn/AbC9xZ") and known(api, "点开 https://t.cn/AbC9xZ 领取")
    assert not known(api, "t.cn/abc9xz")  # another link on the same shortener
    assert known(api, "TXyZ9kPq3rS7uVw2mN5bC8dE4fG6hJ1kLm")
    assert not known(api, "txyz9kpq3rs7uvw2mn5bc8de4fg6hj1klm")
    # the patrol folds the post's text: the link in a post is still matched
    with container.uow() as uow:
        stored = {i.value: i.shown_as for i in uow.indicators.all()}
    assert stored["t.cn/abc9xz"] == "t.cn/AbC9xZ"
