"""The graduated policy is data: rules in order, the last a default; a unit's copy replaces it."""

import json
from pathlib import Path

import pytest

from netpatrol.bootstrap import bootstrap, load_policy
from netpatrol.config import Settings, SettingsError
from netpatrol.domain.categories import Severity
from netpatrol.domain.policy import MeasurePolicy

POLICY = MeasurePolicy.from_data(load_policy())


@pytest.mark.parametrize(
    ("category", "severity", "reach", "prior", "measure"),
    [
        ("fraud", Severity.HIGH, 10, 0, "case"),
        ("drugs", Severity.CRITICAL, 0, 0, "case"),
        ("fraud", Severity.MEDIUM, 10, 0, "warning"),  # a weak fraud signal: warn first
        ("insult", Severity.LOW, 10, 0, "warning"),
        ("insult", Severity.LOW, 10, 2, "takedown"),  # a repeat offender
        ("rumour", Severity.MEDIUM, 5000, 0, "takedown"),  # wide reach
    ],
)
def test_the_first_matching_rule_gives_the_default_measure(
    category: str, severity: Severity, reach: int, prior: int, measure: str
) -> None:
    assert POLICY.default_for(category, severity, reach, prior).measure == measure


def test_a_case_needs_a_supervisor() -> None:
    assert POLICY.default_for("guns", Severity.CRITICAL, 0, 0).approval == "supervisor"


def test_a_policy_without_a_default_rule_is_refused() -> None:
    data = load_policy()
    data["measures"]["rules"] = data["measures"]["rules"][:-1]
    with pytest.raises(ValueError, match="default"):
        MeasurePolicy.from_data(data)


def test_a_units_own_policy_file_replaces_the_shipped_one(tmp_path: Path) -> None:
    data = load_policy()
    data["measures"]["rules"] = [{"name": "always warn", "measure": "warning"}]
    path = tmp_path / "policy.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    db = f"sqlite:///{tmp_path / 'p.db'}"
    container = bootstrap(Settings(database_url=db, policy=str(path)))
    assert container.measure_policy.default_for("fraud", Severity.HIGH, 0, 0).measure == "warning"
    container.dispose()
    broken = tmp_path / "broken.json"
    broken.write_text(json.dumps({**data, "measures": {"rules": []}}), encoding="utf-8")
    with pytest.raises(SettingsError, match="NETPATROL_POLICY"):
        bootstrap(Settings(database_url=db, policy=str(broken)))
    with pytest.raises(ValueError, match="no policy file"):
        Settings(database_url=db, policy=str(tmp_path / "missing.json"))
