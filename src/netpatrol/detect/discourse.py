"""Who speaks, and how (语境): talking about a crime is not committing it.

A police bulletin about a busted ring, a court verdict, an anti-fraud reminder, a debunk
or a victim's story uses the same words as the offence it is about. Markers of those
kinds of speech (shipped data, `data/rules/v1/discourse.json`) lower the weight of every
signal of the categories that kind of speech concerns, so only a post that also
offers, sells or demands on its own account (several strong, independent signals) stays
a finding; the verdict says which kind of speech was seen. Words inside quotation marks
are someone else's words: signals that lie wholly inside quotes are lowered the same way
even without a marker.

Offenders borrow the vocabulary too ("正规平台，不是骗子"): the data lists such
denials, and a marker inside one does not count. And they dress whole offers as warnings
or as victims' talk (被骗的朋友别慌，专业团队帮你追回): where both classifiers, fitted on
offers and on speech about them alike, rate an offer's category high and nothing is
quoted, the speech does not lower their signals (`models_hold`); and where the poster turns
to an offer of their own (我们不一样, 需要的私: `turns`), the post has no kind of speech at all;
where the poster asks to be contacted (私聊我, 来找我: `own_contact`), it is no speech about a
crime, though it may still be teasing or a game.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from netpatrol.detect.base import TOPIC_DETECTORS, Item, Signal
from netpatrol.detect.matching import BatchMatcher
from netpatrol.detect.normalise import Normaliser
from netpatrol.domain.categories import Category

# plain sets and repetition, which `re` runs as `regex` does and faster
_QUOTED = re.compile(
    r"“[^”]{1,80}”|\"[^\"]{1,80}\"|「[^」]{1,80}」|『[^』]{1,80}』|‘[^’]{1,80}’|《[^》]{1,80}》"
    # ASCII single quotes around Chinese words ('收U不问来源'); an English apostrophe is none
    r"|'(?=[^']{0,79}[\u4e00-\u9fff])[^']{1,80}'"
)

# every quoted span opens with one of these
_OPENING_MARKS = ("“", '"', "「", "『", "‘", "《", "'")


def _may_quote(text: str) -> bool:
    """Whether the text holds one of the opening marks (spelled out: this runs per post)."""
    return (
        "“" in text
        or '"' in text
        or "「" in text
        or "『" in text
        or "‘" in text
        or "《" in text
        or "'" in text
    )


# the kind of a turn: the poster's own offer after speech about crime (我们不一样, 要的私)
_TURN = "\x00turn"
# the poster asking to be contacted (私聊我, 找我): ends the kinds of speech about a crime
# listed in `own_contact_cancels`, not banter, a game or a changed number
_OWN_CONTACT = "\x00own"


def _quoted_at(item: Item, start: int, end: int) -> bool:
    """Whether the compact span lies inside a quotation of the original text."""
    text = item.norm.original
    if not _may_quote(text):
        return False
    o_start, o_end = item.norm.to_original(start, end)
    return any(m.start() <= o_start and o_end <= m.end() for m in _QUOTED.finditer(text))


class DiscourseError(ValueError):
    """The discourse data is malformed."""


@dataclass(frozen=True)
class Context:
    """The kind of speech seen first in a post ('' when none) and the span that showed it;
    `also`: the other kinds seen further on. Each kind lowers the categories it concerns:
    a victim asking for help (求助) who was doxxed (被人开盒) speaks as both."""

    kind: str = ""
    start: int = 0
    end: int = 0
    also: tuple[str, ...] = ()

    @property
    def kinds(self) -> tuple[str, ...]:
        return (self.kind, *self.also) if self.kind else ()


NO_CONTEXT = Context()


class DiscourseReader:
    def __init__(self, document: Mapping[str, Any], normaliser: Normaliser) -> None:
        try:
            self.version = str(document["version"])
            self.damp = float(document["damp"])
            self.quote_damp = float(document["quote_damp"])
            markers = {str(k): [str(w) for w in v] for k, v in document["markers"].items()}
            denials = [str(w) for w in document.get("denials", ())]
            turns = [str(w) for w in document.get("turns", ())]
            own_contact = [str(w) for w in document.get("own_contact", ())]
            self._own_cancels = frozenset(str(k) for k in document.get("own_contact_cancels", ()))
            self._firm = frozenset(str(ref) for ref in document.get("firm", ()))
            # which firm rules each kind of speech may still lower
            self._firm_yields = {
                str(kind): frozenset(str(ref) for ref in refs)
                for kind, refs in document.get("firm_yields_to", {}).items()
            }
            self._topic_lowered = {
                str(kind): frozenset(Category(c) for c in categories)
                for kind, categories in document.get("topic_lowered", {}).items()
            }
            # a category every one of these classifiers rates at `min` or more is an offer
            # they tell from speech about it (they were fitted on both): its n-gram signals
            # are not lowered, and the finding stays topic-only (held lower); no detectors,
            # nothing held
            hold = document.get("models_hold", {})
            self._hold_by = frozenset(str(d) for d in hold.get("detectors", ()))
            self._hold_min = float(hold.get("min", 0.0))
            self._hold_for = frozenset(Category(c) for c in hold.get("categories", ()))
            self._applies = {
                str(kind): frozenset(Category(c) for c in categories)
                for kind, categories in document["applies_to"].items()
            }
        except (KeyError, TypeError, ValueError, AttributeError) as exc:
            raise DiscourseError(f"discourse data is malformed: {exc}") from None
        if not (0.0 <= self.damp <= 1.0 and 0.0 <= self.quote_damp <= 1.0) or not markers:
            raise DiscourseError("discourse data: damping out of range or no markers")
        if not 0.0 <= self._hold_min <= 1.0:
            raise DiscourseError("discourse data: models_hold min out of range")
        if set(markers) - set(self._applies):
            missing = sorted(set(markers) - set(self._applies))
            raise DiscourseError(f"discourse data: no applies_to for {missing}")
        if self._own_cancels - set(markers):
            unknown = sorted(self._own_cancels - set(markers))
            raise DiscourseError(f"discourse data: own_contact_cancels names no kind {unknown}")
        words = [w for ws in markers.values() for w in ws] + denials + turns + own_contact
        compact = [n.compact for n in normaliser.normalise_many(words)]
        if "" in compact:
            raise DiscourseError("a discourse word normalises to nothing")
        self._kinds = [k for k, ws in markers.items() for _ in ws] + ["" for _ in denials]
        self._kinds += [_TURN for _ in turns] + [_OWN_CONTACT for _ in own_contact]
        self._matcher = BatchMatcher(compact)
        # no data for the empty kind: without a marker, only quoted words lower a signal
        self._plain_when_unmarked = "" not in self._applies and "" not in self._topic_lowered
        self._lowered_by: dict[
            tuple[str, ...], tuple[frozenset[Category], frozenset[Category], frozenset[str]]
        ]
        self._lowered_by = {}

    @property
    def matcher(self) -> BatchMatcher:
        """The matcher of this reader's markers (`share_scan` may join it to others)."""
        return self._matcher

    def read(self, items: Sequence[Item]) -> list[Context]:
        out = [NO_CONTEXT] * len(items)
        matched = self._matcher.find([i.norm.compact for i in items])
        for i, matches in enumerate(matched):
            if not matches:
                continue
            item = items[i]
            denied = [(s, e) for k, s, e in matches if not self._kinds[k]]
            seen: dict[str, tuple[int, int]] = {}  # each kind where it is first seen
            own = False
            for index, start, end in matches:
                kind = self._kinds[index]
                if not kind or any(ds <= start and end <= de for ds, de in denied):
                    continue
                if kind in (_TURN, _OWN_CONTACT):
                    if _quoted_at(item, start, end):
                        continue  # a turn quoted in a warning is the offenders' words
                    if kind == _OWN_CONTACT:
                        own = True
                        continue
                    seen = {}  # the speech frames the poster's own offer
                    break
                seen.setdefault(kind, (start, end))
            if own:
                seen = {k: at for k, at in seen.items() if k not in self._own_cancels}
            if seen:
                kinds = list(seen)
                o_start, o_end = item.norm.to_original(*seen[kinds[0]])
                out[i] = Context(kinds[0], o_start, o_end, tuple(kinds[1:]))
        return out

    def _lowered(
        self, kinds: tuple[str, ...]
    ) -> tuple[frozenset[Category], frozenset[Category], frozenset[str]]:
        """What these kinds of speech lower together: (rule and term signals, n-grams), and
        the firm rules that still hold in them: all, but loss recovery yields to a refusal in
        the poster's own words (我没理), which no one offering it writes."""
        found = self._lowered_by.get(kinds)
        if found is None:
            found = (
                frozenset().union(*(self._applies.get(k, ()) for k in kinds)),
                frozenset().union(*(self._topic_lowered.get(k, ()) for k in kinds)),
                self._firm.difference(*(self._firm_yields.get(k, ()) for k in kinds)),
            )
            self._lowered_by[kinds] = found
        return found

    def _held(self, signals: Sequence[Signal]) -> frozenset[Category]:
        """The categories every `models_hold` classifier rates at its minimum or more."""
        if not self._hold_by:
            return frozenset()
        rated: dict[Category, set[str]] = {}
        for s in signals:
            if (
                s.detector in self._hold_by
                and s.weight >= self._hold_min
                and s.category in self._hold_for
            ):
                rated.setdefault(s.category, set()).add(s.detector)
        return frozenset(c for c, by in rated.items() if by >= self._hold_by)

    def apply(self, item: Item, context: Context, signals: list[Signal]) -> list[Signal]:
        """The signals with their weights lowered where the post speaks about, not in, a crime.

        In speech about a crime a category's score is its strongest signal times `damp`: the
        others stay as evidence with no weight, so many lowered signals cannot add back up.
        """
        text = item.norm.original
        # Without a kind of speech only quoted rule and term signals change: posts without
        # a quotation mark, or with n-gram signals alone, keep theirs as they are.
        if not context.kind and (
            not _may_quote(text)
            or (self._plain_when_unmarked and all(s.detector in TOPIC_DETECTORS for s in signals))
        ):
            return signals
        quoted = [m.span() for m in _QUOTED.finditer(text)]
        if not context.kind and not quoted:
            return signals
        inside = {
            (s.detector, s.ref)
            for s in signals
            if s.detector not in TOPIC_DETECTORS
            and any(qs <= s.start and s.end <= qe for qs, qe in quoted)
        }
        lowered, topic_lowered, firm = self._lowered(context.kinds)
        held = self._held(signals) if context.kind and not quoted else frozenset()
        strongest: dict[Category, int] = {}
        factors: list[float] = []
        for i, s in enumerate(signals):
            concerned = s.ref not in firm and (
                s.category in lowered
                or (s.detector in TOPIC_DETECTORS and s.category in topic_lowered)
            )
            if concerned and s.detector in TOPIC_DETECTORS and s.category in held:
                concerned = False
            factor = self.damp if concerned else 1.0
            # a rule or term resting on quoted words is someone else's words, all of it; a
            # firm rule too where the post speaks about the crime (a warning or a victim
            # quoting the recovery offer's lines)
            if (s.detector, s.ref) in inside and (context.kind or s.ref not in self._firm):
                factor = min(factor, self.quote_damp)
            factors.append(factor)
            if concerned and (
                s.category not in strongest or s.weight > signals[strongest[s.category]].weight
            ):
                strongest[s.category] = i
        out = []
        for i, (s, factor) in enumerate(zip(signals, factors, strict=True)):
            if factor < 1.0 and s.category in strongest and strongest[s.category] != i:
                factor = 0.0
            out.append(s._replace(weight=round(s.weight * factor, 4)) if factor < 1.0 else s)
        return out
