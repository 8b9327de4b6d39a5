"""Core commands: init, patrol, detect, audit, serve."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Annotated

import typer
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

from netpatrol import data
from netpatrol.adapters.db import migrate
from netpatrol.bootstrap import Container, build_detection
from netpatrol.cli.common import (
    CONFLICT_RETRIES,
    EXIT_REJECTED,
    app,
    container,
    err,
    fail,
    require_schema,
)
from netpatrol.config import DEV_SECRET_KEY, SettingsError, load_settings
from netpatrol.detect.pipeline import Engine as DetectionEngine
from netpatrol.domain.findings import Finding
from netpatrol.domain.posts import Post
from netpatrol.services.accounts.units import load_units, units_from_data
from netpatrol.services.oversight.audit import verify_chain
from netpatrol.services.patrol.batch import PatrolResult, patrol_batch
from netpatrol.services.patrol.post_input import Rejected, read_csv, read_jsonl
from netpatrol.services.ports import Conflict


@app.command()
def init() -> None:
    """Create or upgrade the schema (alembic upgrade head) and load the units. Idempotent."""
    with container() as built:
        before, after = migrate.upgrade(built.engine)
        units = units_from_data(data.load_json("units.json"))
        added, updated = load_units(built.uow(), units, "system:init", built.clock)
    shown = built.settings.database_url.split("@")[-1]
    typer.echo(f"schema {before or 'none'} -> {after} on {shown}")
    typer.echo(f"units: {added} added, {updated} updated, {len(units)} in the matrix")


def _progress() -> Progress:
    return Progress(
        TextColumn("[bold]巡查 patrol"),
        BarColumn(),
        MofNCompleteColumn(),
        TextColumn("{task.fields[found]} findings"),
        TimeRemainingColumn(),
        console=err,
        transient=False,
    )


def _run_batch(built: Container, batch: list[Post]) -> PatrolResult:
    for _ in range(CONFLICT_RETRIES):
        try:
            return patrol_batch(built.uow(), batch, built.detection(), built.triage, built.clock)
        except Conflict:
            for post in batch:
                post.id = None
    raise fail("another writer kept storing the same posts; try again")


@app.command()
def patrol(
    file: Annotated[
        Path | None, typer.Argument(help="JSON Lines of posts (or a .csv file); '-' for stdin")
    ] = None,
    sample: Annotated[bool, typer.Option(help="patrol the bundled sample posts")] = False,
    as_json: Annotated[bool, typer.Option("--json", help="one JSON object per finding")] = False,
    batch_size: Annotated[int, typer.Option(min=1, max=10_000)] = 500,
) -> None:
    """Ingest posts, detect, store findings and clues. Exit 3 if some lines were rejected."""
    if sample == (file is not None):
        raise fail("give either a FILE or --sample", 2)
    path = data.path("samples/posts.jsonl") if sample else file
    assert path is not None
    if str(path) != "-" and not path.is_file():
        raise fail(f"no such file: {path}", 2)
    with container() as built:
        require_schema(built)
        total, rejected, result = _patrol_file(built, path, as_json, batch_size)
    err.print(
        f"{total} lines: {len(result.stored)} posts stored, {len(result.duplicates)} already "
        f"seen, {len(rejected)} rejected; {len(result.findings)} findings, "
        f"{len(result.clues)} new clues, {result.merged} merged into open clues",
        highlight=False,
    )
    for item in rejected[:50]:
        err.print(f"  line {item.line}: {item.reason}", highlight=False, markup=False)
    if len(rejected) > 50:
        err.print(f"  … and {len(rejected) - 50} more rejected lines")
    if rejected:
        raise typer.Exit(EXIT_REJECTED)


def _patrol_file(
    built: Container, path: Path, as_json: bool, batch_size: int
) -> tuple[int, list[Rejected], PatrolResult]:
    stdin = str(path) == "-"
    # JSON Lines end at "\n" only: a U+2028 inside a string is text, not a line break
    raw = sys.stdin.read() if stdin else path.read_text(encoding="utf-8")
    lines = raw.split("\n")
    if lines and not lines[-1]:
        lines.pop()
    rejected: list[Rejected] = []
    total = PatrolResult()
    batch: list[Post] = []
    with _progress() as progress:
        task = progress.add_task("patrol", total=len(lines), found=0)

        def flush() -> None:
            result = _run_batch(built, batch)
            total.merge(result)
            progress.update(task, found=len(total.findings))
            if as_json:
                for post, finding in result.findings:
                    typer.echo(json.dumps(_finding_json(post, finding), ensure_ascii=False))
            batch.clear()

        rows = read_csv(lines) if path.suffix.lower() == ".csv" else read_jsonl(lines)
        for number, item in rows:
            if isinstance(item, Rejected):
                rejected.append(item)
            else:
                batch.append(item)
            if len(batch) >= batch_size:
                flush()
            progress.update(task, completed=number)
        if batch:
            flush()
        progress.update(task, completed=len(lines))
    return len(lines), rejected, total


def _finding_json(post: Post, finding: Finding) -> dict[str, object]:
    return {
        "post_id": post.external_id,
        "platform": post.platform.value,
        "category": finding.category.value,
        "score": finding.score,
        "severity": finding.severity.value,
        "evidence": [e.as_dict() for e in finding.evidence],
    }


DETECT_BATCH = 1000


def _print_detections(engine: DetectionEngine, posts: list[Post]) -> None:
    for post, verdict in zip(posts, engine.run([p.text for p in posts]), strict=True):
        out = {
            "id": post.external_id,
            "platform": post.platform.value,
            "category": verdict.category.value,
            "scores": verdict.scores,
            "severity": verdict.severity.value if verdict.severity else None,
            "evidence": [
                {"start": s.start, "end": s.end, "text": s.text, "detector": s.detector}
                | ({"rule": s.ref} if s.ref else {})
                for s in verdict.evidence
            ],
            "context": verdict.context,
            "indicators": [
                {"kind": i.kind.value, "value": i.value, "start": i.start, "end": i.end}
                for i in verdict.indicators
            ],
        }
        typer.echo(json.dumps(out, ensure_ascii=False))


@app.command()
def detect() -> None:
    """The pure pipeline: JSON Lines of posts on stdin, one detection a line on stdout."""
    engine = build_detection()
    posts: list[Post] = []
    rejected = 0
    for number, item in read_jsonl(sys.stdin):
        if isinstance(item, Rejected):
            rejected += 1
            err.print(f"line {number}: {item.reason}", highlight=False, markup=False)
            continue
        posts.append(item)
        if len(posts) == DETECT_BATCH:
            _print_detections(engine, posts)
            posts.clear()
    _print_detections(engine, posts)
    if rejected:
        raise typer.Exit(EXIT_REJECTED)


audit_app = typer.Typer(no_args_is_help=True, help="The hash-chained audit log (审计).")
app.add_typer(audit_app, name="audit")


@audit_app.command("verify")
def audit_verify() -> None:
    """Check every entry's hash and link; exit 1 naming the first broken entry."""
    with container() as built:
        require_schema(built)
        checked, broken = verify_chain(built.uow())
    if broken is not None:
        raise fail(
            f"audit chain broken at entry {broken.seq} ({broken.action} on "
            f"{broken.subject_type} {broken.subject_id}); {checked} entries before it are intact"
        )
    typer.echo(f"audit chain intact: {checked} entries")


LOOPBACK = ("127.0.0.1", "localhost", "::1")


@app.command()
def serve(
    host: Annotated[str | None, typer.Option(help="default NETPATROL_HOST")] = None,
    port: Annotated[int | None, typer.Option(help="default NETPATROL_PORT")] = None,
) -> None:
    """Serve the web app: API under /api/v1, console under /console."""
    import uvicorn

    from netpatrol.web.app import create_app

    try:
        settings = load_settings()
    except SettingsError as exc:
        raise fail(str(exc)) from None
    bound = host or settings.host
    if settings.secret_key == DEV_SECRET_KEY and bound not in LOOPBACK:
        # reporters' contacts are sealed under a key derived from it
        raise fail(f"set NETPATROL_SECRET_KEY before serving on {bound}: the default is public")
    uvicorn.run(
        create_app(settings),
        host=bound,
        port=port or settings.port,
        log_level=settings.log_level.lower(),
        # X-Forwarded-For is read by the app, from NETPATROL_TRUSTED_PROXIES only
        proxy_headers=False,
    )
