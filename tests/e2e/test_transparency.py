"""The transparency report and the statements-of-reasons export over HTTP, on both
databases: figures per unit that a citizen can read, no personal data, refusals named."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient

from netpatrol.bootstrap import Container
from netpatrol.domain.measures import MeasureKind
from netpatrol.services.measures import graduated as measures
from netpatrol.web.api.transparency import current_period
from netpatrol.web.app import create_app
from tests.e2e.test_portal import SCAM, clue_of
from tests.e2e.test_warning_replies import send
from tests.factories import bearer, form_token


@pytest.fixture
def public(patrolled_client: TestClient, container: Container) -> Iterator[TestClient]:
    with TestClient(create_app(container.settings, container)) as client:
        yield client


def _month_with_a_report_and_a_warning(
    patrolled_client: TestClient, public: TestClient, container: Container
) -> int:
    send(patrolled_client, 0)
    receipt = public.post("/api/v1/reports", json={"text": SCAM, "category": "fraud"}).json()
    clue = clue_of(container, receipt["receipt"])
    request = measures.MeasureRequest(clue, MeasureKind.TAKEDOWN, "officer-1", ["CSL-47"])
    measures.open_measure(container.uow(), request, container.catalogue, container.clock)
    return clue


def test_the_month_in_figures_without_personal_data(
    patrolled_client: TestClient, public: TestClient, container: Container
) -> None:
    _month_with_a_report_and_a_warning(patrolled_client, public, container)
    period = current_period(container.clock())
    answer = public.get("/api/v1/transparency", params={"period": period})
    assert answer.status_code == 200
    report = answer.json()
    assert report["period"] == period and report["units"]
    assert sum(u["clues"] for u in report["units"]) > 0
    assert any(u["findings_by_category"].get("fraud") for u in report["units"])
    assert sum(u["warnings_sent"] for u in report["units"]) == 1
    assert sum(u["reports_received"] for u in report["units"]) == 1
    assert sum(u["reports_answered"] for u in report["units"]) == 1
    assert any(t["platform"] == "web" for u in report["units"] for t in u["takedowns"])
    with container.uow() as uow:
        posts = uow.posts.recent(5) if hasattr(uow.posts, "recent") else []
    text = answer.text
    assert "shuadan_777" not in text and "兼职刷单" not in text
    for post in posts:
        assert post.author.name not in text

    table = public.get("/api/v1/transparency", params={"period": period, "format": "csv"})
    assert table.headers["content-type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(table.text)))
    assert {"findings", "clues", "measures", "reports"} <= {r["figure"] for r in rows}


@pytest.mark.parametrize(
    ("period", "rule"),
    [("2026-13", "YYYY-MM"), ("November", "YYYY-MM"), ("2999-01", "has not begun")],
)
def test_a_bad_period_is_refused_naming_the_rule(
    public: TestClient, period: str, rule: str
) -> None:
    answer = public.get("/api/v1/transparency", params={"period": period})
    assert answer.status_code == 422 and rule in json.dumps(answer.json()["detail"])
    page = public.get("/transparency", params={"period": period})
    assert page.status_code == 422 and 'role="alert"' in page.text


def test_the_dsa_export_says_where_a_clue_came_from(
    patrolled_client: TestClient, public: TestClient, container: Container
) -> None:
    reported = _month_with_a_report_and_a_warning(patrolled_client, public, container)
    refused = patrolled_client.get("/api/v1/exports/dsa")  # an officer, not an auditor
    assert refused.status_code == 403 and refused.json()["detail"]
    auditor = bearer(container, "auditor-1", "auditor", "000000")
    statements = public.get("/api/v1/exports/dsa", headers=auditor).json()
    by_origin = {s["source_type"] for s in statements}
    assert by_origin == {"SOURCE_ARTICLE_16", "SOURCE_VOLUNTARY"}
    [from_report] = [s for s in statements if s["decision_visibility_other"] == "takedown"]
    assert from_report["source_type"] == "SOURCE_ARTICLE_16"
    assert from_report["platform_name"] == "Other website"
    assert reported


def test_the_page_reads_in_both_languages(
    patrolled_client: TestClient, public: TestClient, container: Container
) -> None:
    _month_with_a_report_and_a_warning(patrolled_client, public, container)
    zh = public.get("/transparency")
    assert zh.status_code == 200 and "透明度报告" in zh.text and "诈骗" in zh.text
    public.post(
        "/language",
        data={"locale": "en", "next": "/transparency", "form_token": form_token(public)},
    )
    en = public.get("/transparency")
    assert "Transparency report" in en.text and "Fraud" in en.text
