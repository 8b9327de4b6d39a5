"""Saved views and search in memory (the twins of db/worklist.py and db/search.py)."""

from __future__ import annotations

import copy

from netpatrol.adapters.memory.store import Store
from netpatrol.domain.users import Visibility
from netpatrol.domain.views import SavedView
from netpatrol.services.search.ports import Hit, SearchKind


class MemorySavedViews:
    def __init__(self, store: Store) -> None:
        self.s = store

    def add(self, view: SavedView) -> SavedView:
        view.id = self.s.new_id()
        self.s.saved_views[view.id] = copy.deepcopy(view)
        return view

    def for_user(self, username: str) -> list[SavedView]:
        mine = [v for v in self.s.saved_views.values() if v.username == username]
        return copy.deepcopy(sorted(mine, key=lambda v: v.name))

    def get(self, view_id: int) -> SavedView | None:
        return copy.deepcopy(self.s.saved_views.get(view_id))

    def delete(self, view_id: int) -> None:
        self.s.saved_views.pop(view_id, None)


class MemorySearch:
    """Substring search over the store, scoped as the SQL one is."""

    def __init__(self, store: Store) -> None:
        self.s = store

    def find(
        self, kind: SearchKind, terms: str, seen: Visibility, limit: int, offset: int
    ) -> list[Hit]:
        hits: list[Hit] = getattr(self, f"_{kind.value}s")(terms.casefold(), seen)
        return hits[offset : offset + limit]

    def _clue_of_post(self, seen: Visibility) -> dict[int, int]:
        found: dict[int, int] = {}
        for f in self.s.findings.values():
            clue = self.s.clues.get(f.clue_id or 0)
            if clue is not None and seen.allows(clue.unit_id, clue.sharing_level):
                found[f.post_id or 0] = max(found.get(f.post_id or 0, 0), clue.id or 0)
        return found

    def _clues(self, terms: str, seen: Visibility) -> list[Hit]:
        number = terms.lstrip("#")
        return [
            Hit(SearchKind.CLUE, str(c.id), c.category.value, self.s.posts[c.post_id].text, c.id)
            for c in sorted(self.s.clues.values(), key=lambda c: -(c.id or 0))
            if seen.allows(c.unit_id, c.sharing_level)
            and (terms in self.s.posts[c.post_id].text.casefold() or number == str(c.id))
        ]

    def _posts(self, terms: str, seen: Visibility) -> list[Hit]:
        on_clue = self._clue_of_post(seen)
        return [
            Hit(SearchKind.POST, str(i), p.author.name, p.text, on_clue[i])
            for i, p in sorted(self.s.posts.items(), reverse=True)
            if i in on_clue and terms in p.text.casefold()
        ]

    def _authors(self, terms: str, seen: Visibility) -> list[Hit]:
        on_clue = self._clue_of_post(seen)
        found: dict[str, Hit] = {}
        for i, p in sorted(self.s.posts.items(), reverse=True):
            key = f"{p.platform.value}:{p.author.id}"
            wanted = terms in p.author.name.casefold() or terms in p.author.id.casefold()
            if i in on_clue and wanted and key not in found:
                found[key] = Hit(SearchKind.AUTHOR, key, p.author.name, p.author.region, on_clue[i])
        return list(found.values())

    def _reports(self, terms: str, seen: Visibility) -> list[Hit]:
        return [
            Hit(SearchKind.REPORT, str(i), r.link, r.text, r.clue_id)
            for i, r in sorted(self.s.reports.items(), reverse=True)
            if r.clue_id in self.s.clues
            and seen.allows(self.s.clues[r.clue_id].unit_id, self.s.clues[r.clue_id].sharing_level)
            and (terms in r.text.casefold() or terms in r.link.casefold())
        ]

    def _indicators(self, terms: str, seen: Visibility) -> list[Hit]:
        return [
            Hit(SearchKind.INDICATOR, str(i), f"{k.kind}: {k.value}", k.note)
            for i, k in sorted(self.s.indicators.items(), reverse=True)
            if seen.allows(k.unit_id, k.sharing_level)
            and (terms in k.value.casefold() or terms in k.note.casefold())
        ]
