from netpatrol.detect.evaluation import report, score
from netpatrol.detect.evasion import chinese_digits, evade_all, full_width, traditional
from netpatrol.detect.neardup import NearDuplicateIndex
from netpatrol.domain.categories import Category

RUMOUR = "紧急扩散北沙滩有两岁男孩被抢走了家长们一定要看好自己的孩子千万不要让孩子单独出门"


def test_variants_of_a_known_rumour_are_found_and_other_posts_are_not() -> None:
    index = NearDuplicateIndex()
    assert index.add("rumour:1", RUMOUR, Category.RUMOUR)
    assert not index.add("rumour:1", RUMOUR, Category.RUMOUR)
    variant = RUMOUR.replace("北沙滩", "望京").replace("千万", "绝对")
    unrelated = "今天去北沙滩附近的公园散步看到很多家长带着孩子放风筝天气真好"
    found, unmatched, short = index.nearest([variant, unrelated, "紧急扩散"])
    assert found is not None and found[0].key == "rumour:1" and found[1] >= 0.5
    assert unmatched is None and short is None
    assert index.nearest([RUMOUR])[0] == (found[0], 1.0)


def test_scores_per_category_and_macro_f1() -> None:
    result = score(["a", "a", "b", "b"], ["a", "b", "b", "b"])
    assert result.accuracy == 0.75
    assert result.per_category["a"] == {"precision": 1.0, "recall": 0.5, "f1": 0.6667, "support": 2}
    assert result.per_category["b"]["precision"] == 0.6667
    assert result.confusion == {"a": {"a": 1, "b": 1}, "b": {"b": 2}}
    by_source = report(["a", "b"], ["a", "a"], ["x", "y"]).by_source
    assert by_source["x"].accuracy == 1.0 and by_source["y"].accuracy == 0.0


def test_evasions_change_the_text_as_posters_do() -> None:
    import random

    rng = random.Random(1)
    assert traditional("发现后台", rng) == "發現後臺"
    assert full_width("vx:abc", rng) == "ＶＸ：ＡＢＣ"
    assert chinese_digits("电话13812345678", rng) == "电话一三八一二三四五六七八"
    assert evade_all(["加微信"], {"微信": ["威信"]}, seed=3)[0] != "加微信"
