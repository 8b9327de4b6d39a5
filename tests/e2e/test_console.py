"""The console over HTTP on both databases: sign-in, CSRF, scope, queue work, approvals,
dashboard and languages."""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from netpatrol.bootstrap import Container
from netpatrol.cli import app as cli
from netpatrol.domain.categories import SharingLevel
from netpatrol.web.app import create_app
from tests.factories import TEST_PASSWORD, bearer, form_token


@pytest.fixture
def app_client(patrolled_client: TestClient, container: Container) -> Iterator[TestClient]:
    """A browser-like client: no bearer token, cookies only."""
    with TestClient(create_app(container.settings, container)) as client:
        yield client


def sign_in(client: TestClient, container: Container, username: str, role: str, unit: str) -> str:
    bearer(container, username, role, unit)  # creates the account
    page = client.post(
        "/console/login",
        data={
            "username": username,
            "password": TEST_PASSWORD,
            "next": "/console",
            "form_token": form_token(client),
        },
        follow_redirects=False,
    )
    assert page.status_code == 303, page.text
    return csrf_of(client)


def visitor(client: TestClient) -> dict[str, str]:
    return {"form_token": form_token(client)}


def csrf_of(client: TestClient) -> str:
    found = re.search(r'name="csrf_token" value="([^"]+)"', client.get("/console/approvals").text)
    assert found
    return found.group(1)


def clue_of_unit(client: TestClient, container: Container, unit: str) -> int:
    queue = bearer(container, "reader")
    listed = client.get("/api/v1/clues", params={"unit": unit, "limit": 1}, headers=queue).json()
    return int(listed[0]["id"])


def test_pages_want_a_signed_in_user(app_client: TestClient, container: Container) -> None:
    for path in ("/console", "/console/clues/1", "/console/approvals", "/console/dashboard"):
        page = app_client.get(path, follow_redirects=False)
        assert page.status_code == 303 and page.headers["location"].startswith("/console/login")
    bearer(container, "gz.officer", "officer", "440100")
    wrong = app_client.post(
        "/console/login",
        data={"username": "gz.officer", "password": "wrong password", **visitor(app_client)},
    )
    assert wrong.status_code == 401 and "用户名或密码错误" in wrong.text
    unknown = app_client.post(
        "/console/login", data={"username": "nobody", "password": "x", **visitor(app_client)}
    )
    assert unknown.status_code == 401
    sign_in(app_client, container, "gz.officer", "officer", "440100")
    queue = app_client.get("/console")
    assert queue.status_code == 200 and "线索队列" in queue.text
    with container.uow() as uow:
        actions = [e.action for e in uow.audit.entries()]
    assert "user.sign_in_refused" in actions and "user.signed_in" in actions


def test_a_city_officer_sees_only_their_unit_and_what_is_shared(
    app_client: TestClient, container: Container
) -> None:
    sign_in(app_client, container, "gz.officer", "officer", "440100")
    page = app_client.get("/console", params={"status": "open"})
    ids = [int(i) for i in re.findall(r'data-clue="(\d+)"', page.text)]
    assert ids
    with container.uow() as uow:
        units = {u.id: u.code for u in uow.units.all()}
        for clue_id in ids:
            clue = uow.clues.get(clue_id)
            assert clue is not None
            own = units[clue.unit_id] == "440100"
            shared_here = clue.sharing_level is SharingLevel.NATIONAL or (
                clue.sharing_level is SharingLevel.PROVINCE and units[clue.unit_id][:2] == "44"
            )
            assert own or shared_here


def _unshared_clue(client: TestClient, container: Container, unit: str) -> int:
    clue_id = clue_of_unit(client, container, unit)
    with container.uow() as uow:
        clue = uow.clues.get(clue_id)
        assert clue is not None
        clue.sharing_level = SharingLevel.UNIT
        uow.clues.update(clue)
        uow.commit()
    return clue_id


CONSOLE_ROUTES = [
    ("get", "/console/clues/{id}", {}),
    ("post", "/console/clues/{id}/claim", {}),
    ("post", "/console/clues/{id}/release", {}),
    ("post", "/console/clues/{id}/warning-preview", {"legal_bases": "CL-266"}),
    ("post", "/console/clues/{id}/warnings", {"legal_bases": "CL-266"}),
    ("post", "/console/clues/{id}/measures", {"kind": "takedown", "legal_bases": "CSL-47"}),
    ("post", "/console/clues/{id}/evidence", {}),
    ("post", "/console/clues/{id}/escalate", {"reason": "x"}),
]
API_ROUTES = [
    ("get", "/api/v1/clues/{id}", None),
    ("get", "/api/v1/clues/{id}/evidence", None),
    ("post", "/api/v1/clues/{id}/claim", None),
    ("post", "/api/v1/clues/{id}/release", None),
    ("post", "/api/v1/clues/{id}/evidence", None),
    ("post", "/api/v1/clues/{id}/warning-preview", {"legal_bases": ["CL-266"]}),
    ("post", "/api/v1/clues/{id}/warnings", {"legal_bases": ["CL-266"]}),
    ("post", "/api/v1/clues/{id}/measures", {"kind": "takedown", "legal_bases": ["CSL-47"]}),
    ("post", "/api/v1/clues/{id}/escalate", {"reason": "x"}),
    ("post", "/api/v1/clues/{id}/reassign", {"reason": "x", "unit": "320100"}),
]


