"""Public pages of what the units publish: /alerts (fraud alerts, typical cases, safety
tips) and /debunks, a page for each, and an Atom feed of each list."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Annotated
from xml.etree import ElementTree as ET

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse, Response

from netpatrol.domain.errors import NotFound
from netpatrol.services.measures.warnings import CHINA_TIME
from netpatrol.services.public import pages as public_pages
from netpatrol.services.publishing.publications import PUBLIC_KINDS
from netpatrol.services.publishing.release import page_path
from netpatrol.web.deps import ContainerDep, RowId
from netpatrol.web.i18n import N_, gettext
from netpatrol.web.labels import rumours as rumour_labels
from netpatrol.web.portal.common import render

router = APIRouter(include_in_schema=False)
PAGE = 20
FEED_ENTRIES = 50
ATOM = "http://www.w3.org/2005/Atom"
TITLES = {"alerts": N_("Alerts and typical cases"), "debunks": N_("Debunks")}


def _base(request: Request, container: ContainerDep) -> str:
    return (container.settings.public_url or str(request.base_url)).rstrip("/")


def _list(section: str, request: Request, container: ContainerDep, page: int) -> HTMLResponse:
    kinds = PUBLIC_KINDS[section]
    found = public_pages.listing(container.uow(), kinds, PAGE + 1, (page - 1) * PAGE)
    context = {
        "section": section,
        "heading": gettext(TITLES[section]),
        "items": found[:PAGE],
        "page": page,
        "more": len(found) > PAGE,
        "words": rumour_labels.ALL,
        "china": CHINA_TIME,
        "page_path": page_path,
    }
    return render(request, "publications_list.html", context)


def _item(
    section: str, publication_id: RowId, request: Request, container: ContainerDep
) -> HTMLResponse:
    try:
        shown = public_pages.item(
            container.uow(), publication_id, PUBLIC_KINDS[section], container.clock()
        )
    except NotFound:
        message = gettext("There is no such publication, or it was withdrawn.")
        return render(request, "error.html", {"message": message}, 404)
    context = {
        "section": section,
        "heading": gettext(TITLES[section]),
        "item": shown,
        "words": rumour_labels.ALL,
        "china": CHINA_TIME,
        "feed": f"/{section}.atom",
    }
    return render(request, "publication_page.html", context)


def _feed(section: str, request: Request, container: ContainerDep) -> Response:
    base = _base(request, container)
    found = public_pages.listing(container.uow(), PUBLIC_KINDS[section], FEED_ENTRIES)
    ET.register_namespace("", ATOM)
    feed = ET.Element(f"{{{ATOM}}}feed")
    ET.SubElement(feed, f"{{{ATOM}}}title").text = f"网警巡查执法 · {_ZH[section]}"
    ET.SubElement(feed, f"{{{ATOM}}}id").text = f"{base}/{section}"
    ET.SubElement(feed, f"{{{ATOM}}}link", rel="self", href=f"{base}/{section}.atom")
    ET.SubElement(feed, f"{{{ATOM}}}link", rel="alternate", href=f"{base}/{section}")
    newest = max(
        (i.publication.published_at for i in found if i.publication.published_at),
        default=datetime(2015, 1, 1, tzinfo=UTC),
    )
    ET.SubElement(feed, f"{{{ATOM}}}updated").text = newest.isoformat()
    for shown in found:
        p = shown.publication
        url = f"{base}{page_path(p)}"
        entry = ET.SubElement(feed, f"{{{ATOM}}}entry")
        ET.SubElement(entry, f"{{{ATOM}}}id").text = url
        ET.SubElement(entry, f"{{{ATOM}}}title").text = p.title
        ET.SubElement(entry, f"{{{ATOM}}}link", rel="alternate", href=url)
        stamp = (p.published_at or p.updated_at).isoformat()
        ET.SubElement(entry, f"{{{ATOM}}}published").text = stamp
        ET.SubElement(entry, f"{{{ATOM}}}updated").text = stamp
        author = ET.SubElement(entry, f"{{{ATOM}}}author")
        ET.SubElement(author, f"{{{ATOM}}}name").text = shown.unit.full_name or shown.unit.name
        ET.SubElement(entry, f"{{{ATOM}}}category", term=p.kind.value)
        ET.SubElement(entry, f"{{{ATOM}}}content", type="text").text = p.body
    body = ET.tostring(feed, encoding="unicode", xml_declaration=False)
    return Response(
        '<?xml version="1.0" encoding="utf-8"?>\n' + body,
        media_type="application/atom+xml; charset=utf-8",
    )


_ZH = {"alerts": "预警与典型案例", "debunks": "辟谣"}
Page = Annotated[int, Query(ge=1, le=10_000)]


@router.get("/alerts", response_class=HTMLResponse)
def alerts(request: Request, container: ContainerDep, page: Page = 1) -> HTMLResponse:
    return _list("alerts", request, container, page)


@router.get("/debunks", response_class=HTMLResponse)
def debunks(request: Request, container: ContainerDep, page: Page = 1) -> HTMLResponse:
    return _list("debunks", request, container, page)


@router.get("/alerts.atom")
def alerts_feed(request: Request, container: ContainerDep) -> Response:
    return _feed("alerts", request, container)


@router.get("/debunks.atom")
def debunks_feed(request: Request, container: ContainerDep) -> Response:
    return _feed("debunks", request, container)


@router.get("/alerts/{publication_id}", response_class=HTMLResponse)
def alert_page(publication_id: RowId, request: Request, container: ContainerDep) -> HTMLResponse:
    return _item("alerts", publication_id, request, container)


@router.get("/debunks/{publication_id}", response_class=HTMLResponse)
def debunk_page(publication_id: RowId, request: Request, container: ContainerDep) -> HTMLResponse:
    return _item("debunks", publication_id, request, container)
