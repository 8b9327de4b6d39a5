"""Long-running work: the timer loop, the platform simulator, a simulated working day."""

from __future__ import annotations

import asyncio
import json
import shutil
import sys
import threading
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

if TYPE_CHECKING:
    from netpatrol.bootstrap import Container
    from netpatrol.sim.traffic import TrafficGenerator


from netpatrol import data
from netpatrol.cli.common import EXIT_REJECTED, app, container, err, fail, require_schema
from netpatrol.cli.inbox import inbox_step
from netpatrol.cli.retention import outcome_line

worker_app = typer.Typer(no_args_is_help=True, help="Workers (后台任务).")
app.add_typer(worker_app, name="worker")


ANALYSE_EVERY = 3600.0  # seconds between refreshes of the planner's statistics


@worker_app.command("timers")
def timers(
    once: Annotated[bool, typer.Option(help="handle what is due now, then stop")] = False,
    interval: Annotated[float, typer.Option(min=1.0, help="seconds between rounds")] = 30.0,
) -> None:
    """Handle what falls due: overdue takedown notices, breached service levels, approved
    publications whose time has come (on the public pages); with NETPATROL_PLATFORM_URL
    set, also deliver the outbox, follow warnings up, post publications to the accounts
    and read their reach, and pull the accounts' inbox."""
    from netpatrol.adapters.db.maintenance import analyse
    from netpatrol.adapters.db.partitions import ensure_months
    from netpatrol.services.agencies.delivery import deliver_referrals
    from netpatrol.services.assistance.timers import escalate_overdue
    from netpatrol.services.measures.delivery import deliver_outbox, follow_up_warnings
    from netpatrol.services.measures.timers import TIMER_ACTOR, run_due
    from netpatrol.services.oversight.checkpoints import checkpoint_due, write_checkpoint
    from netpatrol.services.publishing.release import publish_due, refresh_reach
    from netpatrol.services.retention.run import run_retention

    with container() as built:
        require_schema(built)
        connectors = built.connectors()
        analysed = time.monotonic()
        while True:
            if time.monotonic() - analysed >= ANALYSE_EVERY:
                with built.engine.begin() as conn:  # months made before rows need them
                    ensure_months(conn, built.clock())
                analyse(built.engine)
                analysed = time.monotonic()
            done = run_due(built.uow(), built.clock)
            flagged = escalate_overdue(built.uow(), built.clock)
            sent = deliver_outbox(built.uow(), connectors, built.clock)
            referred = deliver_referrals(built.uow(), built.agency_channels(), built.clock)
            checked = follow_up_warnings(built.uow(), connectors, built.clock)
            inbox = inbox_step(built, connectors)
            out = publish_due(built.uow(), connectors, built.clock, built.settings.public_url)
            out.reach_checked = refresh_reach(built.uow(), connectors, built.clock).reach_checked
            kept = run_retention(built.uow(), built.retention, built.clock, built.pseudonym_key())
            for line in (outcome_line(o, False) for o in kept if o.applied):
                err.print(f"timers: retention: {line}", highlight=False)
            every = timedelta(minutes=built.settings.checkpoint_minutes)
            if checkpoint_due(built.uow(), every, built.clock()):
                signed = write_checkpoint(built.uow(), built.audit_keys, TIMER_ACTOR, built.clock)
                err.print(f"timers: audit checkpoint signed at entry {signed.seq}")
            busy = done.total or flagged or sent.total or referred.total or checked.total
            if busy or out.total or inbox.stored or once:
                err.print(
                    f"timers: {done.takedowns_overdue} takedown notices overdue, "
                    f"{done.takedowns_escalated} escalated, "
                    f"{done.clues_breached} clues past their service level, "
                    f"{done.appeals_escalated} appeals past their deadline, "
                    f"{done.referrals_escalated} referrals unanswered past theirs; "
                    f"{flagged} assistance requests past their deadline; "
                    f"{referred.delivered} referral packages delivered, {referred.failed} failed; "
                    f"{sent.delivered} messages delivered, {sent.failed} failed; "
                    f"warnings {checked.heeded} heeded, {checked.escalated} escalated; "
                    f"{out.published} publications published, {out.posted} posted to accounts, "
                    f"{out.failed} failed, {out.reach_checked} reach figures read; "
                    f"{inbox.stored} inbox messages taken in"
                    + ("" if connectors else " (no NETPATROL_PLATFORM_URL: nothing sent)"),
                    highlight=False,
                )
            if once:
                return
            time.sleep(interval)


def _sample_posts() -> list[dict[str, Any]]:
    lines = data.path("samples/posts.jsonl").read_text(encoding="utf-8").splitlines()
    return [json.loads(line) for line in lines if line.strip()]


