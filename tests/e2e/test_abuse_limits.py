"""Sign-in, rate limits, client addresses and CSRF on the forms anyone may send."""

from __future__ import annotations

import time
from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient

from netpatrol.bootstrap import Container
from netpatrol.web.app import create_app
from tests.factories import TEST_PASSWORD, bearer, form_token


@pytest.fixture
def client(container: Container) -> Iterator[TestClient]:
    with TestClient(create_app(container.settings, container)) as client:
        yield client


def sign_in(client: TestClient, username: str, password: str) -> int:
    body = {"username": username, "password": password}
    return client.post("/api/v1/auth/token", json=body).status_code


def test_a_held_name_reads_the_same_whether_it_exists_or_not(
    client: TestClient, container: Container
) -> None:
    bearer(container, "gz.officer", "officer", "440100")
    held = {}
    for name in ("gz.officer", "no.such.user"):
        codes = [sign_in(client, name, "not the password") for _ in range(5)]
        last = client.post("/api/v1/auth/token", json={"username": name, "password": "x"})
        assert codes == [401] * 5 and last.status_code == 429, (name, codes)
        assert int(last.headers["retry-after"]) <= 4  # a back-off, not a permanent hold
        held[name] = last.json()["detail"]
    assert held["gz.officer"] == held["no.such.user"]
    started = time.perf_counter()
    sign_in(client, "another.nobody", "x")
    unknown = time.perf_counter() - started
    started = time.perf_counter()
    sign_in(client, "gz.officer", "x")
    known = time.perf_counter() - started
    assert unknown > known / 4  # both hash once: the time does not tell names apart


def test_the_back_off_ends_and_the_right_password_then_works(
    client: TestClient, container: Container
) -> None:
    bearer(container, "gz.officer", "officer", "440100")
    for _ in range(5):
        sign_in(client, "gz.officer", "not the password")
    throttle = client.app.state.throttle  # type: ignore[attr-defined]
    later = container.clock()
    for key in list(throttle._refusals):
        count, at = throttle._refusals[key]
        throttle._refusals[key] = (count, at.replace(year=at.year - 1))
    assert throttle.wait("any", "any", later) == 0
    assert sign_in(client, "gz.officer", TEST_PASSWORD) == 201


def test_forwarded_for_is_believed_only_from_trusted_proxies(container: Container) -> None:
    spoofed = {"X-Forwarded-For": "203.0.113.9"}
    with TestClient(create_app(container.settings, container)) as client:
        for n in range(20):
            headers = {"X-Forwarded-For": f"198.51.100.{n}"}
            client.post("/api/v1/volunteers", json={"nickname": f"v{n}"}, headers=headers)
        refused = client.post("/api/v1/volunteers", json={"nickname": "more"}, headers=spoofed)
        assert refused.status_code == 429 and refused.headers["retry-after"]
    trusting = container.settings.model_copy(update={"trusted_proxies": "10.0.0.0/8"})
    container.settings = trusting
    with TestClient(create_app(trusting, container), client=("10.1.2.3", 4000)) as proxied:
        for n in range(6):
            headers = {"X-Forwarded-For": f"198.51.100.{n}, 10.9.9.9"}
            answer = proxied.post("/api/v1/volunteers", json={"nickname": f"p{n}"}, headers=headers)
            assert answer.status_code == 201, answer.text


def test_receipt_look_ups_are_rate_limited(client: TestClient) -> None:
    codes = [client.get(f"/api/v1/receipts/R-{n:08d}").status_code for n in range(31)]
    assert codes[:30] == [404] * 30 and codes[30] == 429


def test_forms_without_the_visitors_token_are_refused(
    client: TestClient, container: Container
) -> None:
    bearer(container, "gz.officer", "officer", "440100")
    login = {"username": "gz.officer", "password": TEST_PASSWORD}
    assert client.post("/console/login", data=login).status_code == 403
    assert client.post("/language", data={"locale": "en"}).status_code == 403
    assert client.post("/console/language", data={"locale": "en"}).status_code == 403
    assert client.post("/volunteers/signin", data={"key": "V-x"}).status_code == 403
    token = form_token(client)
    forged = client.post("/language", data={"locale": "en", "form_token": "f" * 32})
    assert forged.status_code == 403
    done = client.post("/language", data={"locale": "en", "form_token": token})
    assert done.status_code in (200, 303)
    signed_in = client.post(
        "/console/login", data={**login, "form_token": token}, follow_redirects=False
    )
    assert signed_in.status_code == 303
