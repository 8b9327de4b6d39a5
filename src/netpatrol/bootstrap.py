"""The one wiring point: settings -> database, unit of work, detection engine, policy."""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session, sessionmaker

from netpatrol import data
from netpatrol.adapters.db.uow import SqlUnitOfWork
from netpatrol.config import Settings
from netpatrol.detect.base import DetectorRegistry
from netpatrol.detect.lexicon import LexiconDetector
from netpatrol.detect.pipeline import Engine as DetectionEngine
from netpatrol.detect.scoring import SeverityPolicy
from netpatrol.domain.legal import LegalBasis, LegalCatalogue
from netpatrol.domain.policy import SharingPolicy
from netpatrol.services.dispose import WarningTemplates


def utc_now() -> datetime:
    return datetime.now(UTC)


@dataclass
class Container:
    settings: Settings
    engine: Engine
    session_factory: sessionmaker[Session]
    detection: DetectionEngine
    sharing: SharingPolicy
    catalogue: LegalCatalogue
    warning_templates: WarningTemplates
    clock: Callable[[], datetime]

    def uow(self) -> SqlUnitOfWork:
        return SqlUnitOfWork(self.session_factory)

    def dispose(self) -> None:
        self.engine.dispose()


def build_database(url: str) -> Engine:
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        if parsed.database and parsed.database != ":memory:":
            Path(parsed.database).parent.mkdir(parents=True, exist_ok=True)
        engine = create_engine(url, connect_args={"timeout": 30})
        event.listen(engine, "connect", _sqlite_pragmas)
        return engine
    return create_engine(url, pool_pre_ping=True)


def _sqlite_pragmas(dbapi_connection: Any, _record: object) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA busy_timeout=30000")
    cursor.close()


def build_detection() -> DetectionEngine:
    registry = DetectorRegistry()
    registry.register(LexiconDetector(data.load_json("lexicon/starter.json")))
    return DetectionEngine(registry, SeverityPolicy.from_data(data.load_json("policy.json")))


def build_catalogue() -> LegalCatalogue:
    raw = data.load_json("legal_bases.json")["entries"]
    return LegalCatalogue(
        LegalBasis(
            code=e["code"],
            law=e["law"],
            article=e["article"],
            covers=e["covers"],
            categories=tuple(e.get("categories", ())),
        )
        for e in raw
    )


def bootstrap(settings: Settings, clock: Callable[[], datetime] = utc_now) -> Container:
    logging.basicConfig(level=settings.log_level)
    if settings.log_level != "DEBUG":
        logging.getLogger("alembic").setLevel(logging.WARNING)
    engine = build_database(settings.database_url)
    return Container(
        settings=settings,
        engine=engine,
        session_factory=sessionmaker(engine, expire_on_commit=False),
        detection=build_detection(),
        sharing=SharingPolicy.from_data(data.load_json("policy.json")),
        catalogue=build_catalogue(),
        warning_templates=WarningTemplates(data.read_text("templates/warning.zh.txt")),
        clock=clock,
    )
