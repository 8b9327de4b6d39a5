"""What a member of the public sends in a report, and the check that refuses it with every
reason at once, in English and in Chinese."""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import urlsplit

from netpatrol.domain.categories import BENIGN, Category
from netpatrol.domain.errors import RuleViolation
from netpatrol.domain.reports import MAX_CONTACT, MAX_LINK, MAX_SCREENSHOT, MAX_TEXT, image_type
from netpatrol.domain.text import unstorable


@dataclass(frozen=True)
class Submission:
    category: str
    text: str = ""
    link: str = ""
    contact: str = ""
    region: str = ""
    screenshot: bytes | None = None
    client: str = ""
    volunteer_key: str = ""


def with_scheme(link: str) -> str:
    """A link as people copy it from an app (`t.cn/xxx`, `weibo.com/u/1`) is a web address."""
    bare = link and "://" not in link and re.match(r"[\w-]+(\.[\w-]+)+(/|$)", link)
    return f"https://{link}" if bare else link


def check(sub: Submission) -> tuple[Category, str, str, str]:
    """The submission's category, text, link and screenshot type, or every reason it is
    refused, in one message (in English and in Chinese)."""
    reasons: list[tuple[str, str]] = []
    try:
        category = Category(sub.category)
        if category in BENIGN:
            reasons.append(
                (f"category {sub.category} is not something to report", "该类别无需举报")
            )
    except ValueError:
        category = Category.FRAUD
        reasons.append((f"unknown category {sub.category!r}", "请从列表中选择举报类别"))
    text, link = sub.text.strip(), with_scheme(sub.link.strip())
    if not text and not link:
        reasons.append(
            ("give the text you saw, a link to it, or both", "请填写看到的内容或其链接（或两者）")
        )
    if len(text) > MAX_TEXT:
        reasons.append(
            (f"the text is longer than {MAX_TEXT} characters", f"内容超过 {MAX_TEXT} 字")
        )
    if link:
        parts = urlsplit(link)
        if parts.scheme not in ("http", "https") or not parts.netloc or len(link) > MAX_LINK:
            reasons.append(
                (
                    f"the link must be an http(s) address of at most {MAX_LINK} characters",
                    f"链接须为不超过 {MAX_LINK} 个字符的网址",
                )
            )
    if len(sub.contact) > MAX_CONTACT:
        reasons.append(
            (
                f"the contact is longer than {MAX_CONTACT} characters",
                f"联系方式超过 {MAX_CONTACT} 个字符",
            )
        )
    for name in ("text", "link", "contact", "region", "category"):
        if problem := unstorable(getattr(sub, name)):  # multipart forms pass no middleware
            reasons.append((f"{name}: {problem}", "填写的内容含有不可保存的控制字符"))
    kind = ""
    if sub.screenshot is not None:
        if len(sub.screenshot) > MAX_SCREENSHOT:
            megabytes = MAX_SCREENSHOT // 1024 // 1024
            reasons.append(
                (f"the screenshot is larger than {megabytes} MB", f"截图超过 {megabytes} MB")
            )
        kind = image_type(sub.screenshot) or ""
        if not kind:
            reasons.append(
                (
                    "the screenshot must be a PNG, JPEG, GIF or WebP image",
                    "截图须为 PNG、JPEG、GIF 或 WebP 图片",
                )
            )
    if reasons:
        raise RuleViolation(
            "; ".join(en for en, _ in reasons), zh="；".join(zh for _, zh in reasons)
        )
    return category, text, link, kind
