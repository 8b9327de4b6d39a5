"""The simulator over HTTP (127.0.0.1:8100 by default): three platform flavours behind one
small API, the shape a real platform's open API has."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from fastapi import FastAPI, HTTPException, Request
from fastapi.responses import JSONResponse
from pydantic import BaseModel, Field

from netpatrol.services.ports import ConnectorError
from netpatrol.sim.platforms import PLATFORMS, SimulatedPlatform


class MessageIn(BaseModel):
    sender: str = Field(min_length=1)
    recipient: str = Field(min_length=1)
    text: str = Field(min_length=1)


class StatusIn(BaseModel):
    account: str = Field(min_length=1)
    text: str = Field(min_length=1)


class TakedownIn(BaseModel):
    post_id: str = Field(min_length=1)
    notice: str = Field(min_length=1)


def create_simulator(seed: list[dict[str, Any]] | None = None) -> FastAPI:
    platforms = {name: SimulatedPlatform(name) for name in PLATFORMS}
    for platform in platforms.values():
        platform.add_posts(seed or [])
    app = FastAPI(title="netpatrol platform simulator")
    app.state.platforms = platforms

    def get(name: str) -> SimulatedPlatform:
        if name not in platforms:
            raise HTTPException(404, f"no platform {name}")
        return platforms[name]

    @app.exception_handler(ConnectorError)
    async def refused(_request: Request, exc: ConnectorError) -> JSONResponse:
        return JSONResponse({"detail": str(exc)}, status_code=422)

    @app.get("/{name}/search")
    def search(name: str, q: str = "", since: datetime | None = None) -> list[dict[str, Any]]:
        terms = [t for t in q.split(",") if t]
        return get(name).fetch(terms, since)

    @app.post("/{name}/posts")
    def seed_posts(name: str, posts: list[dict[str, Any]]) -> dict[str, int]:
        return {"added": get(name).add_posts(posts)}

    @app.post("/{name}/messages")
    def message(name: str, body: MessageIn) -> dict[str, str]:
        return {"id": get(name).send_private_message(body.sender, body.recipient, body.text)}

    @app.post("/{name}/statuses")
    def publish(name: str, body: StatusIn) -> dict[str, str]:
        return {"id": get(name).publish(body.account, body.text)}

    @app.post("/{name}/takedowns")
    def takedown(name: str, body: TakedownIn) -> dict[str, str]:
        return {"ticket": get(name).request_takedown(body.post_id, body.notice)}

    @app.get("/{name}/posts/{post_id}")
    def status(name: str, post_id: str) -> dict[str, Any]:
        found = get(name).post_status(post_id)
        return {"exists": found.exists, "text": found.text}

    @app.get("/{name}/inbox")
    def inbox(name: str, since: datetime | None = None) -> list[dict[str, Any]]:
        return get(name).fetch_inbox(since)

    @app.post("/{name}/inbox")
    def write_to_account(name: str, messages: list[dict[str, Any]]) -> dict[str, int]:
        return {"added": get(name).send_to_account(messages)}

    @app.get("/{name}/accounts/{account}")
    def account(name: str, account: str) -> dict[str, int]:
        return get(name).account_stats(account)

    return app
