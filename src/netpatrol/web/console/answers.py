"""Console: an officer answers the question a platform asked about a takedown notice."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Form
from fastapi.responses import Response

from netpatrol.domain.errors import DomainError
from netpatrol.domain.users import Permission
from netpatrol.services.accounts.users import authorize_measure
from netpatrol.services.measures import notices
from netpatrol.web.auth import PrincipalDep
from netpatrol.web.console.common import back, refused
from netpatrol.web.deps import ContainerDep, RowId
from netpatrol.web.i18n import gettext

router = APIRouter(include_in_schema=False)


@router.post("/measures/{measure_id}/platform-question", response_model=None)
def answer_platform_question(
    measure_id: RowId,
    container: ContainerDep,
    principal: PrincipalDep,
    text: Annotated[str, Form(max_length=2000)] = "",
) -> Response:
    authorize_measure(container.uow(), principal, measure_id, Permission.WORK)
    with container.uow() as uow:
        measure = uow.measures.get(measure_id)
    page = f"/console/clues/{measure.clue_id if measure else ''}"
    try:
        notices.answer_question(container.uow(), measure_id, principal.name, text, container.clock)
    except DomainError as exc:
        return refused(page, exc)
    return back(page, gettext("Your answer is on its way to the platform."))
