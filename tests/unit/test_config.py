from pathlib import Path

import pytest

from netpatrol.config import SettingsError, load_settings


def test_defaults_to_sqlite_under_var(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("NETPATROL_DATABASE_URL", raising=False)
    settings = load_settings()
    assert settings.database_url == f"sqlite:///{tmp_path / 'var' / 'netpatrol.db'}"
    assert settings.is_sqlite
    assert (settings.host, settings.port) == ("127.0.0.1", 8000)


def test_reads_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NETPATROL_DATABASE_URL", "postgresql://u@db:5432/np")
    monkeypatch.setenv("NETPATROL_PORT", "9000")
    monkeypatch.setenv("NETPATROL_LOG_LEVEL", "debug")
    settings = load_settings()
    assert settings.database_url == "postgresql+psycopg://u@db:5432/np"
    assert settings.port == 9000
    assert settings.log_level == "DEBUG"


@pytest.mark.parametrize(
    ("variable", "value", "named"),
    [
        ("NETPATROL_PORT", "70000", "NETPATROL_PORT"),
        ("NETPATROL_PORT", "eighty", "NETPATROL_PORT"),
        ("NETPATROL_DATABASE_URL", "mysql://root@localhost/np", "unsupported database"),
        ("NETPATROL_DATABASE_URL", "not a url", "not a database URL"),
        ("NETPATROL_LOG_LEVEL", "LOUD", "NETPATROL_LOG_LEVEL"),
        ("NETPATROL_SECRET_KEY", "short", "NETPATROL_SECRET_KEY"),
        ("NETPATROL_NATS_URL", "nats://a:4222,,nats://b:4222", "NETPATROL_NATS_URL"),
        ("NETPATROL_NATS_REPLICAS", "7", "NETPATROL_NATS_REPLICAS"),
    ],
)
def test_bad_values_fail_fast_with_the_variable_named(
    monkeypatch: pytest.MonkeyPatch, variable: str, value: str, named: str
) -> None:
    monkeypatch.setenv(variable, value)
    with pytest.raises(SettingsError) as caught:
        load_settings()
    assert named in str(caught.value)


def test_a_nats_cluster_is_its_servers_and_replicas(monkeypatch: pytest.MonkeyPatch) -> None:
    servers = "nats://10.0.0.11:4222,nats://10.0.0.12:4222,nats://10.0.0.13:4222"
    monkeypatch.setenv("NETPATROL_NATS_URL", servers)
    monkeypatch.setenv("NETPATROL_NATS_REPLICAS", "3")
    settings = load_settings()
    assert (settings.nats_url, settings.nats_replicas) == (servers, 3)