def _generator(posts: list[dict[str, Any]], illegal_share: float, seed: int) -> TrafficGenerator:
    from netpatrol.bootstrap import build_detection
    from netpatrol.sim.traffic import TrafficGenerator

    verdicts = build_detection().run([p["text"] for p in posts])
    return TrafficGenerator(
        [p for p, v in zip(posts, verdicts, strict=True) if not v.is_finding],
        [p for p, v in zip(posts, verdicts, strict=True) if v.is_finding],
        illegal_share,
        seed,
    )


@app.command()
def traffic(
    count: Annotated[int, typer.Argument(min=1, max=10_000_000, help="how many posts")],
    illegal_share: Annotated[float, typer.Option(min=0.0, max=1.0)] = 0.05,
    seed: Annotated[int, typer.Option(help="the same seed gives the same posts")] = 0,
    minutes: Annotated[float, typer.Option(min=0.0, help="spread over the last N minutes")] = 60,
) -> None:
    """Write the simulator's traffic as JSON Lines on stdout, for `netpatrol patrol -`."""
    generator = _generator(_sample_posts(), illegal_share, seed or int(time.time()))
    now = datetime.now(UTC)
    step = timedelta(minutes=minutes) / count
    for i in range(count):
        post = generator.next_post(now - step * (count - i))
        sys.stdout.write(json.dumps(post, ensure_ascii=False) + "\n")


@app.command()
def simulator(
    host: Annotated[str, typer.Option()] = "127.0.0.1",
    port: Annotated[int, typer.Option(min=1, max=65535)] = 8100,
    seed: Annotated[bool, typer.Option(help="seed with the bundled sample posts")] = True,
    push_to: Annotated[
        str | None,
        typer.Option(help="webhook to push new posts to, e.g. http://127.0.0.1:8000/api/v1/ingest"),
    ] = None,
    rate: Annotated[float, typer.Option(min=0.1, max=10_000)] = 10.0,
    illegal_share: Annotated[float, typer.Option(min=0.0, max=1.0)] = 0.05,
) -> None:
    """Serve the platform simulator (microblog, public account, forum) over HTTP; with
    --push-to, also emit new posts at --rate a second, signed with NETPATROL_INGEST_KEYS,
    and answer takedown notices, signed with the same keys, at the address each gives."""
    import uvicorn

    from netpatrol.config import SettingsError, load_settings
    from netpatrol.sim.app import create_simulator
    from netpatrol.sim.desk import TakedownDesk
    from netpatrol.sim.traffic import Pusher

    posts = _sample_posts()
    app_ = create_simulator(posts if seed else [])
    if push_to:
        try:
            secrets = load_settings().ingest_secrets()
        except SettingsError as exc:
            raise fail(str(exc)) from None
        if not secrets:
            raise fail("set NETPATROL_INGEST_KEYS (platform:secret,...) to sign the pushes", 2)
        generator = _generator(posts, illegal_share, seed=1)
        pusher = Pusher(push_to, secrets, generator, app_.state.platforms, rate)
        threading.Thread(target=pusher.run, daemon=True).start()
        desk = TakedownDesk(secrets)  # answers notices at the address each one gives
        for platform in app_.state.platforms.values():
            platform.reviews, platform.desk = True, desk

        def remove(platform: str, post_id: str) -> None:
            app_.state.platforms[platform].decide_takedown(post_id, True)

        stop = threading.Event()
        threading.Thread(target=desk.run, args=(remove, stop), daemon=True).start()
    uvicorn.run(app_, host=host, port=port, log_level="warning")


def rerun_folder(folder: Path) -> Path:
    """The demo's evidence folder under var/, emptied on each rerun, so reruns do not pile
    up folders in the system's temporary directory."""
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    return folder


@app.command("simulate-day")
def simulate_day_command(
    posts: Annotated[int, typer.Option(min=20, max=5000)] = 200,
    package: Annotated[Path | None, typer.Option(help="where to write the case's evidence")] = None,
) -> None:
    """Run a whole working day against the configured database (fills the console)."""
    from netpatrol.sim.day import simulate_day

    with container() as built:
        require_schema(built)
        target = package or rerun_folder(Path("var/evidence/simulated-day"))
        with err.status("simulating a working day"):
            day = simulate_day(
                built.uow,
                built.detection(),
                built.triage,
                built.catalogue,
                built.warning_templates,
                target,
                posts,
                keys=built.audit_keys,
                retention=built.retention,
                pseudonym_key=built.pseudonym_key(),
                measure_policy=built.measure_policy,
            )
    for line in day.log:
        typer.echo(line)
    typer.echo(f"evidence package: {target} ({'verified' if day.evidence_verified else 'BROKEN'})")
    typer.echo(
        f"audit chain: {day.audit_entries} entries, {'intact' if day.audit_intact else 'BROKEN'}"
    )
    if not (day.audit_intact and day.evidence_verified):
        raise typer.Exit(1)


