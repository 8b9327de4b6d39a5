"""Upgrading a database whose indicators were stored before review existed (schema 0016):
they stay confirmed, with a term from the shipped policy, so the patrol and the lookup keep
finding them; new proposals then wait for a second person."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from alembic import command
from sqlalchemy import text

from netpatrol.adapters.db import migrate
from netpatrol.bootstrap import bootstrap
from netpatrol.config import Settings
from netpatrol.domain.indicators import ReviewState
from netpatrol.services.matrix.indicators import list_indicators, store_entries
from netpatrol.services.public.lookup import lookup

CREATED = datetime(2026, 6, 1, 8, 0, tzinfo=UTC)


def test_indicators_stored_before_review_stay_in_force_after_the_upgrade(db_url: str) -> None:
    built = bootstrap(Settings(database_url=db_url))
    try:
        config = migrate.alembic_config(db_url)
        with built.engine.begin() as conn:
            config.attributes["connection"] = conn
            command.upgrade(config, "0016")
            conn.execute(
                text(
                    "INSERT INTO units (code, name, full_name, level, region_codes,"
                    " among_first_50, channel_accounts) VALUES ('000000', '全国', '全国',"
                    " 'national', '[]', false, '{}')"
                )
            )
            at = CREATED if conn.dialect.name == "postgresql" else CREATED.isoformat(" ")
            for kind, value, sharing in (
                ("phone", "13800138000", "national"),
                ("url", "https://bad.example/pay", "unit"),
            ):
                conn.execute(
                    text(
                        "INSERT INTO indicators (kind, value, category, unit_id, sharing_level,"
                        " note, created_at) VALUES (:kind, :value, 'fraud', 1, :sharing, '', :at)"
                    ),
                    {"kind": kind, "value": value, "sharing": sharing, "at": at},
                )
        migrate.upgrade(built.engine)
        now = datetime.now(UTC)
        phone, url = list_indicators(built.uow())
        assert {phone.review, url.review} == {ReviewState.CONFIRMED}
        assert phone.expires_at and abs(phone.expires_at - (now + timedelta(days=180))) < (
            timedelta(minutes=5)
        )
        assert url.expires_at and url.expires_at - now < timedelta(days=31)
        assert lookup(built.uow(), "138 0013 8000", now=now).known
        assert store_entries(built.uow(), now) == [("phone", "13800138000", "fraud")]
    finally:
        built.dispose()
