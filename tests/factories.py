"""Test data: posts in the ingest format, generated reproducibly."""

from __future__ import annotations

import json
import random
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

BENIGN = [
    "今天{city}下雨了，出门记得带伞，地铁站人好多。",
    "周末和朋友去吃了{city}最有名的炸鸡，排队一个小时，味道还行。",
    "孩子的水枪玩具坏了，有没有推荐结实一点的？",
    "化学课讲了氢气在空气中的爆炸极限，老师做了演示实验，好精彩。",
    "{city}马拉松报名开始了，今年想挑战一下半马。",
    "新买的键盘到了，手感不错，打字声音有点大。",
    "楼下新开了一家面馆，牛肉面十八块一碗，分量很足。",
    "考研倒计时三十天，大家一起加油！",
]
ILLEGAL = [
    "高价回收银行卡，刷单返利日结，联系QQ {qq}",
    "网上赌场百家乐稳赚不赔，注册就送彩金，加微信 bet{n}",
    "冰毒出售，同城送货，懂的私聊",
    "出售仿真枪，气枪出售，包邮到家",
    "办证刻章，代办身份证，急件当天取",
    "紧急扩散！{city}有人抢孩子，大家速转！",
]
CITIES = ["深圳", "广州", "杭州", "南京", "武汉", "成都", "西安", "北京", "上海", "重庆"]
REGIONS = [
    "广东 深圳",
    "广东 广州",
    "浙江 杭州",
    "江苏 南京",
    "湖北 武汉",
    "四川 成都",
    "陕西 西安",
    "北京",
    "上海",
    "浙江 温州",
    "",
]
PLATFORMS = ["weibo", "wechat", "tieba"]


def make_post(i: int, rng: random.Random, illegal_share: float = 0.05) -> dict[str, Any]:
    template = rng.choice(ILLEGAL if rng.random() < illegal_share else BENIGN)
    base = datetime(2026, 11, 27, 8, 0, tzinfo=UTC)
    return {
        "platform": PLATFORMS[i % 3],
        "id": f"p-{i:06d}",
        "author": {
            "id": f"u{rng.randrange(100000)}",
            "name": f"网友{i}",
            "region": rng.choice(REGIONS),
        },
        "text": template.format(city=rng.choice(CITIES), qq=rng.randrange(10**8, 10**9), n=i),
        "created_at": (base + timedelta(seconds=i)).isoformat(),
        "links": [],
        "reposts": rng.randrange(50),
        "comments": rng.randrange(50),
        "likes": rng.randrange(200),
        "parent_id": None,
    }


def make_posts(count: int, seed: int = 7, illegal_share: float = 0.05) -> list[dict[str, Any]]:
    rng = random.Random(seed)
    return [make_post(i, rng, illegal_share) for i in range(count)]


def write_jsonl(path: Path, rows: list[Any]) -> Path:
    with path.open("w", encoding="utf-8") as out:
        for row in rows:
            out.write((row if isinstance(row, str) else json.dumps(row, ensure_ascii=False)) + "\n")
    return path


TEST_PASSWORD = "password-for-tests"


def bearer(
    container: Any, username: str, role: str = "national_desk", unit: str = "000000"
) -> dict[str, str]:
    """Authorization headers for a user (created on first use) with a fresh API token."""
    from netpatrol.domain.users import Role
    from netpatrol.services.accounts import users as accounts

    with container.uow() as uow:
        known = uow.users.by_username(username) is not None
    if not known:
        accounts.add_user(
            container.uow(),
            username=username,
            password=TEST_PASSWORD,
            role=Role(role),
            unit_code=unit,
            display_name=username,
            actor="test",
            clock=container.clock,
        )
    token = accounts.issue_api_token(container.uow(), username, "test", container.clock)
    return {"Authorization": f"Bearer {token}"}


def simulated_day(container: Any, folder: Path, posts: int = 200) -> Any:
    """A simulated working day on the container's database (evidence packages in folder)."""
    from netpatrol.sim.day import simulate_day

    return simulate_day(
        container.uow,
        container.detection(),
        container.triage,
        container.catalogue,
        container.warning_templates,
        folder,
        posts=posts,
        keys=container.audit_keys,
        retention=container.retention,
        pseudonym_key=container.pseudonym_key(),
        measure_policy=container.measure_policy,
    )


def form_token(client: Any) -> str:
    """The visitor's form token (web/csrf.py), as a browser would have it from any page."""
    if "np_form" not in client.cookies:
        client.get("/api/v1/health")
    return str(client.cookies["np_form"])
