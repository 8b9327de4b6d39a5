"""Units edit the legal catalogue for themselves and the units below them."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from netpatrol.cli import app as cli

CATEGORIES = ["fraud", "fake_documents"]
EDIT = {
    "unit": "440000",
    "law": "中华人民共和国刑法",
    "article": "第二百六十六条（广东法制办审定）",
    "covers": "诈骗罪",
    "categories": CATEGORIES,
    "measures": ["warning", "takedown", "case", "referral"],
}


@pytest.fixture
def client(patrolled_client: TestClient) -> TestClient:
    return patrolled_client


def article(client: TestClient, unit: str, code: str) -> str:
    entries = client.get("/api/v1/legal-bases", params={"unit": unit}).json()
    return str(next(e["article"] for e in entries if e["code"] == code))


def test_a_province_edit_applies_below_it_and_nowhere_else(client: TestClient) -> None:
    assert article(client, "440100", "CL-266") == "第二百六十六条"
    guangzhou = client.get("/api/v1/clues", params={"unit": "440100", "limit": 1}).json()[0]
    # the province widens the entry to the clue's category: it fits a warning there
    edit = {**EDIT, "categories": [*CATEGORIES, guangzhou["category"]]}
    edited = client.put("/api/v1/legal-bases/CL-266", json=edit)
    assert (
        edited.json() == {"code": "CL-266", "unit": "440000", "added": False}
        or edited.json()["added"] is True
    )
    assert article(client, "440100", "CL-266") == EDIT["article"]  # 广州, under 广东
    assert article(client, "440000", "CL-266") == EDIT["article"]
    assert article(client, "320100", "CL-266") == "第二百六十六条"  # 南京

    sent = client.post(
        f"/api/v1/clues/{guangzhou['id']}/warnings",
        json={"legal_bases": ["CL-266"]},
    ).json()
    assert "广东法制办审定" in sent["body"]
    audit = client.get("/api/v1/legal-bases", params={"unit": "440100"})
    assert audit.status_code == 200


def test_a_unit_may_add_an_entry_for_itself(client: TestClient) -> None:
    local = {**EDIT, "unit": "440100", "law": "广州市网络安全条例", "article": "第十条"}
    assert client.put("/api/v1/legal-bases/GZ-10", json=local).json()["added"] is True
    assert article(client, "440100", "GZ-10") == "第十条"
    assert "GZ-10" not in [e["code"] for e in client.get("/api/v1/legal-bases").json()]
    nanjing = client.get("/api/v1/clues", params={"unit": "320100", "limit": 1}).json()[0]
    refused = client.post(
        f"/api/v1/clues/{nanjing['id']}/measures",
        json={"kind": "takedown", "legal_bases": ["GZ-10"]},
    )
    assert refused.status_code == 422 and "GZ-10" in refused.json()["detail"]


@pytest.mark.parametrize(
    ("change", "status"),
    [
        ({"categories": ["politics"]}, 422),
        ({"measures": ["dismissal"]}, 422),
        ({"unit": "999999"}, 404),
        ({"law": ""}, 422),
    ],
)
def test_bad_edits_are_refused(client: TestClient, change: dict[str, object], status: int) -> None:
    assert client.put("/api/v1/legal-bases/CL-266", json={**EDIT, **change}).status_code == status
    assert article(client, "440100", "CL-266") == "第二百六十六条"


def test_the_catalogue_from_the_command_line(client: TestClient) -> None:
    args = [
        "legal",
        "set",
        "CL-303",
        "--law",
        "刑法",
        "--article",
        "第三百零三条（修订）",
        "--covers",
        "赌博罪",
        "--category",
        "gambling",
        "--measure",
        "warning",
        "--unit",
        "000000",
        "--actor",
        "lo",
    ]
    result = CliRunner().invoke(cli, args)
    assert result.exit_code == 0 and "edited" in result.output
    listed = CliRunner().invoke(cli, ["legal", "list", "--unit", "440300"])
    assert "第三百零三条（修订）" in listed.output and "gambling\twarning" in listed.output
    bad = CliRunner().invoke(cli, ["legal", "list", "--unit", "nope"])
    assert bad.exit_code == 2
