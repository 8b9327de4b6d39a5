"""Evidence on both databases: captured when a clue is taken up, exported, verified."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from netpatrol.cli import app as cli


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
