"""Every message of the console and portal has its Chinese translation."""

from __future__ import annotations

from pathlib import Path

from babel.messages.extract import extract_from_dir

from netpatrol.web import i18n

WEB = Path(i18n.__file__).parent
METHODS = [("**.py", "python"), ("**/templates/*.html", "jinja2")]
KEYWORDS = {"_": None, "gettext": None, "N_": None, "ngettext": (1, 2)}


def source_messages() -> set[str]:
    found = set()
    for _, _, message, _, _ in extract_from_dir(WEB, METHODS, keywords=KEYWORDS):
        found.add(message if isinstance(message, str) else message[0])
    return found


def test_every_message_is_translated_into_chinese() -> None:
    chinese = i18n.translations("zh_CN")
    messages = source_messages()
    assert len(messages) > 100
    untranslated = sorted(m for m in messages if chinese.gettext(m) == m)
    assert untranslated == []


def test_english_reads_as_written_and_unknown_locales_fall_back() -> None:
    assert i18n.translations("en").gettext("Clue queue") == "Clue queue"
    assert i18n.translations("zh_CN").gettext("Clue queue") == "线索队列"
    assert i18n.pick_locale("fr") == "zh_CN"
    assert i18n.pick_locale("en") == "en"
