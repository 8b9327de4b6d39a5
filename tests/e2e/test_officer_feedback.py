"""Points an officer or a citizen noticed (issue: a console to work in all night): each test
fails while the problem is there."""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient

from netpatrol.bootstrap import Container
from netpatrol.domain.reports import code_digest
from netpatrol.web.app import create_app
from tests.factories import bearer, form_token

GAMBLING = "境外博彩平台注册就送88元，充值返水，加微信 bet_888 拉你进群"


@pytest.fixture
def public(patrolled_client: TestClient, container: Container) -> Iterator[TestClient]:
    with TestClient(create_app(container.settings, container)) as client:
        yield client


def clue_of(container: Container, receipt: str) -> int:
    with container.uow() as uow:
        report = uow.reports.by_receipt(code_digest(receipt))
    assert report is not None and report.clue_id is not None
    return report.clue_id


def test_a_short_link_report_with_a_contact_is_not_labelled_anonymous(
    public: TestClient, container: Container
) -> None:
    home = public.get("/")
    link_field = re.search(r'<input id="link"[^>]*>', home.text)
    assert link_field and 'type="url"' not in link_field.group(0)
    sent = public.post(
        "/report",
        data={
            "category": "gambling",
            "link": "t.cn/A6xYz9Q",
            "text": GAMBLING,
            "contact": "13712340000",
            "region": "广州",
            "form_token": form_token(public),
        },
    )
    assert sent.status_code == 201, sent.text
    code = re.search(r'id="receipt-code">([^<]+)<', sent.text)
    assert code
    clue_id = clue_of(container, code.group(1))
    officer = bearer(container, "gz.officer", "officer", "440100")
    page = public.get(f"/console/clues/{clue_id}", headers=officer).text
    reports = page.split('id="reports"', 1)[1].split("</ul>", 1)[0]
    assert "t.cn/A6xYz9Q" in reports
    assert "匿名" not in reports and "留有密封联系方式" in reports


@pytest.mark.parametrize(
    "query", ["t.cn/A6xYz9Q", "https://t.cn/R2WxYz", "TQn9Y2khEsLJW1ChVWFMSMeRDow5KcbLSE"]
)
def test_the_lookup_keeps_the_case_of_short_links_and_addresses(
    public: TestClient, query: str
) -> None:
    answer = public.get("/api/v1/lookup", params={"q": query})
    assert answer.status_code == 200, answer.text
    assert query.split("/")[-1] in answer.json()["value"]
    page = public.get("/lookup", params={"q": query})
    assert query in page.text


def test_every_measure_form_has_the_one_legal_basis_picker(
    public: TestClient, container: Container
) -> None:
    sent = public.post(
        "/api/v1/reports", json={"text": GAMBLING, "category": "gambling", "region": "广州"}
    )
    assert sent.status_code == 201, sent.text
    clue_id = clue_of(container, sent.json()["receipt"])
    supervisor = bearer(container, "gz.supervisor", "supervisor", "440100")
    page = public.get(f"/console/clues/{clue_id}", headers=supervisor).text
    assert 'select name="legal_bases"' not in page
    assert "赌博罪、开设赌场罪" in page and "running a casino" not in page  # no English gloss
    forms = re.findall(
        r'<form method="post" action="/console/clues/\d+/(?:warnings|measures)".*?</form>',
        page,
        re.S,
    )
    assert len(forms) >= 3
    for form in forms:
        if 'value="dismissal"' in form:
            assert 'name="legal_bases"' not in form  # a dismissal cites no law
            continue
        ticked = re.findall(r'name="legal_bases" value="([^"]+)" checked', form)
        assert ticked == ["CL-303"]  # the gambling article, and only the best fit ticked


def test_the_dashboard_tables_name_their_columns_in_words(
    patrolled_client: TestClient, container: Container
) -> None:
    page = patrolled_client.get("/console/dashboard").text
    heads = re.findall(r'<th scope="col" data-column="([a-z_]+)">([^<]*)</th>', page)
    assert {"day", "category", "median_h"} <= {code for code, _ in heads}
    for code, words in heads:
        assert words != code and re.search(r"[\u4e00-\u9fff]", words), (code, words)
    cells = re.findall(r"<td>([a-z_]+)</td>", page.split('id="chart-findings"', 1)[1])
    assert not {"fraud", "gambling", "weibo"} & set(cells)
    csv = patrolled_client.get("/console/dashboard/findings.csv").text
    assert csv.lstrip("\ufeff").startswith("day,category,findings")
