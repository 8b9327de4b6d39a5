"""The partner-agency directory in the console, on both databases: a province's unit admin
fills in an address and adds an entry (audited, then offered by the referral picker); an
officer sees the directory without edit forms and is refused a change; a city's admin
cannot edit its province's entries; a bad address is refused in Chinese and changes nothing."""

from __future__ import annotations

from urllib.parse import unquote

from fastapi.testclient import TestClient

from netpatrol.bootstrap import Container
from netpatrol.services.agencies import directory
from netpatrol.web.app import create_app
from tests.e2e.test_console import sign_in

ENTRY = "440000-market"


def _save(client: TestClient, csrf: str, **fields: str) -> tuple[int, str]:
    form = {"csrf_token": csrf, "kind": "market_regulation", "channel": "email", **fields}
    answer = client.post("/console/agencies", data=form, follow_redirects=False)
    return answer.status_code, unquote(answer.cookies.get("np_refused", ""))


def _shipped_address(container: Container, code: str) -> str:
    found = directory.find_entry(container.uow(), code)
    return found.address if found else ""


def test_province_admin_edits_and_adds_entries(container: Container) -> None:
    with TestClient(create_app(container.settings, container)) as admin:
        csrf = sign_in(admin, container, "gd.admin", "unit_admin", "440000")
        page = admin.get("/console/agencies", params={"province": "440000"}).text
        assert "联动单位" in page and f'id="agency-{ENTRY}"' in page
        row = page.split(f'id="agency-{ENTRY}"')[1].split("</tr>")[0]
        assert "编辑" in row
        national = admin.get("/console/agencies", params={"province": "000000"}).text
        assert "<details>" not in national.split("<tbody>")[1].split("</tbody>")[0]

        status, refusal = _save(
            admin,
            csrf,
            code=ENTRY,
            name="广东省市场监督管理局",
            province="440000",
            address="not an address",
        )
        assert status == 303 and "地址格式不正确" in refusal
        assert _shipped_address(container, ENTRY) == ""

        status, refusal = _save(
            admin,
            csrf,
            code=ENTRY,
            name="广东省市场监督管理局",
            province="440000",
            address="jubao@amr.gd.example.cn",
        )
        assert status == 303 and not refusal
        assert _shipped_address(container, ENTRY) == "jubao@amr.gd.example.cn"
        shown = admin.get("/console/agencies", params={"q": "jubao"}).text
        assert "jubao@amr.gd.example.cn" in shown and "已保存" in shown

        status, _ = _save(
            admin,
            csrf,
            code="440000-consumer",
            name="广东省消费者委员会",
            province="440000",
            address="https://cc.gd.example.cn/referrals",
            channel="webhook",
        )
        assert status == 303
        assert _shipped_address(container, "440000-consumer").startswith("https://")
        with container.uow() as uow:
            actions = [e.action for e in uow.audit.recent(None, "agency.", "gd.admin", 0, 10)]
        assert actions.count("agency.edited") == 1 and actions.count("agency.added") == 1
        offered = directory.list_agencies(container.uow(), "440100")
        assert any(a.code == "440000-consumer" and a.address for a in offered)


def test_officer_and_city_admin_may_not_edit_the_province(container: Container) -> None:
    with (
        TestClient(create_app(container.settings, container)) as officer,
        TestClient(create_app(container.settings, container)) as city,
    ):
        csrf = sign_in(officer, container, "gz.officer", "officer", "440100")
        page = officer.get("/console/agencies").text
        assert f'id="agency-{ENTRY}"' in page and "<details>" not in page
        assert 'id="agency-110000-' not in page  # by default: what Guangzhou may refer to
        assert "本单位可移送的" in page
        every = officer.get("/console/agencies", params={"province": ""}).text
        assert 'id="agency-110000-' in every
        assert 'id="add-agency"' not in page
        denied = officer.post(
            "/console/agencies",
            data={
                "csrf_token": csrf,
                "code": ENTRY,
                "name": "x",
                "kind": "market_regulation",
                "channel": "email",
                "province": "440000",
            },
            follow_redirects=False,
        )
        assert denied.status_code == 403

        city_csrf = sign_in(city, container, "gz.admin", "unit_admin", "440100")
        status, refusal = _save(
            city, city_csrf, code=ENTRY, name="改名", province="440000", address="a@b.example.cn"
        )
        assert status == 303 and refusal
        assert directory.find_entry(container.uow(), ENTRY).name != "改名"  # type: ignore[union-attr]
