"""Spread clusters and publications from the command line: list, export, publish what is
due."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer

from netpatrol.cli.common import app, container, fail, require_schema
from netpatrol.domain.errors import NotFound
from netpatrol.domain.publications import PublicationKind
from netpatrol.domain.spread import ClusterStatus

cluster_app = typer.Typer(no_args_is_help=True, help="Spread clusters of rumours (传播簇).")
publication_app = typer.Typer(no_args_is_help=True, help="Publications (发布).")
app.add_typer(cluster_app, name="clusters")
app.add_typer(publication_app, name="publications")


@cluster_app.command("list")
def list_clusters(
    status: Annotated[
        str | None, typer.Option(help="watching, checking, checked, debunked")
    ] = None,
    limit: Annotated[int, typer.Option(min=1, max=200)] = 50,
    as_json: Annotated[bool, typer.Option("--json", help="one JSON object a line")] = False,
) -> None:
    """Clusters, fastest growing first: posts, new variants, reach, growth, status."""
    from netpatrol.services.rumours import clusters

    try:
        chosen = [ClusterStatus(status)] if status else None
    except ValueError:
        raise fail(f"unknown status {status!r}", 2) from None
    with container() as built:
        require_schema(built)
        found = clusters.listing(built.uow(), None, chosen, limit)
    for c, unit in found:
        if as_json:
            row = {
                "id": c.id,
                "unit": unit.code,
                "status": c.status.value,
                "verdict": c.verdict,
                "posts": c.posts,
                "variants": c.variants,
                "copies": c.copies,
                "reach": c.reach,
                "growth": c.growth,
                "claim": c.claim,
            }
            typer.echo(json.dumps(row, ensure_ascii=False))
        else:
            typer.echo(
                f"{c.id}\t{unit.name}\t{c.status.value}\t{c.posts} posts\t{c.variants} variants"
                f"\treach {c.reach}\tgrowth {c.growth}/h\t{c.claim[:40]}"
            )


@cluster_app.command("export")
def export_cluster(
    cluster_id: int,
    format: Annotated[
        str, typer.Option(help="csv (the hourly series) or json (everything)")
    ] = "json",
    out: Annotated[Path | None, typer.Option(help="write to this file instead of stdout")] = None,
) -> None:
    """A cluster's hourly series, its debunks and the effect before and after."""
    from netpatrol.services.rumours import clusters

    if format not in ("csv", "json"):
        raise fail("--format is csv or json", 2)
    with container() as built:
        require_schema(built)
        try:
            view = clusters.detail(built.uow(), cluster_id, built.clock())
        except NotFound as exc:
            raise fail(str(exc)) from None
    text = (
        clusters.export_csv(view)
        if format == "csv"
        else json.dumps(clusters.export_json(view), ensure_ascii=False, indent=2) + "\n"
    )
    if out is None:
        typer.echo(text, nl=False)
    else:
        out.write_text(text, encoding="utf-8")
        typer.echo(f"wrote {out}")


@publication_app.command("list")
def list_publications(
    kind: Annotated[str | None, typer.Option(help="fraud_alert, case_bulletin, ...")] = None,
    limit: Annotated[int, typer.Option(min=1, max=500)] = 50,
) -> None:
    """Published publications, newest first, with the accounts they went out on."""
    from netpatrol.services.publishing import publications

    try:
        kinds = [PublicationKind(kind)] if kind else None
    except ValueError:
        raise fail(f"unknown kind {kind!r}", 2) from None
    with container() as built:
        require_schema(built)
        found = publications.published(built.uow(), kinds, limit)
    for p in found:
        posted = sum(1 for t in p.targets if t.external_id)
        when = p.published_at.isoformat() if p.published_at else ""
        typer.echo(
            f"{p.id}\t{p.kind.value}\t{when}\t{posted}/{len(p.targets)} accounts"
            f"\treach {p.reach}\t{p.title}"
        )


@publication_app.command("publish-due")
def publish_due() -> None:
    """Publish what is approved and due, and post it from the chosen accounts (with
    NETPATROL_PLATFORM_URL; `netpatrol worker timers` does this every round)."""
    from netpatrol.services.publishing import release as publishing

    with container() as built:
        require_schema(built)
        connectors = built.connectors()
        done = publishing.publish_due(
            built.uow(), connectors, built.clock, built.settings.public_url
        )
        checked = publishing.refresh_reach(built.uow(), connectors, built.clock)
    typer.echo(
        f"{done.published} published, {done.posted} posts on accounts, {done.failed} failed, "
        f"{checked.reach_checked} reach figures read"
        + ("" if connectors else " (no NETPATROL_PLATFORM_URL: nothing posted)")
    )