def test_another_units_clue_is_invisible_on_every_route(
    app_client: TestClient, container: Container
) -> None:
    hidden = _unshared_clue(app_client, container, "440100")  # 广州, not shared
    with container.uow() as uow:
        before = (uow.clues.get(hidden), len(uow.measures.for_clue(hidden)))
    csrf = sign_in(app_client, container, "nj.officer", "officer", "320100")  # 南京
    for method, path, form in CONSOLE_ROUTES:
        url = path.format(id=hidden)
        answer = app_client.request(method.upper(), url, data={**form, "csrf_token": csrf})
        assert answer.status_code == 404, (url, answer.status_code)
    nanjing = bearer(container, "nj.officer", "officer", "320100")
    for method, path, body in API_ROUTES:
        url = path.format(id=hidden)
        answer = app_client.request(method.upper(), url, json=body, headers=nanjing)
        assert answer.status_code == 404, (url, answer.status_code)
    listed = app_client.get("/api/v1/clues", params={"limit": 500}, headers=nanjing).json()
    assert hidden not in [c["id"] for c in listed]
    assert f'data-clue="{hidden}"' not in app_client.get("/console").text
    with container.uow() as uow:
        assert (uow.clues.get(hidden), len(uow.measures.for_clue(hidden))) == before


def test_a_shared_clue_is_seen_but_not_worked_by_a_neighbour(
    app_client: TestClient, container: Container
) -> None:
    clue_id = clue_of_unit(app_client, container, "440100")
    with container.uow() as uow:
        clue = uow.clues.get(clue_id)
        assert clue is not None
        clue.sharing_level = SharingLevel.PROVINCE
        uow.clues.update(clue)
        uow.commit()
    shenzhen = bearer(container, "sz.officer", "officer", "440300")  # same province
    assert app_client.get(f"/api/v1/clues/{clue_id}", headers=shenzhen).status_code == 200
    claim = app_client.post(f"/api/v1/clues/{clue_id}/claim", headers=shenzhen)
    assert claim.status_code == 403
    nanjing = bearer(container, "nj.officer", "officer", "320100")  # another province
    assert app_client.get(f"/api/v1/clues/{clue_id}", headers=nanjing).status_code == 404
    province = bearer(container, "gd.officer", "officer", "440000")  # the unit above
    assert app_client.post(f"/api/v1/clues/{clue_id}/claim", headers=province).status_code == 200


def test_a_form_without_its_csrf_token_changes_nothing(
    app_client: TestClient, container: Container
) -> None:
    clue_id = clue_of_unit(app_client, container, "440100")
    sign_in(app_client, container, "gz.officer", "officer", "440100")
    forged = app_client.post(f"/console/clues/{clue_id}/claim", data={"csrf_token": "forged"})
    assert forged.status_code == 403
    missing = app_client.post(f"/console/clues/{clue_id}/claim")
    assert missing.status_code == 403
    with container.uow() as uow:
        clue = uow.clues.get(clue_id)
        assert clue is not None and clue.assignee is None


