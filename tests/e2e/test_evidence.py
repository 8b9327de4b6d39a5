"""Evidence on both databases: captured when a clue is taken up and, every post of it, when a
case is proposed or a takedown sent; exported with a signed manifest, verified."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from netpatrol.bootstrap import Container
from netpatrol.cli import app as cli
from netpatrol.services.clues.ports import ClueQuery


@pytest.fixture
def client(patrolled_client: TestClient) -> TestClient:
    return patrolled_client


def test_capture_export_and_verify(client: TestClient, tmp_path: Path) -> None:
    clue = client.get("/api/v1/clues", params={"limit": 1}).json()[0]
    url = f"/api/v1/clues/{clue['id']}"
    assert client.get(f"{url}/evidence").json() == []
    assert client.post(f"{url}/claim", json={}).status_code == 200
    [first] = client.get(f"{url}/evidence").json()
    assert first["intact"] and first["captured_by"] == "officer-1" and len(first["sha256"]) == 64
    again = client.post(f"{url}/evidence", json={})
    assert again.status_code == 201
    items = client.get(f"{url}/evidence").json()
    assert [i["id"] for i in items] == [first["id"], again.json()["id"]]
    assert items[0] == first  # an earlier capture is never overwritten

    package = tmp_path / "package"
    exported = CliRunner().invoke(
        cli, ["evidence", "export", str(clue["id"]), "--out", str(package)]
    )
    assert exported.exit_code == 0, exported.output
    assert (package / "manifest.json").is_file() and (package / "SHA256SUMS").is_file()
    verified = CliRunner().invoke(cli, ["evidence", "verify", str(package)])
    assert verified.exit_code == 0, verified.output
    if shutil.which("sha256sum"):
        checked = subprocess.run(["sha256sum", "-c", "SHA256SUMS"], cwd=package, check=False)
        assert checked.returncode == 0

    item = next((package / "items").iterdir())
    item.write_bytes(item.read_bytes().replace(b"text", b"txet", 1))
    tampered = CliRunner().invoke(cli, ["evidence", "verify", str(package)])
    assert tampered.exit_code == 1 and item.name in tampered.output

    again_into_same = CliRunner().invoke(
        cli, ["evidence", "export", str(clue["id"]), "--out", str(package)]
    )
    assert again_into_same.exit_code == 2 and "not empty" in again_into_same.output
    assert client.get("/api/v1/clues/999999/evidence").status_code == 404


def test_a_forged_manifest_or_another_key_fails_the_check(
    client: TestClient, tmp_path: Path
) -> None:
    clue = client.get("/api/v1/clues", params={"limit": 1}).json()[0]
    package = tmp_path / "package"
    exported = CliRunner().invoke(
        cli, ["evidence", "export", str(clue["id"]), "--out", str(package)]
    )
    assert exported.exit_code == 0 and "signed by key" in exported.output
    own_key = package / "signing-key.pem"
    good = CliRunner().invoke(
        cli, ["evidence", "verify", str(package), "--public-key", str(own_key)]
    )
    assert good.exit_code == 0 and "signature holds" in good.output
    other = tmp_path / "other.pem"
    other.write_bytes(
        Ed25519PrivateKey.generate()
        .public_key()
        .public_bytes(serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo)
    )
    wrong = CliRunner().invoke(
        cli, ["evidence", "verify", str(package), "--public-key", str(other)]
    )
    assert wrong.exit_code == 1 and "signature" in wrong.output
    manifest = package / "manifest.json"
    forged_text = manifest.read_text(encoding="utf-8").replace('"cli"', '"someone"', 1)
    assert '"someone"' in forged_text
    manifest.write_text(forged_text, encoding="utf-8")
    forged = CliRunner().invoke(cli, ["evidence", "verify", str(package)])
    assert forged.exit_code == 1 and "manifest.json: the signature" in forged.output


def test_a_proposed_case_and_a_takedown_carry_every_post_of_the_clue(
    client: TestClient, container: Container
) -> None:
    with container.uow() as uow:
        clues = uow.clues.queue(ClueQuery(), 500, 0)
        merged = next(
            c for c in clues if len({f.post_id for f in uow.findings.for_clue(c.id or 0)}) > 1
        )
        posts = {f.post_id for f in uow.findings.for_clue(merged.id or 0)} | {merged.post_id}
    law = container.catalogue.fitting(merged.category.value, "case")[0].code
    case = client.post(
        f"/api/v1/clues/{merged.id}/measures",
        json={"kind": "case", "legal_bases": [law], "reason": "数额较大"},
    )
    assert case.status_code == 201, case.text
    captured = client.get(f"/api/v1/clues/{merged.id}/evidence").json()
    assert len(captured) == len(posts)
    assert {i["sha256"] for i in captured} == {
        e["sha256"] for e in case.json()["details"]["evidence"]
    }

    notice = client.post(
        f"/api/v1/clues/{merged.id}/measures", json={"kind": "takedown", "legal_bases": ["CSL-47"]}
    ).json()
    carried = notice["details"]["evidence"]
    assert len(carried) == len(posts)
    with container.uow() as uow:
        sent = [m for m in uow.outbox.all() if m.channel == "takedown_notice"]
    assert sent and all(e["sha256"] in sent[-1].text for e in carried)
