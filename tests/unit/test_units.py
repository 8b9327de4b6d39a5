import pytest

from netpatrol import data
from netpatrol.domain.units import Jurisdictions, UnitLevel
from netpatrol.services.accounts.units import units_from_data

FIRST_PROVINCES = "北京 天津 河北 内蒙古 辽宁 上海 江苏 湖北 广东 广西 重庆 西藏 新疆".split()
FIRST_CITIES = (
    "唐山 秦皇岛 邯郸 太原 沈阳 大连 鞍山 抚顺 哈尔滨 大庆 南京 徐州 南通 杭州 宁波 合肥 厦门 "
    "福州 泉州 南昌 济南 青岛 淄博 潍坊 郑州 武汉 十堰 宜昌 广州 深圳 南宁 柳州 桂林 北海 成都 "
    "毕节 西安"
).split()


@pytest.fixture(scope="module")
def matrix() -> Jurisdictions:
    return Jurisdictions(units_from_data(data.load_json("units.json")))


def test_the_first_fifty_are_the_seed_list() -> None:
    units = units_from_data(data.load_json("units.json"))
    first = [u for u in units if u.among_first_50]
    assert len(first) == 50
    assert sorted(u.name for u in first if u.level is UnitLevel.PROVINCE) == sorted(FIRST_PROVINCES)
    assert sorted(u.name for u in first if u.level is UnitLevel.CITY) == sorted(FIRST_CITIES)
    assert all(set(u.channel_accounts) == {"weibo", "wechat", "tieba"} for u in first)


def test_every_city_sits_under_its_province_and_every_province_under_the_nation() -> None:
    units = {u.code: u for u in units_from_data(data.load_json("units.json"))}
    for unit in units.values():
        if unit.level is UnitLevel.CITY:
            parent = units[unit.parent_code or ""]
            assert parent.level is UnitLevel.PROVINCE
            assert unit.code[:2] == parent.code[:2], unit.name
        elif unit.level is UnitLevel.PROVINCE:
            assert units[unit.parent_code or ""].level is UnitLevel.NATIONAL
    added = {
        u.name for u in units.values() if u.level is UnitLevel.PROVINCE and not u.among_first_50
    }
    assert added == {
        "山西",
        "黑龙江",
        "浙江",
        "安徽",
        "福建",
        "江西",
        "山东",
        "河南",
        "四川",
        "贵州",
        "陕西",
    }


@pytest.mark.parametrize(
    ("region", "unit"),
    [
        ("广东 深圳", "深圳"),
        ("广东省深圳市", "深圳"),
        ("广东 东莞", "广东"),
        ("广西壮族自治区 桂林市", "桂林"),
        ("北京", "北京"),
        ("浙江 杭州", "杭州"),
        ("浙江 温州", "全国"),  # 浙江 is not among the first 50: the national desk takes it
        ("", "全国"),
        ("海外", "全国"),
    ],
)
def test_routing_picks_the_most_specific_active_unit(
    matrix: Jurisdictions, region: str, unit: str
) -> None:
    assert matrix.route(region).name == unit


def test_a_matrix_needs_one_national_unit() -> None:
    units = [u for u in units_from_data(data.load_json("units.json")) if u.level != "national"]
    with pytest.raises(ValueError, match="national"):
        Jurisdictions(units)
