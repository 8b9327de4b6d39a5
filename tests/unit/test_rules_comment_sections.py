"""Release 2027.1.11 (written here, not taken from the street set): a commenter who agrees
with a police video and then says 私我 or 找我 offers; someone who tells that a stranger
找我 to buy their card is a victim; an adult-college's own words do not cover a stand-in
taker for its exams; poppy pods sold by the jin are drugs."""

from __future__ import annotations

import pytest

from netpatrol.bootstrap import build_detection
from netpatrol.detect.pipeline import Engine
from netpatrol.domain.categories import Category


@pytest.fixture(scope="module")
def engine() -> Engine:
    return build_detection()


@pytest.mark.parametrize(
    ("text", "category"),
    [
        ("警察叔叔说得对，吸毒害人。另外有要叶子的私我，同城", Category.DRUGS),
        ("成人高考替考，专业枪手，包过不过全退", Category.FAKE_DOCUMENTS),
        ("出罂粟壳，炖肉提香，一斤起发", Category.DRUGS),
    ],
)
def test_offers(engine: Engine, text: str, category: Category) -> None:
    [verdict] = engine.run([text])
    assert verdict.is_finding, (verdict.category, verdict.scores)
    assert verdict.category in (category, Category.FRAUD)


@pytest.mark.parametrize(
    "text",
    [
        "有人找我收银行卡，说一张五百，我直接拒了，出借银行卡犯法",
        "成人高考报名开始了，正规院校函授，学信网可查，咨询招生办",
        "六合彩这东西害人不浅，我舅玩了半辈子，家里啥也没剩",
    ],
)
def test_lawful_posts(engine: Engine, text: str) -> None:
    [verdict] = engine.run([text])
    assert not verdict.is_finding, (verdict.category, verdict.evidence)