def test_claim_warn_and_bulk_dismiss_from_the_console(
    app_client: TestClient, container: Container
) -> None:
    csrf = sign_in(app_client, container, "gz.officer", "officer", "440100")
    clue_id = _unshared_clue(app_client, container, "440100")
    row = app_client.post(
        f"/console/clues/{clue_id}/claim", headers={"HX-Request": "true", "X-CSRF-Token": csrf}
    )
    assert row.status_code == 200 and f'id="clue-{clue_id}"' in row.text and "退回队列" in row.text
    page = app_client.get(f"/console/clues/{clue_id}")
    assert "<mark" in page.text and "操作记录" in page.text and "线索：已认领" in page.text
    preview = app_client.post(
        f"/console/clues/{clue_id}/warning-preview",
        data={"csrf_token": csrf, "legal_bases": "CSL-12", "deadline_hours": "48"},
    )
    assert "pre" in preview.text and "中华人民共和国网络安全法" in preview.text
    empty = app_client.post(f"/console/clues/{clue_id}/warnings", data={"csrf_token": csrf})
    assert "至少" in empty.text or "legal basis" in empty.text
    sent = app_client.post(
        f"/console/clues/{clue_id}/warnings", data={"csrf_token": csrf, "legal_bases": "CSL-12"}
    )
    assert sent.status_code == 200 and "警示消息已发出" in sent.text
    with container.uow() as uow:
        [warning] = uow.measures.for_clue(clue_id)
    assert warning.kind.value == "warning" and warning.actor == "gz.officer"

    queue = app_client.get("/console", params={"status": "open", "unit": "440100"}).text
    open_ids = re.findall(r'name="clue_ids" value="(\d+)"', queue)[:2]
    assert open_ids
    refused = app_client.post("/console/dismiss", data={"csrf_token": csrf, "clue_ids": open_ids})
    assert "理由" in refused.text
    done = app_client.post(
        "/console/dismiss",
        data={
            "csrf_token": csrf,
            "clue_ids": open_ids,
            "reason": "讽刺作品，不违法",
            "legal_basis": "CSL-12",
        },
    )
    assert done.status_code == 200 and f"已对 {len(open_ids)} 条线索" in done.text
    with container.uow() as uow:
        closed = [uow.clues.get(int(i)) for i in open_ids]
    assert all(c is not None and c.status.value == "closed" for c in closed)


def test_a_case_needs_a_supervisor_who_is_not_its_proposer(
    app_client: TestClient, container: Container
) -> None:
    clue_id = _unshared_clue(app_client, container, "440100")
    with container.uow() as uow:
        clue = uow.clues.get(clue_id)
    assert clue is not None
    fitting = container.catalogue.fitting(clue.category.value, "case")[0].code
    officer = sign_in(app_client, container, "gz.officer", "officer", "440100")
    app_client.post(
        f"/console/clues/{clue_id}/measures",
        data={"csrf_token": officer, "kind": "case", "legal_bases": fitting, "reason": "团伙"},
    )
    with container.uow() as uow:
        [case] = uow.measures.for_clue(clue_id)
    assert case.status.value == "proposed"
    own = app_client.post(
        f"/console/measures/{case.id}/move", data={"csrf_token": officer, "to": "approved"}
    )
    assert own.status_code == 403  # an officer does not approve
    app_client.cookies.clear()
    supervisor = sign_in(app_client, container, "gz.supervisor", "supervisor", "440100")
    inbox = app_client.get("/console/approvals")
    assert f'data-measure="{case.id}"' in inbox.text
    approved = app_client.post(
        f"/console/measures/{case.id}/move",
        data={"csrf_token": supervisor, "to": "approved", "reason": "证据充分"},
    )
    assert approved.status_code == 200 and "已记录" in approved.text
    with container.uow() as uow:
        moved = uow.measures.get(case.id or 0)
    assert moved is not None and moved.status.value == "approved"
    assert moved.approver == "gz.supervisor"
    assert f'data-measure="{case.id}"' not in app_client.get("/console/approvals").text


def test_dashboard_tables_download_as_csv(app_client: TestClient, container: Container) -> None:
    sign_in(app_client, container, "desk", "national_desk", "000000")
    page = app_client.get("/console/dashboard", params={"days": 30})
    assert page.status_code == 200 and "echarts.min.js" in page.text
    assert page.text.count('class="chart"') == 5
    csv = app_client.get("/console/dashboard/findings.csv", params={"days": 30})
    assert csv.headers["content-type"].startswith("text/csv")
    lines = csv.text.lstrip("\ufeff").splitlines()
    assert lines[0] == "day,category,findings" and len(lines) > 1
    assert sum(int(line.split(",")[2]) for line in lines[1:]) >= 40
    assert app_client.get("/console/dashboard/nope.csv").status_code == 404
    assert app_client.get("/console/dashboard", params={"days": 0}).status_code == 422
    echarts = app_client.get("/console/static/echarts.min.js")
    assert echarts.status_code == 200 and len(echarts.content) > 500_000


def test_the_language_switches_and_sticks_to_the_user(
    app_client: TestClient, container: Container
) -> None:
    sign_in(app_client, container, "gz.officer", "officer", "440100")
    assert "线索队列" in app_client.get("/console").text
    app_client.post(
        "/console/language", data={"locale": "en", "next": "/console", **visitor(app_client)}
    )
    english = app_client.get("/console").text
    assert "Clue queue" in english and 'lang="en"' in english and "线索队列" not in english
    app_client.cookies.clear()
    sign_in(app_client, container, "gz.officer", "officer", "440100")
    assert "Clue queue" in app_client.get("/console").text  # the choice is the user's
    bad = app_client.post(
        "/console/language", data={"locale": "xx", "next": "https://evil", **visitor(app_client)}
    )
    assert bad.status_code == 200 and "Clue queue" in bad.text


