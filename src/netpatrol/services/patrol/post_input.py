"""Posts as they arrive (JSON objects), checked and turned into domain posts."""

from __future__ import annotations

import csv
import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from pydantic import AwareDatetime, BaseModel, ConfigDict, Field, ValidationError, field_validator

from netpatrol.domain.posts import Author, Platform, Post
from netpatrol.domain.text import cleaned, unstorable

MAX_COUNT = 2**31 - 1  # counts are 32-bit columns
MAX_DEPTH = 16  # nesting of a post, its unknown fields included
MAX_LINE = 256 * 1024  # one post, as pushed
EARLIEST = datetime(1990, 1, 1, tzinfo=UTC)
LATEST = datetime(2100, 1, 1, tzinfo=UTC)


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
    links: list[str] = Field(default_factory=list, max_length=1000)
    reposts: int = Field(default=0, ge=0, le=MAX_COUNT)
    comments: int = Field(default=0, ge=0, le=MAX_COUNT)
    likes: int = Field(default=0, ge=0, le=MAX_COUNT)
    parent_id: str | None = Field(default=None, max_length=128)

    @field_validator("created_at")
    @classmethod
    def _in_range(cls, value: datetime) -> datetime:
        try:
            utc = value.astimezone(UTC)
        except OverflowError:
            raise ValueError("the date is out of range") from None
        if not EARLIEST <= utc < LATEST:
            raise ValueError(f"the date is outside {EARLIEST.year} to {LATEST.year}")
        return utc

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
    """A domain post from a decoded JSON value; raises ValueError with a readable reason.
    Control characters a platform let through are taken out of its text, and how many
    were is kept with the post (`extra["removed_characters"]`); in ids and links they
    refuse the post, since a changed id would name another post."""
    if not isinstance(data, dict):
        raise ValueError(f"expected a JSON object, got {type(data).__name__}")
    if _depth(data) > MAX_DEPTH:
        raise ValueError(f"the post is nested deeper than {MAX_DEPTH}")
    for field in ("id", "parent_id", "links"):
        for text in _texts(data.get(field)):
            if reason := unstorable(text):
                raise ValueError(f"{field}: {reason}")
    scrubbed, removed = _scrub(data)
    try:
        post = PostIn.model_validate(scrubbed).to_post()
    except ValidationError as exc:
        raise ValueError(explain(exc)) from None
    if removed:
        post.extra["removed_characters"] = removed
    return post


def decode_line(raw: bytes) -> object:
    """One pushed line as a JSON value; ValueError with the reason when it is not one."""
    if len(raw) > MAX_LINE:
        raise ValueError(f"the line is longer than {MAX_LINE // 1024} KB")
    try:
        return json.loads(raw.decode("utf-8"), parse_constant=_no_constant)
    except UnicodeDecodeError as exc:
        raise ValueError(f"not UTF-8 at byte {exc.start}") from None
    except json.JSONDecodeError as exc:
        raise ValueError(f"malformed JSON: {exc.msg} at column {exc.colno}") from None
    except RecursionError:
        raise ValueError(f"the post is nested deeper than {MAX_DEPTH}") from None


def _no_constant(name: str) -> object:
    raise json.JSONDecodeError(f"{name} is not a number JSON allows", name, 0)


def _texts(value: object) -> list[str]:
    if isinstance(value, str):
        return [value]
    return [v for v in value if isinstance(v, str)] if isinstance(value, list) else []


def _depth(data: object) -> int:
    deepest, stack = 0, [(data, 1)]
    while stack:
        value, depth = stack.pop()
        deepest = max(deepest, depth)
        if deepest > MAX_DEPTH:
            break
        if isinstance(value, dict):
            stack.extend((v, depth + 1) for v in value.values())
        elif isinstance(value, list):
            stack.extend((v, depth + 1) for v in value)
    return deepest


def _scrub(value: Any) -> tuple[Any, int]:
    """The value with unstorable characters taken out of every string and key (depth is
    bounded before this runs)."""
    if isinstance(value, str):
        return cleaned(value)
    if isinstance(value, list):
        items = [_scrub(v) for v in value]
        return [v for v, _ in items], sum(n for _, n in items)
    if isinstance(value, dict):
        out: dict[str, Any] = {}
        total = 0
        for key, item in value.items():
            new_key, n = cleaned(key)
            out[new_key], m = _scrub(item)
            total += n + m
        return out, total
    return value, 0


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
