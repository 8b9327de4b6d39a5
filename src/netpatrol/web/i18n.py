"""Languages of the console and portal: Babel catalogues, zh_CN first and en second.

Messages are written in English in the code and templates; `locale/<lang>/LC_MESSAGES/
messages.po` carries the translations (`make messages` extracts and updates them). The
catalogues are compiled in memory when the app starts, so no .mo file has to be built.
"""

from __future__ import annotations

import io
from contextvars import ContextVar
from datetime import datetime, timedelta, timezone
from functools import cache
from importlib.resources import files
from pathlib import Path

from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.support import Translations
from fastapi.templating import Jinja2Templates

from netpatrol.domain.errors import (
    DomainError,
    InForce,
    InvalidTransition,
    NotFound,
    PermissionDenied,
    RuleViolation,
)

LOCALES = ("zh_CN", "en")
DEFAULT_LOCALE = "zh_CN"
LOCALE_COOKIE = "np_lang"
HTML_LANG = {"zh_CN": "zh-CN", "en": "en"}
LOCALE_NAMES = {"zh_CN": "中文", "en": "English"}

current_locale: ContextVar[str] = ContextVar("current_locale", default=DEFAULT_LOCALE)


def locale_dir() -> Path:
    return Path(str(files("netpatrol") / "locale"))


@cache
def translations(locale: str) -> Translations:
    po = locale_dir() / locale / "LC_MESSAGES" / "messages.po"
    with po.open("rb") as source:
        catalog = read_po(source, locale=locale)
    compiled = io.BytesIO()
    write_mo(compiled, catalog)
    compiled.seek(0)
    return Translations(compiled)


def gettext(message: str) -> str:
    return translations(current_locale.get()).gettext(message)


def ngettext(singular: str, plural: str, n: int) -> str:
    return translations(current_locale.get()).ngettext(singular, plural, n)


def in_reader_language(error: Exception) -> str:
    """A refusal as the reader reads it: the domain says its rules in English and, where it
    names the rule, in Chinese too."""
    if not isinstance(error, DomainError) or current_locale.get() != "zh_CN":
        return str(error)
    if error.zh:
        return error.zh
    said = next((zh for kind, zh in REFUSALS_IN_CHINESE if isinstance(error, kind)), "")
    said = said or "操作未能完成。"
    # the rule's own words after the meaning: they name what to change, and what to quote
    # when asking a colleague
    return f"{said}（{error}）" if str(error) else said


# what a refusal of each kind means, for the Chinese reader of a rule that has no Chinese text
REFUSALS_IN_CHINESE: tuple[tuple[type[DomainError], str], ...] = (
    (PermissionDenied, "您的角色或所属单位无权执行此操作。"),
    (NotFound, "要操作的对象不存在，或不在您的查看范围内。"),
    (InForce, "该线索上已有同类措施正在生效，一次只能有一项。"),
    (InvalidTransition, "当前状态下不能执行此操作，请刷新页面后查看最新状态。"),
    (RuleViolation, "提交的内容不符合规则"),
)


def pick_locale(asked: str | None) -> str:
    return asked if asked in LOCALES else DEFAULT_LOCALE


def N_(message: str) -> str:
    return message


def make_templates(directory: Path) -> Jinja2Templates:
    """Jinja2 templates with `_()` bound to the request's language."""
    templates = Jinja2Templates(directory=directory)
    env = templates.env
    env.add_extension("jinja2.ext.i18n")
    env.install_gettext_callables(gettext, ngettext, newstyle=True)  # type: ignore[attr-defined]
    env.globals["current_locale"] = current_locale.get
    env.globals["html_lang"] = lambda: HTML_LANG[current_locale.get()]
    env.globals["locale_names"] = LOCALE_NAMES
    env.filters["beijing"] = beijing
    from netpatrol.web.labels.audit import action_words  # the labels import this module

    env.filters["action_words"] = action_words
    return templates


def beijing(moment: str | datetime) -> str:
    """A time (an ISO string as measures keep them, or a datetime) in Beijing time."""
    at = datetime.fromisoformat(moment) if isinstance(moment, str) else moment
    return at.astimezone(timezone(timedelta(hours=8))).strftime("%Y-%m-%d %H:%M")
