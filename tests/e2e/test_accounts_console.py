"""Account administration and the legal catalogue in the console: a unit admin manages
its unit's accounts, the national desk every account; each change is audited, forms carry
the CSRF token, and anyone else gets the 403 page."""

from __future__ import annotations

from urllib.parse import unquote

from fastapi.testclient import TestClient

from netpatrol.bootstrap import Container
from netpatrol.services.oversight.audit import audit_trail
from netpatrol.web.app import create_app
from tests.e2e.test_console import app_client, sign_in, visitor
from tests.factories import TEST_PASSWORD, bearer

__all__ = ["app_client"]  # the fixture
NEW_PASSWORD = "another-long-secret"


def refusal(response: object) -> str:
    return unquote(getattr(response, "cookies", {}).get("np_refused", ""))


def actions(container: Container) -> list[str]:
    return [e.action for e in audit_trail(container.uow(), None, "user.", "", 0, 200)]


def can_sign_in(container: Container, username: str, password: str) -> bool:
    with TestClient(create_app(container.settings, container)) as other:
        answer = other.post(
            "/console/login",
            data={"username": username, "password": password, **visitor(other)},
            follow_redirects=False,
        )
    return answer.status_code == 303


def test_a_unit_admin_manages_the_accounts_of_its_unit(
    app_client: TestClient, container: Container
) -> None:
    bearer(container, "gz.officer", "officer", "440100")
    bearer(container, "bj.officer", "officer", "110000")
    csrf = sign_in(app_client, container, "gz.admin", "unit_admin", "440100")
    page = app_client.get("/console/accounts")
    assert page.status_code == 200 and "账号" in page.text
    assert 'data-user="gz.officer"' in page.text and 'data-user="bj.officer"' not in page.text
    assert 'value="national_desk"' not in page.text  # not a role a unit admin gives

    made = app_client.post(
        "/console/accounts",
        data={
            "csrf_token": csrf,
            "username": "gz.night",
            "password": TEST_PASSWORD,
            "role": "officer",
            "unit": "440100",
            "name": "夜班民警",
        },
        follow_redirects=False,
    )
    assert made.status_code == 303 and not refusal(made)
    assert 'data-user="gz.night"' in app_client.get("/console/accounts").text
    assert can_sign_in(container, "gz.night", TEST_PASSWORD)
    again = app_client.post(
        "/console/accounts",
        data={
            "csrf_token": csrf,
            "username": "gz.night",
            "password": TEST_PASSWORD,
            "role": "officer",
            "unit": "440100",
        },
        follow_redirects=False,
    )
    assert again.status_code == 303 and "gz.night" in refusal(again)

    too_high = app_client.post(
        "/console/accounts",
        data={
            "csrf_token": csrf,
            "username": "gz.desk",
            "password": TEST_PASSWORD,
            "role": "national_desk",
            "unit": "440100",
        },
        follow_redirects=False,
    )
    assert too_high.status_code == 403
    elsewhere = app_client.post(
        "/console/accounts",
        data={
            "csrf_token": csrf,
            "username": "bj.night",
            "password": TEST_PASSWORD,
            "role": "officer",
            "unit": "110000",
        },
        follow_redirects=False,
    )
    assert elsewhere.status_code == 403

    reset = app_client.post(
        "/console/accounts/gz.night/password",
        data={"csrf_token": csrf, "password": NEW_PASSWORD},
        follow_redirects=False,
    )
    assert reset.status_code == 303 and not refusal(reset)
    assert not can_sign_in(container, "gz.night", TEST_PASSWORD)
    assert can_sign_in(container, "gz.night", NEW_PASSWORD)
    short = app_client.post(
        "/console/accounts/gz.night/password",
        data={"csrf_token": csrf, "password": "short"},
        follow_redirects=False,
    )
    assert "10" in refusal(short)

    role = app_client.post(
        "/console/accounts/gz.night/role",
        data={"csrf_token": csrf, "role": "supervisor"},
        follow_redirects=False,
    )
    assert role.status_code == 303 and not refusal(role)
    disabled = app_client.post(
        "/console/accounts/gz.night/disable", data={"csrf_token": csrf}, follow_redirects=False
    )
    assert disabled.status_code == 303
    assert not can_sign_in(container, "gz.night", NEW_PASSWORD)
    other_unit = app_client.post(
        "/console/accounts/bj.officer/disable", data={"csrf_token": csrf}, follow_redirects=False
    )
    assert other_unit.status_code == 303 and refusal(other_unit)  # reads as missing
    no_token = app_client.post("/console/accounts/gz.officer/disable", follow_redirects=False)
    assert no_token.status_code == 403
    assert {"user.created", "user.password_reset", "user.role_changed", "user.closed"} <= set(
        actions(container)
    )


def test_others_get_the_403_page(app_client: TestClient, container: Container) -> None:
    csrf = sign_in(app_client, container, "gz.officer", "officer", "440100")
    for path in ("/console/accounts", "/console/legal"):
        page = app_client.get(path)
        assert page.status_code == 403 and 'role="alert"' in page.text
    posted = app_client.post(
        "/console/legal",
        data={
            "csrf_token": csrf,
            "unit": "440100",
            "code": "X1",
            "law": "法",
            "article": "第一条",
            "covers": "测试",
        },
        follow_redirects=False,
    )
    assert posted.status_code == 403
    assert "/console/accounts" not in app_client.get("/console").text


def test_the_legal_catalogue_is_read_and_edited_for_a_unit(
    app_client: TestClient, container: Container
) -> None:
    csrf = sign_in(app_client, container, "gz.admin", "unit_admin", "440100")
    page = app_client.get("/console/legal")
    assert page.status_code == 200 and 'data-code="' in page.text
    saved = app_client.post(
        "/console/legal",
        data={
            "csrf_token": csrf,
            "unit": "440100",
            "code": "GZ-LOCAL-1",
            "law": "广州市网络安全条例",
            "article": "第十二条",
            "covers": "本市网络赌博引流",
            "categories": ["gambling"],
            "measures": ["warning", "takedown"],
        },
        follow_redirects=False,
    )
    assert saved.status_code == 303 and not refusal(saved)
    shown = app_client.get("/console/legal?unit=440100").text
    assert 'data-code="GZ-LOCAL-1"' in shown and "广州市网络安全条例" in shown
    unknown = app_client.post(
        "/console/legal",
        data={
            "csrf_token": csrf,
            "unit": "440100",
            "code": "GZ-LOCAL-2",
            "law": "条例",
            "article": "第一条",
            "covers": "x",
            "categories": ["no-such-category"],
        },
        follow_redirects=False,
    )
    assert unknown.status_code == 303 and "no-such-category" in refusal(unknown)
    assert app_client.get("/console/legal?unit=110000").status_code == 403
    assert app_client.get("/console/legal?unit=999999").status_code == 404
