"""A takedown reaches a person too: the author of the removed post is told why, in
Chinese, from the unit's account, with a link to appeal."""

from __future__ import annotations

import secrets
from collections.abc import Sequence
from datetime import datetime

from netpatrol.domain.categories import CATEGORY_NAMES_ZH
from netpatrol.domain.clues import Clue
from netpatrol.domain.legal import LegalBasis
from netpatrol.domain.posts import PLATFORM_NAMES_ZH, Post
from netpatrol.domain.units import Unit
from netpatrol.services.measures.ports import OutgoingMessage
from netpatrol.services.measures.warnings import CHINA_TIME, token_digest
from netpatrol.services.ports import UnitOfWork


def cited_in_words(bases: Sequence[LegalBasis]) -> str:
    """The legal bases as a citizen reads them: law, article and what it covers, in Chinese."""
    return "、".join(
        f"《{b.law}》{b.article}" + (f"（{b.covers_zh}）" if b.covers_zh else "") for b in bases
    )


def notify_author(
    uow: UnitOfWork,
    unit: Unit,
    post: Post,
    clue: Clue,
    bases: Sequence[LegalBasis],
    now: datetime,
    reply_base: str,
) -> str:
    """Queue the private message to the author; the digest of its reply token, or "" when
    the unit has no account on the platform to write from."""
    sender = unit.channel_accounts.get(post.platform.value)
    if not sender:
        return ""
    token = secrets.token_urlsafe(18)
    link = f"{reply_base.rstrip('/')}/r/{token}" if reply_base else f"/r/{token}"
    posted = post.created_at.astimezone(CHINA_TIME).strftime("%Y年%m月%d日%H:%M")
    text = (
        f"{post.author.name}，您好：\n\n这里是{unit.name}网警巡查执法。您于{posted}在"
        f"{PLATFORM_NAMES_ZH[post.platform]}发布的内容（编号 {post.external_id}）涉嫌"
        f"{CATEGORY_NAMES_ZH[clue.category]}，依据{cited_in_words(bases)}，"
        f"我们已通知平台删除。\n\n如对此有异议，可通过以下链接申诉：{link}\n\n"
        f"{unit.name}网警巡查执法\n"
    )
    uow.outbox.add(
        OutgoingMessage("private_message", post.platform.value, sender, post.author.id, text, now)
    )
    return token_digest(token)
