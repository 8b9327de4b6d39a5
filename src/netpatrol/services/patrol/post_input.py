"""Posts as they arrive (JSON objects), checked and turned into domain posts.

A file is read as bytes and decoded line by line, so one bad line (not UTF-8, JSON nested
thousands deep, a count past what the database holds, a date that leaves the calendar
when moved to UTC) is rejected with its line number and reason while the lines around it
are stored. Control characters (C0 other than tab, newline and carriage return, NUL among
them) and lone surrogates are taken out of free text (the post, author name and region,
unknown fields) and how many went from which field is kept in the post's extra field
`control_chars_removed`; in an identifier (post, author or parent id, links) they reject
the line, since an altered id would no longer name the platform's post.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from pydantic import AwareDatetime, BaseModel, ConfigDict, Field, ValidationError, field_validator

from netpatrol.domain.posts import Author, Platform, Post
from netpatrol.domain.text import clean_already, cleaned

MAX_COUNT = 2**31 - 1  # the database's INTEGER on PostgreSQL
MAX_DEPTH = 32  # nesting of arrays and objects in a post
MAX_LINE = 256 * 1024  # one post, as pushed
EARLIEST = datetime(1990, 1, 1, tzinfo=UTC)
LATEST = datetime(2100, 1, 1, tzinfo=UTC)
IDENTIFIERS = ("id", "parent_id", "links")


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
    def _in_utc(cls, value: datetime) -> datetime:
        try:
            utc = value.astimezone(UTC)
        except OverflowError:
            raise ValueError("the date lies outside the calendar once moved to UTC") from None
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


def _clean(value: Any, where: str, removed: dict[str, int], depth: int = 0) -> Any:
    """The value with control characters taken out of its strings, counted per field."""
    if depth > MAX_DEPTH:
        raise ValueError(f"{where}: nested deeper than {MAX_DEPTH} levels")
    if isinstance(value, str):
        if clean_already(value):  # nearly every string: no copy, no count
            return value
        kept, count = cleaned(value)
        if count:
            if where.split(".")[0] in IDENTIFIERS or where == "author.id":
                raise ValueError(f"{where}: control characters in an identifier")
            removed[where] = removed.get(where, 0) + count
        return kept
    if isinstance(value, list):
        return [_clean(v, where, removed, depth + 1) for v in value]
    if isinstance(value, dict):
        return {
            _clean(k, where, removed, depth): _clean(
                v, f"{where}.{k}" if where else str(k), removed, depth + 1
            )
            for k, v in value.items()
        }
    return value


def parse_post(data: object, clean: bool = True) -> Post:
    """A domain post from a decoded JSON value; raises ValueError with a readable reason.
    `clean=False` when the value's JSON was seen to hold nothing to clean (`_plain`)."""
    if not isinstance(data, dict):
        raise ValueError(f"expected a JSON object, got {type(data).__name__}")
    removed: dict[str, int] = {}
    if clean:
        data = _clean(data, "", removed)
    try:
        post = PostIn.model_validate(data).to_post()
    except ValidationError as exc:
        raise ValueError(explain(exc)) from None
    if removed:
        post.extra["control_chars_removed"] = removed
    return post


def _no_constant(name: str) -> None:
    raise ValueError(f"{name} is not a number JSON allows")


def decode_json(line: str | bytes) -> Any:
    """A JSON value from one line, or ValueError saying why not."""
    try:
        text = line.decode("utf-8") if isinstance(line, bytes) else line
    except UnicodeDecodeError as exc:
        raise ValueError(f"not UTF-8 text: byte {exc.start + 1} is {exc.reason}") from None
    try:
        return json.loads(text, parse_constant=_no_constant)
    except json.JSONDecodeError as exc:
        raise ValueError(f"malformed JSON: {exc.msg} at column {exc.colno}") from None
    except RecursionError:
        raise ValueError("malformed JSON: nested too deep") from None


def decode_line(raw: bytes) -> Any:
    """One pushed line as a JSON value; ValueError with the reason when it is not one."""
    if len(raw) > MAX_LINE:
        raise ValueError(f"the line is longer than {MAX_LINE // 1024} KB")
    return decode_json(raw)


def read_jsonl(lines: Iterable[str | bytes]) -> Iterator[tuple[int, Post | Rejected]]:
    """(line number, post or rejection) for each non-blank line, numbered from 1."""
    return read_numbered((n, line) for n, line in enumerate(lines, start=1) if line.strip())


def read_numbered(
    lines: Iterable[tuple[int, str | bytes]],
) -> Iterator[tuple[int, Post | Rejected]]:
    """(line number, post or rejection) for each (line number, JSON line) given."""
    for number, line in lines:
        try:
            yield number, parse_post(decode_json(line), clean=not _plain(line))
        except ValueError as exc:
            yield number, Rejected(number, str(exc))


def _plain(line: str | bytes) -> bool:
    """Whether a JSON line cannot decode to a control character, a lone surrogate or
    nesting deeper than MAX_DEPTH, so that `_clean` would find nothing: JSON writes those
    characters only as escapes (\\uXXXX, \\b, \\f; the decoder refuses them raw) and
    nests only with [ and {. Quick and conservative: any such escape, or more than
    MAX_DEPTH brackets anywhere, and the post is cleaned as before."""
    if isinstance(line, str):  # text may hold them raw, as bytes of JSON cannot
        if not clean_already(line) or "\\u" in line or "\\b" in line or "\\f" in line:
            return False
        return line.count("[") + line.count("{") <= MAX_DEPTH
    if b"\\u" in line or b"\\b" in line or b"\\f" in line:
        return False
    return line.count(b"[") + line.count(b"{") <= MAX_DEPTH


CSV_FIELDS = ("platform", "id", "author_id", "text", "created_at")
CSV_NUMBERS = ("reposts", "comments", "likes")


def _decoded(lines: Iterable[str | bytes], undecodable: list[int]) -> Iterator[str]:
    """Each line as text; one that is not UTF-8 becomes blank and its number is noted."""
    for number, line in enumerate(lines, start=1):
        if isinstance(line, str):
            yield line
            continue
        try:
            yield line.decode("utf-8")
        except UnicodeDecodeError:
            undecodable.append(number)
            yield "\n"


def read_csv(lines: Iterable[str | bytes]) -> Iterator[tuple[int, Post | Rejected]]:
    """CSV with a header row: platform, id, author_id, author_name, author_region, text,
    created_at, links (separated by spaces), reposts, comments, likes, parent_id; other
    columns are kept. Line numbers count the header as line 1."""
    undecodable: list[int] = []
    reader = csv.DictReader(_decoded(lines, undecodable))
    missing = [f for f in CSV_FIELDS if f not in (reader.fieldnames or [])]
    if missing:
        yield 1, Rejected(1, f"the header lacks the columns: {', '.join(missing)}")
        return
    for row in reader:
        number = reader.line_num
        while undecodable and undecodable[0] < number:
            bad = undecodable.pop(0)
            yield bad, Rejected(bad, "not UTF-8 text")
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
    for bad in undecodable:
        yield bad, Rejected(bad, "not UTF-8 text")
