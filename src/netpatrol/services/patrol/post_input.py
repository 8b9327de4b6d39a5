"""Posts as they arrive (JSON objects), checked and turned into domain posts."""

from __future__ import annotations

import csv
import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from pydantic import AwareDatetime, BaseModel, ConfigDict, Field, ValidationError

from netpatrol.domain.posts import Author, Platform, Post


class AuthorIn(BaseModel):
    model_config = ConfigDict(extra="allow")
    id: str = Field(min_length=1, max_length=128)
    name: str = Field(default="", max_length=128)
    region: str = Field(default="", max_length=64)


class PostIn(BaseModel):
    """One post in the ingest format; unknown fields are kept in `extra`, not refused."""

    model_config = ConfigDict(extra="allow")
    platform: Platform
    id: str = Field(min_length=1, max_length=128)
    author: AuthorIn
    text: str = Field(min_length=1, max_length=100_000)
    created_at: AwareDatetime
    links: list[str] = Field(default_factory=list)
    reposts: int = Field(default=0, ge=0)
    comments: int = Field(default=0, ge=0)
    likes: int = Field(default=0, ge=0)
    parent_id: str | None = None

    def to_post(self) -> Post:
        extra: dict[str, Any] = dict(self.model_extra or {})
        if self.author.model_extra:
            extra["author"] = dict(self.author.model_extra)
        return Post(
            platform=self.platform,
            external_id=self.id,
            author=Author(self.author.id, self.author.name or self.author.id, self.author.region),
            text=self.text,
            created_at=self.created_at,
            links=list(self.links),
            reposts=self.reposts,
            comments=self.comments,
            likes=self.likes,
            parent_external_id=self.parent_id,
            extra=extra,
        )


@dataclass(frozen=True)
class Rejected:
    line: int
    reason: str


def explain(error: ValidationError) -> str:
    parts = []
    for item in error.errors():
        where = ".".join(str(p) for p in item["loc"]) or "post"
        parts.append(f"{where}: {item['msg']}")
    return "; ".join(parts)


def parse_post(data: object) -> Post:
    """A domain post from a decoded JSON value; raises ValueError with a readable reason."""
    if not isinstance(data, dict):
        raise ValueError(f"expected a JSON object, got {type(data).__name__}")
    try:
        return PostIn.model_validate(data).to_post()
    except ValidationError as exc:
        raise ValueError(explain(exc)) from None


def read_jsonl(lines: Iterable[str]) -> Iterator[tuple[int, Post | Rejected]]:
    """(line number, post or rejection) for each non-blank line, numbered from 1."""
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        try:
            data = json.loads(line)
        except json.JSONDecodeError as exc:
            yield number, Rejected(number, f"malformed JSON: {exc.msg} at column {exc.colno}")
            continue
        try:
            yield number, parse_post(data)
        except ValueError as exc:
            yield number, Rejected(number, str(exc))


CSV_FIELDS = ("platform", "id", "author_id", "text", "created_at")
CSV_NUMBERS = ("reposts", "comments", "likes")


def read_csv(lines: Iterable[str]) -> Iterator[tuple[int, Post | Rejected]]:
    """CSV with a header row: platform, id, author_id, author_name, author_region, text,
    created_at, links (separated by spaces), reposts, comments, likes, parent_id; other
    columns are kept. Line numbers count the header as line 1."""
    reader = csv.DictReader(lines)
    missing = [f for f in CSV_FIELDS if f not in (reader.fieldnames or [])]
    if missing:
        yield 1, Rejected(1, f"the header lacks the columns: {', '.join(missing)}")
        return
    for row in reader:
        number = reader.line_num
        known = {
            "platform",
            "id",
            "author_id",
            "author_name",
            "author_region",
            "text",
            "created_at",
            "links",
            "parent_id",
            *CSV_NUMBERS,
        }
        try:
            counts = {k: int(row[k]) for k in CSV_NUMBERS if row.get(k)}
        except ValueError as exc:
            yield number, Rejected(number, f"a count is not a whole number: {exc}")
            continue
        data: dict[str, Any] = {
            "platform": row["platform"],
            "id": row["id"],
            "author": {
                "id": row["author_id"],
                "name": row.get("author_name") or "",
                "region": row.get("author_region") or "",
            },
            "text": row["text"],
            "created_at": row["created_at"],
            "links": (row.get("links") or "").split(),
            "parent_id": row.get("parent_id") or None,
            **counts,
            **{k: v for k, v in row.items() if k not in known and k is not None},
        }
        try:
            yield number, parse_post(data)
        except ValueError as exc:
            yield number, Rejected(number, str(exc))
