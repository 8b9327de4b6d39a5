"""What the public and the platforms may send: no input gives a 5xx, bodies are capped
before they are read, and refusals quote at most a short excerpt. On both databases."""

from __future__ import annotations

import json
from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient

from netpatrol.bootstrap import Container
from netpatrol.domain.throttle import RequestLimits, Throttle
from netpatrol.services.accounts.signin import Attempt, sign_in
from netpatrol.web.app import create_app
from tests.factories import TEST_PASSWORD, bearer, form_token


@pytest.fixture
def client(container: Container) -> Iterator[TestClient]:
    with TestClient(create_app(container.settings, container)) as client:
        yield client


def test_control_characters_are_refused_on_every_kind_of_input(
    client: TestClient, container: Container
) -> None:
    report = {"category": "fraud", "text": "刷单\x00返利"}
    assert client.post("/api/v1/reports", json=report).status_code == 422
    escaped = b'{"nickname": "a\\u0001b"}'
    answer = client.post(
        "/api/v1/volunteers", content=escaped, headers={"content-type": "application/json"}
    )
    assert answer.status_code == 422 and "U+0001" in answer.text
    form = {"nickname": "x\x00", "form_token": form_token(client)}
    assert client.post("/volunteers/register", data=form).status_code == 422
    assert client.get("/api/v1/lookup", params={"q": "138\x00"}).status_code == 422
    assert client.get("/alerts.atom", params={"unit": "\x1f"}).status_code == 422
    lone = b'{"category": "fraud", "text": "\\ud800"}'
    json_kind = {"content-type": "application/json"}
    assert client.post("/api/v1/reports", content=lone, headers=json_kind).status_code == 422
    fine = client.post("/api/v1/reports", json={"category": "fraud", "text": "第一行\r\n\t第二行"})
    assert fine.status_code == 201, fine.text


def test_ids_and_offsets_past_64_bits_are_422_not_500(
    client: TestClient, container: Container
) -> None:
    client.headers.update(bearer(container, "officer-1"))
    for path in (
        f"/api/v1/clues/{2**63}",
        f"/api/v1/clues/{2**31}",
        f"/api/v1/clues?offset={2**63}",
        f"/api/v1/clusters/{10**30}",
        f"/api/v1/publications/{2**64}",
        f"/alerts/{2**63}",
        "/api/v1/clues?offset=-1",
    ):
        assert client.get(path).status_code == 422, path


def test_a_non_ascii_csrf_token_is_refused_not_a_crash(
    client: TestClient, container: Container
) -> None:
    answer = client.post("/language", data={"locale": "en", "form_token": "é" * 24})
    assert answer.status_code == 403
    bearer(container, "gz.officer", "officer", "440100")
    attempt = Attempt("gz.officer", TEST_PASSWORD)
    token, _ = sign_in(container.uow(), attempt, container.clock, Throttle(RequestLimits({})))
    client.cookies.set("np_session", token)
    forged = client.post("/console/logout", headers={"X-CSRF-Token": "é".encode("latin-1") * 24})
    assert forged.status_code == 403


def test_json_bodies_are_capped_and_never_echoed(client: TestClient) -> None:
    big = json.dumps({"username": "x" * (300 * 1024), "password": "y"})
    answer = client.post(
        "/api/v1/auth/token", content=big, headers={"content-type": "application/json"}
    )
    assert answer.status_code == 413 and answer.json()["detail"]

    def chunked() -> Iterator[bytes]:  # no Content-Length to trust
        for _ in range(4):
            yield b" " * (100 * 1024)

    for path in ("/api/v1/volunteers", "/api/v1/replies/abc"):
        streamed = client.post(
            path, content=chunked(), headers={"content-type": "application/json"}
        )
        assert streamed.status_code == 413, path
    long = client.post("/api/v1/auth/token", json={"username": "u" * 200_000, "password": 1})
    assert long.status_code == 422 and len(long.content) < 2000


def test_answers_carry_security_headers_and_docs_are_off(client: TestClient) -> None:
    for path in ("/", "/console/login", "/api/v1/health", "/nowhere"):
        answer = client.get(path)
        policy = answer.headers["content-security-policy"]
        assert "script-src 'self'" in policy and "frame-ancestors 'none'" in policy
        assert answer.headers["x-frame-options"] == "DENY"
        assert answer.headers["x-content-type-options"] == "nosniff"
        assert answer.headers["referrer-policy"] == "same-origin"
    assert client.get("/console/login").headers["cache-control"] == "no-store"
    assert client.get("/docs").status_code == 404
    assert client.get("/openapi.json").status_code == 200
