"""Reading measures (处置记录的查阅): a warning's recipient and its text are personal data,
so every read of them is written to the audit log (M11)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from netpatrol.domain.measures import Measure
from netpatrol.domain.users import Visibility
from netpatrol.services.measures.graduated import list_measures
from netpatrol.services.oversight.audit import record
from netpatrol.services.ports import UnitOfWork


def read_measures(
    uow: UnitOfWork, reader: str, seen: Visibility | None, clock: Callable[[], datetime]
) -> list[Measure]:
    """The measures `reader` may see; those naming a recipient or carrying a text are
    listed in one `measure.read` audit entry."""
    found = list_measures(uow, seen)
    personal = [m.id for m in found if m.recipient or m.body]
    if personal:
        with uow:
            record(
                uow,
                actor=reader,
                action="measure.read",
                subject_type="measure",
                subject_id="list",
                at=clock(),
                after={"measures": personal},
                reason="recipient and warning text",
            )
            uow.commit()
    return found
