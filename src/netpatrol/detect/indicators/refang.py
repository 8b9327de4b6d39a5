"""Defanged links made whole again: hxxp, [.], (dot), 'a . b', a点b, full stops between labels.

Offenders break a link so that filters and previews miss it and readers retype it. The
refanged copy is read by the extractor, and every span found in it is mapped back to the
text as written, so evidence still points at what the author wrote.
"""

from __future__ import annotations

from dataclasses import dataclass

import regex

# a dot written as anything a reader would retype as '.' (between two ASCII labels)
_DOT = regex.compile(
    r"(?<=[a-z0-9\-])(?:\s*(?:\[\.\]|\(\.\)|\{\.\}|\[dot\]|\(dot\)|\[点\]|（点）|。|．|\s\.\s?|\.\s)\s*)"
    r"(?=[a-z0-9\-]{2,})"
    # 点 written bare: a label with a letter in it before, letters after (tinyurl点cc; not
    # 3点pm, which is a time)
    r"|(?<=[a-z][a-z0-9\-]*)\s*点\s*(?=[a-z]{2,})",
    regex.IGNORECASE,
)
_SCHEME = regex.compile(r"h(?:xx|\*\*|[xX]{2})p(s?)(?=\s*[:：])", regex.IGNORECASE)
# full-width punctuation inside a link, which NFKC folding leaves as written
_WIDE = regex.compile(r"(?<=[a-z0-9.])[－＿／：](?=[a-z0-9/])", regex.IGNORECASE)
# a cheap test first: only a text with one of these can hold a defanged link
_HINT = regex.compile(
    r"hxx|h\*\*|\[\.\]|\(\.\)|\{\.\}|dot\]|dot\)|\[点\]|（点）|[a-z0-9]\s*点\s*[a-z]"
    r"|[a-z0-9](?:\s+\.\s*|\.\s+|\s*[。．／－＿]\s*)[a-z0-9]",
    regex.IGNORECASE,
)


@dataclass(frozen=True)
class Refanged:
    text: str
    origin: list[int]  # origin[i]: where character i of `text` stands in the text as written

    def span(self, start: int, end: int) -> tuple[int, int]:
        return self.origin[start], self.origin[end - 1] + 1


def refang(text: str) -> Refanged | None:
    """The text with its defanged links repaired, or None when it has none."""
    if not _HINT.search(text):
        return None
    pieces: list[tuple[str, int, int]] = []  # (replacement, start, end) in the text as written
    for m in _SCHEME.finditer(text):
        pieces.append((f"http{m.group(1)}", m.start(), m.end()))
    for m in _DOT.finditer(text):
        pieces.append((".", m.start(), m.end()))
    for m in _WIDE.finditer(text):
        pieces.append((chr(ord(m.group()) - 0xFEE0), m.start(), m.end()))
    if not pieces:
        return None
    pieces.sort(key=lambda p: p[1])
    out: list[str] = []
    origin: list[int] = []
    cursor = 0
    for replacement, start, end in pieces:
        if start < cursor:
            continue
        out.append(text[cursor:start])
        origin.extend(range(cursor, start))
        out.append(replacement)
        # each new character points into the span it replaces
        origin.extend(min(start + i, end - 1) for i in range(len(replacement)))
        cursor = end
    out.append(text[cursor:])
    origin.extend(range(cursor, len(text)))
    return Refanged("".join(out), origin)
