"""`netpatrol detect` needs no database: posts in, detections out."""

import json

from typer.testing import CliRunner

from netpatrol.cli import EXIT_REJECTED, app
from tests.factories import make_posts


def test_detect_is_a_pure_pipeline() -> None:
    lines = [
        json.dumps(
            {**make_posts(1)[0], "id": "a", "text": "冰毒出售，同城送货"}, ensure_ascii=False
        ),
        json.dumps({**make_posts(1)[0], "id": "b", "text": "今天天气不错"}, ensure_ascii=False),
    ]
    result = CliRunner().invoke(app, ["detect"], input="\n".join(lines) + "\n")
    assert result.exit_code == 0, result.output
    out = [json.loads(line) for line in result.stdout.splitlines()]
    assert [(o["id"], o["category"]) for o in out] == [("a", "drugs"), ("b", "normal")]
    assert out[0]["severity"] == "critical" and "冰毒出售" in [
        e["text"] for e in out[0]["evidence"]
    ]
    assert out[1]["scores"]["normal"] > 0.5 and out[1]["severity"] is None
    bad = CliRunner().invoke(app, ["detect"], input="not json\n")
    assert bad.exit_code == EXIT_REJECTED and "line 1: malformed JSON" in bad.output
