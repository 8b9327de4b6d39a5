"""Points an officer or a citizen noticed (issue: a console to work in all night): each test
fails while the problem is there."""

from __future__ import annotations

import re
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from netpatrol.bootstrap import Container
from netpatrol.cli import app as cli
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


def test_the_read_only_auditor_gets_no_claim_button_or_bulk_bar(
    patrolled_client: TestClient, container: Container
) -> None:
    auditor = bearer(container, "gz.auditor", "auditor", "440100")
    for tab in ("unit", "mine", "shared"):
        page = patrolled_client.get(f"/console?tab={tab}&unit=440100", headers=auditor)
        assert page.status_code == 200
        assert "/claim" not in page.text and 'id="bulk"' not in page.text
    officer = bearer(container, "gz.officer", "officer", "440100")
    assert "/claim" in patrolled_client.get("/console?tab=unit", headers=officer).text


def test_the_simulated_day_keeps_its_evidence_under_var(
    container: Container, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    settings = container.settings
    monkeypatch.setenv("NETPATROL_DATABASE_URL", settings.database_url)
    monkeypatch.setenv("NETPATROL_KEY_DIR", str(Path(settings.key_dir).resolve()))
    monkeypatch.setenv("NETPATROL_CHECKPOINT_DIR", str(Path(settings.checkpoint_dir).resolve()))
    if settings.audit_key:
        monkeypatch.setenv("NETPATROL_AUDIT_KEY", settings.audit_key)
    monkeypatch.chdir(tmp_path)
    temporary = Path(tempfile.gettempdir())
    before = set(temporary.glob("netpatrol-evidence-*"))
    for _ in range(2):
        result = CliRunner().invoke(cli, ["simulate-day", "--posts", "20"])
        assert result.exit_code == 0, result.output
    folder = tmp_path / "var" / "evidence" / "simulated-day"
    assert folder.is_dir()
    assert set(temporary.glob("netpatrol-evidence-*")) == before


def test_make_demo_names_the_portal_and_the_readme_reads_in_a_clone() -> None:
    root = Path(__file__).parents[2]
    demo = (root / "Makefile").read_text(encoding="utf-8").split("\ndemo:", 1)[1]
    assert "/console" in demo and "portal:" in demo
    readme = (root / "README.md").read_text(encoding="utf-8")
    assert "PORT=" in readme
    if "../shared/" in readme:
        assert "not part of a clone" in readme
    for link in re.findall(r"\]\(([^)#]+)\)", readme):
        if "://" not in link:
            assert (root / link).exists(), link


def test_a_proposed_case_keeps_the_clue_in_the_queue_until_approved(
    public: TestClient, container: Container
) -> None:
    sent = public.post(
        "/api/v1/reports", json={"text": GAMBLING, "category": "gambling", "region": "广州"}
    )
    clue_id = clue_of(container, sent.json()["receipt"])
    officer = bearer(container, "gz.officer", "officer", "440100")
    supervisor = bearer(container, "gz.supervisor", "supervisor", "440100")
    assert public.post(f"/api/v1/clues/{clue_id}/claim", headers=officer).status_code == 200
    body = {"kind": "case", "legal_bases": ["CL-303"], "reason": "开设赌场，需立案"}
    proposed = public.post(f"/api/v1/clues/{clue_id}/measures", json=body, headers=officer)
    assert proposed.status_code == 201, proposed.text
    with container.uow() as uow:
        clue = uow.clues.get(clue_id)
    assert clue is not None and clue.status.value == "claimed"
    queue = public.get("/console?tab=mine", headers=officer).text
    row = queue.split(f'data-clue="{clue_id}"', 1)[1].split("</tr>", 1)[0]
    assert 'class="sla' in row  # the time limit still shows while the case waits
    measure_id = proposed.json()["id"]
    approved = public.post(
        f"/api/v1/measures/{measure_id}/transitions",
        json={"to": "approved", "reason": "同意"},
        headers=supervisor,
    )
    assert approved.status_code == 200, approved.text
    with container.uow() as uow:
        clue = uow.clues.get(clue_id)
    assert clue is not None and clue.status.value == "actioned"


def test_a_reported_text_offers_no_dead_end_warning_and_the_suggestion_opens(
    public: TestClient, container: Container
) -> None:
    sent = public.post(
        "/api/v1/reports", json={"text": GAMBLING, "category": "gambling", "region": "广州"}
    )
    clue_id = clue_of(container, sent.json()["receipt"])
    officer = bearer(container, "gz.officer", "officer", "440100")
    page = public.get(f"/console/clues/{clue_id}", headers=officer).text
    assert 'id="warning-form"' not in page and 'id="no-warning"' in page
    suggested = re.search(r'id="suggested" data-kind="([a-z]+)"', page)
    assert suggested and suggested.group(1) != "warning"
    opened = re.findall(
        r"<details open>\s*<summary>[^<]*</summary>\s*<form[^>]*>(.*?)</form>", page, re.S
    )
    assert len(opened) == 1
    assert f'name="kind" value="{suggested.group(1)}"' in opened[0]