def test_wrong_passwords_hold_an_account_and_closing_it_ends_its_tokens(
    app_client: TestClient, container: Container, monkeypatch: pytest.MonkeyPatch
) -> None:
    token = bearer(container, "gz.officer", "officer", "440100")
    for _ in range(5):
        wrong = app_client.post(
            "/console/login",
            data={"username": "gz.officer", "password": "not my password", **visitor(app_client)},
        )
        assert wrong.status_code == 401
    held = app_client.post(
        "/console/login",
        data={"username": "gz.officer", "password": TEST_PASSWORD, **visitor(app_client)},
    )
    assert held.status_code == 401 and "too many wrong passwords" not in held.text
    assert app_client.get("/console").url.path == "/console/login"
    assert app_client.get("/api/v1/me", headers=token).status_code == 200

    monkeypatch.setenv("NETPATROL_DATABASE_URL", container.settings.database_url)
    closed = CliRunner().invoke(cli, ["user", "close", "gz.officer"])
    assert closed.exit_code == 0, closed.output
    assert app_client.get("/api/v1/me", headers=token).status_code == 401
    missing = CliRunner().invoke(cli, ["user", "close", "nobody"])
    assert missing.exit_code == 2 and "does not exist" in missing.output
    with container.uow() as uow:
        actions = [e.action for e in uow.audit.for_subject("user", "gz.officer")]
    assert actions.count("user.sign_in_refused") == 5 and "user.closed" in actions


def test_serving_beyond_this_machine_needs_a_secret_key(
    container: Container, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("NETPATROL_DATABASE_URL", container.settings.database_url)
    monkeypatch.delenv("NETPATROL_SECRET_KEY", raising=False)
    refused = CliRunner().invoke(cli, ["serve", "--host", "0.0.0.0"])
    assert refused.exit_code == 1 and "NETPATROL_SECRET_KEY" in refused.output


def test_auditors_read_the_log_of_their_units_and_verify_the_chain(
    app_client: TestClient, container: Container
) -> None:
    sign_in(app_client, container, "gz.officer", "officer", "440100")
    assert app_client.get("/console/audit").status_code == 403
    app_client.cookies.clear()
    sign_in(app_client, container, "gd.auditor", "auditor", "440000")  # Guangdong and below
    page = app_client.get("/console/audit", params={"action": "clue.routed"})
    assert page.status_code == 200 and "审计日志" in page.text
    seqs = [int(s) for s in re.findall(r"<tr><td>(\d+)</td>", page.text)]
    assert seqs and seqs == sorted(seqs, reverse=True)
    with container.uow() as uow:
        units = {u.id: u.code for u in uow.units.all()}
        shown = [e for e in uow.audit.entries() if e.seq in seqs]
    assert all(units[e.unit_id or 0].startswith("44") for e in shown)
    assert all(e.action == "clue.routed" for e in shown)
    checked = app_client.get("/console/audit", params={"verify": "true"})
    assert "哈希链完整" in checked.text


def test_a_supervisor_overrides_the_fit_in_the_console_in_writing_and_an_officer_may_not(
    app_client: TestClient, container: Container
) -> None:
    clue_id = _unshared_clue(app_client, container, "440100")
    with container.uow() as uow:
        clue = uow.clues.get(clue_id)
    assert clue is not None
    misfit = next(b.code for b in container.catalogue if not b.fits(clue.category.value, "case"))
    form = {"kind": "case", "legal_bases": misfit, "reason": "团伙作案"}
    officer = sign_in(app_client, container, "gz.officer", "officer", "440100")
    assert "override_reason" not in app_client.get(f"/console/clues/{clue_id}").text
    refused = app_client.post(
        f"/console/clues/{clue_id}/measures",
        data={**form, "csrf_token": officer, "override_reason": "法制部门意见"},
    )
    assert "负责人" in refused.text
    app_client.cookies.clear()
    supervisor = sign_in(app_client, container, "gz.supervisor", "supervisor", "440100")
    assert 'name="override_reason"' in app_client.get(f"/console/clues/{clue_id}").text
    bare = app_client.post(
        f"/console/clues/{clue_id}/measures", data={**form, "csrf_token": supervisor}
    )
    assert "不适用" in bare.text
    with container.uow() as uow:
        assert uow.measures.for_clue(clue_id) == []
    app_client.post(
        f"/console/clues/{clue_id}/measures",
        data={**form, "csrf_token": supervisor, "override_reason": "法制部门意见：本案适用"},
    )
    with container.uow() as uow:
        [case] = uow.measures.for_clue(clue_id)
    assert case.legal_bases == [misfit]
    assert case.details["legal_basis_override"] == {
        "by": "gz.supervisor",
        "reason": "法制部门意见：本案适用",
    }