@worker_app.command("pull")
def pull_command(
    term: Annotated[
        list[str] | None, typer.Option(help="watch terms; default: the lexicon's strongest")
    ] = None,
    once: Annotated[bool, typer.Option(help="one round, then stop")] = False,
    interval: Annotated[float, typer.Option(min=1.0)] = 60.0,
) -> None:
    """Search every platform for the watch terms and patrol what is new
    (needs NETPATROL_PLATFORM_URL)."""
    from netpatrol.services.patrol.pull import pull

    with container() as built:
        require_schema(built)
        connectors = built.connectors()
        if not connectors:
            raise fail(
                "set NETPATROL_PLATFORM_URL to the platforms' API (the simulator: "
                "http://127.0.0.1:8100)",
                2,
            )
        terms = term or watch_terms()
        while True:
            run = pull(built.uow, connectors, terms, built.detection(), built.triage, built.clock)
            err.print(
                f"pull: {len(run.result.stored)} new posts, {len(run.result.findings)} findings, "
                f"{len(run.rejected)} rejected, {len(run.unreachable)} platforms unreachable",
                highlight=False,
            )
            for line in run.rejected[:20] + run.unreachable:
                err.print(f"  {line}", highlight=False, markup=False)
            if once:
                return
            time.sleep(interval)


def watch_terms(limit: int = 100) -> list[str]:
    """The lexicon's strongest terms, to search the platforms with."""
    from netpatrol.bootstrap import lexicon_documents

    terms = [t for doc in lexicon_documents() for t in doc["terms"] if float(t["weight"]) >= 0.8]
    return [str(t["term"]) for t in terms][:limit]


def _nats_url(built: Container) -> str:
    if not built.settings.nats_url:
        raise fail("set NETPATROL_NATS_URL (e.g. nats://127.0.0.1:4222) to use the stream", 2)
    return built.settings.nats_url


@worker_app.command("stream")
def stream_worker(
    batch: Annotated[int, typer.Option(min=1, max=5000)] = 500,
    until_idle: Annotated[
        int | None, typer.Option(help="stop after this many empty pulls (default: never)")
    ] = None,
) -> None:
    """Patrol posts from the stream (NATS JetStream): run as many as the volume needs."""
    from netpatrol.adapters.stream.jetstream import JetStreamPosts
    from netpatrol.workers.stream import WorkerRun, consume

    with container() as built:
        require_schema(built)
        url, replicas = _nats_url(built), built.settings.nats_replicas

        async def work() -> WorkerRun:
            stream = await JetStreamPosts.connect(url, replicas=replicas)
            try:
                return await consume(
                    stream,
                    built.uow,
                    built.detection(),
                    built.triage,
                    built.clock,
                    batch,
                    1.0,
                    until_idle,
                )
            finally:
                await stream.close()

        run = asyncio.run(work())
    err.print(
        f"stream worker: {run.stored} stored, {run.duplicates} already seen, "
        f"{run.findings} findings, {run.dead} dead-lettered",
        highlight=False,
    )


@app.command()
def publish(file: Path) -> None:
    """Publish posts (JSON Lines) to the stream for the workers; bad lines are refused here."""
    from netpatrol.adapters.stream.jetstream import JetStreamPosts
    from netpatrol.services.patrol.post_input import Rejected, decode_json, read_jsonl

    if not file.is_file():
        raise fail(f"no such file: {file}", 2)
    with container() as built:
        url, replicas = _nats_url(built), built.settings.nats_replicas
    lines = file.read_bytes().split(
        b"\n"
    )  # each line decoded on its own: one bad byte loses one line
    good, rejected = [], []
    for number, item in read_jsonl(lines):
        if isinstance(item, Rejected):
            rejected.append(item)
        else:
            good.append(decode_json(lines[number - 1]))

    async def send() -> int:
        stream = await JetStreamPosts.connect(url, replicas=replicas)
        try:
            return await stream.publish(good)
        finally:
            await stream.close()

    sent = asyncio.run(send())
    typer.echo(f"{sent} posts published, {len(rejected)} lines rejected")
    for item in rejected[:50]:
        err.print(f"  line {item.line}: {item.reason}", highlight=False, markup=False)
    if rejected:
        raise typer.Exit(EXIT_REJECTED)
