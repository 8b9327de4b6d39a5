"""Storage of assistance requests and their threads."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import datetime
from typing import Protocol

from netpatrol.domain.assistance import AssistanceAnswer, AssistanceRequest


class AssistanceRepository(Protocol):
    def add(self, request: AssistanceRequest) -> None: ...
    def get(self, request_id: int) -> AssistanceRequest | None: ...
    def update(self, request: AssistanceRequest) -> None: ...
    def involving(self, unit_ids: Iterable[int] | None, limit: int) -> list[AssistanceRequest]:
        """Requests to or from these units (None: every unit), newest first."""
        ...

    def for_clue(self, clue_id: int) -> list[AssistanceRequest]: ...
    def overdue(self, now: datetime, limit: int) -> list[AssistanceRequest]:
        """Live requests past their deadline and not yet escalated, oldest deadline first."""
        ...

    def since(self, start: datetime, unit_ids: Sequence[int] | None) -> list[AssistanceRequest]:
        """Requests made from `start` on, to these units (None: every unit)."""
        ...

    def add_answer(self, answer: AssistanceAnswer) -> AssistanceAnswer: ...
    def answers(self, request_id: int) -> list[AssistanceAnswer]:
        """The thread, oldest first."""
        ...
