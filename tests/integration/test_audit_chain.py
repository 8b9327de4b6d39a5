"""The audit chain under concurrent writers: no fork, nothing lost, verifiable after."""

from __future__ import annotations

import threading
from datetime import UTC, datetime

from sqlalchemy import func, select

from netpatrol.adapters.db.tables.core import AuditRow
from netpatrol.bootstrap import Container
from netpatrol.domain.audit import AuditEntry
from netpatrol.services.oversight.checkpoints import verify_chain

WRITERS, TRANSACTIONS, ENTRIES = 6, 15, 3


def test_concurrent_appends_form_one_chain(container: Container) -> None:
    errors: list[BaseException] = []

    def writer(number: int) -> None:
        try:
            for t in range(TRANSACTIONS):
                with container.uow() as uow:
                    for e in range(ENTRIES):
                        uow.audit.append(
                            AuditEntry(
                                f"writer-{number}",
                                "test.append",
                                "test",
                                f"{number}-{t}-{e}",
                                datetime.now(UTC),
                            )
                        )
                    uow.commit()
        except BaseException as exc:  # reported below, with the thread's name
            errors.append(exc)

    threads = [threading.Thread(target=writer, args=(n,)) for n in range(WRITERS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not errors, errors
    with container.engine.connect() as conn:
        appended = conn.scalar(
            select(func.count()).select_from(AuditRow).where(AuditRow.action == "test.append")
        )
    assert appended == WRITERS * TRANSACTIONS * ENTRIES
    report = verify_chain(container.uow(), container.audit_keys)
    assert report.intact and report.checked == appended + 1  # and the units.loaded entry
