"""Simulated inbox traffic: what netizens send the units' accounts on each platform:
private messages, comments on the accounts' posts and @mentions, in Chinese, as people
write them: tips, questions, thanks, abuse, now and then a threat or a scam, and answers
to the warnings the units sent them."""

from __future__ import annotations

import random
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from netpatrol.domain.inbox import MessageKind

# (intent, share, texts); {city} and {n} are filled in per message
INTENTS: tuple[tuple[str, float, tuple[str, ...]], ...] = (
    (
        "tip",
        0.22,
        (
            "举报：有人在{city}本地群里发刷单返利广告，说日结三百，让先垫付，群号{n}",
            "我在某平台看到有人卖银行卡和电话卡，收购价八百一套，账号是shou{n}，麻烦查一下",
            "有个网友冒充客服给我打电话说要注销校园贷，让我转账到安全账户，号码1{n}",
            "楼下小区有人建微信群推荐网络赌博，说稳赚不赔，已经有老人被骗了",
        ),
    ),
    (
        "question",
        0.25,
        (
            "请问被网络诈骗了应该去哪里报案？钱是昨天晚上转过去的",
            "网上买的东西一直不发货，卖家也联系不上了，这个归你们管吗？",
            "请问{city}办理网吧经营许可证需要去哪个部门？",
            "收到一个短信说我的快递丢了要理赔，链接能点吗？",
        ),
    ),
    (
        "thanks",
        0.25,
        (
            "感谢{city}网警！上次反映的诈骗网站已经打不开了，点赞",
            "谢谢你们发的防骗提醒，我妈差点就转账了，幸好看到了",
            "网警辛苦了，希望多发这样的案例科普",
        ),
    ),
    (
        "abuse",
        0.18,
        (
            "你们天天发这些有什么用，骗子还不是一样多，垃圾",
            "删我帖子算什么本事，有本事去抓真骗子啊，一群饭桶",
            "管得真宽，闲的没事干是吧",
        ),
    ),
    (
        "threat",
        0.05,
        (
            "再删我的帖，我就自制炸弹去你们派出所门口引爆",
            "你们再封我号，我就去买雷管炸药炸了你们大楼",
            "我有枪，出售仿真枪的事你们管不着，谁再来找我就崩了谁",
        ),
    ),
    (
        "scam",
        0.05,
        (
            "兼职刷单，日赚三百到五百，无需押金，加QQ {n} 详聊，名额有限",
            "高价回收银行卡、电话卡，一套一千，当天结算，加微信 kahao{n}",
        ),
    ),
)
WARNING_ANSWERS = (
    "收到，帖子已经删了，以后会注意的",
    "我只是转发的，不知道是假的，已经删除了",
    "凭什么说我违法？我说的都是真的，不删",
    "好的，已经修改了内容，请核实",
)
CITIES = ("深圳", "广州", "杭州", "南京", "武汉", "成都", "北京", "上海", "重庆", "西安")
KINDS = (MessageKind.PRIVATE, MessageKind.COMMENT, MessageKind.MENTION)


@dataclass
class InboxTraffic:
    """Messages to the given accounts ((platform, account) pairs), reproducibly."""

    accounts: Sequence[tuple[str, str]]
    seed: int = 3
    _rng: random.Random = field(init=False)
    _count: int = field(init=False, default=0)

    def __post_init__(self) -> None:
        if not self.accounts:
            raise ValueError("inbox traffic needs at least one account")
        self._rng = random.Random(self.seed)

    def next_message(self, at: datetime, intent: str = "") -> dict[str, Any]:
        rng = self._rng
        self._count += 1
        if not intent:
            intent = rng.choices([i for i, _, _ in INTENTS], [s for _, s, _ in INTENTS])[0]
        texts = next(t for i, _, t in INTENTS if i == intent)
        platform, account = rng.choice(self.accounts)
        kind = MessageKind.PRIVATE if intent in ("tip", "threat") else rng.choice(KINDS)
        netizen = rng.randrange(10_000_000)
        return {
            "platform": platform,
            "id": f"{platform}-in-{self.seed}-{self._count}",
            "kind": kind.value,
            "account": account,
            "sender": {"id": f"n{netizen}", "name": f"网友{netizen % 100000}"},
            "text": rng.choice(texts).format(
                city=rng.choice(CITIES), n=rng.randrange(10**8, 10**9)
            ),
            "created_at": (at + timedelta(seconds=self._count)).isoformat(),
        }

    def batch(self, count: int, at: datetime) -> list[dict[str, Any]]:
        return [self.next_message(at) for _ in range(count)]

    def warning_answer(self, sent: Mapping[str, str], at: datetime) -> dict[str, Any]:
        """The recipient of a warning's private message (`sent`: the platform's record
        of it) writes back to the account it came from."""
        self._count += 1
        return {
            "id": f"{sent['id']}-re-{self._count}",
            "kind": MessageKind.PRIVATE.value,
            "account": sent["sender"],
            "sender": {"id": sent["recipient"], "name": sent["recipient"]},
            "text": self._rng.choice(WARNING_ANSWERS),
            "created_at": (at + timedelta(seconds=self._count)).isoformat(),
            "in_reply_to": sent["id"],
        }
