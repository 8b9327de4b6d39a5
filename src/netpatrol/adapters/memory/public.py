"""Public reports and volunteers in memory (the twin of db/reports.py)."""

from __future__ import annotations

import copy
from datetime import datetime

from netpatrol.adapters.memory.store import Store
from netpatrol.domain.reports import Report, Volunteer


class MemoryReports:
    def __init__(self, store: Store) -> None:
        self.s = store

    def add(self, report: Report) -> Report:
        report.id = self.s.new_id()
        self.s.reports[report.id] = copy.deepcopy(report)
        return report

    def get(self, report_id: int) -> Report | None:
        return copy.deepcopy(self.s.reports.get(report_id))

    def by_receipt(self, receipt_sha256: str) -> Report | None:
        found = [r for r in self.s.reports.values() if r.receipt_sha256 == receipt_sha256]
        return copy.deepcopy(found[0]) if found else None

    def count_since(self, client_key: str, since: datetime) -> int:
        return sum(
            1
            for r in self.s.reports.values()
            if r.client_key == client_key and r.created_at >= since
        )

    def for_clue(self, clue_id: int) -> list[Report]:
        return copy.deepcopy([r for _, r in sorted(self.s.reports.items()) if r.clue_id == clue_id])

    def for_volunteer(self, volunteer_id: int) -> list[Report]:
        found = [r for _, r in sorted(self.s.reports.items()) if r.volunteer_id == volunteer_id]
        return copy.deepcopy(found[::-1])


class MemoryVolunteers:
    def __init__(self, store: Store) -> None:
        self.s = store

    def add(self, volunteer: Volunteer) -> Volunteer:
        volunteer.id = self.s.new_id()
        self.s.volunteers[volunteer.id] = copy.deepcopy(volunteer)
        return volunteer

    def get(self, volunteer_id: int) -> Volunteer | None:
        return copy.deepcopy(self.s.volunteers.get(volunteer_id))

    def by_key(self, key_sha256: str) -> Volunteer | None:
        found = [v for v in self.s.volunteers.values() if v.key_sha256 == key_sha256]
        return copy.deepcopy(found[0]) if found else None
