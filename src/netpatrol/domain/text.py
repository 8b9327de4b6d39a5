"""Characters no text field keeps: C0 controls other than tab, newline and carriage return,
and lone surrogates (they cannot be written as UTF-8). PostgreSQL refuses NUL in text and
XML refuses every C0 control but those three."""

from __future__ import annotations

import re

_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f]")
_SURROGATE = re.compile("[\ud800-\udfff]")
_EITHER = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff]")


def clean_already(text: str) -> bool:
    """Whether the text holds none of those characters (one scan, nothing copied)."""
    return _EITHER.search(text) is None


def unstorable(text: str) -> str:
    """Why the text cannot be stored as it is, or "" when it can."""
    found = _CONTROL.search(text)
    if found:
        return f"control character U+{ord(found.group()):04X} at position {found.start()}"
    found = _SURROGATE.search(text)
    if found:
        return f"unpaired surrogate U+{ord(found.group()):04X} at position {found.start()}"
    return ""


def cleaned(text: str) -> tuple[str, int]:
    """The text without those characters, and how many were taken out."""
    kept, controls = _CONTROL.subn("", text)
    kept, surrogates = _SURROGATE.subn("", kept)
    return kept, controls + surrogates
