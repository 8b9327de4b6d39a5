"""Look-alike domains (仿冒域名): a host that wears a brand's or an authority's name but is
not theirs.

The registrable domain comes from the Public Suffix List through tldextract, with the
snapshot the package ships (no download at run time). A host is a look-alike when a
brand's token stands in it (as a label or a hyphenated part: `icbc-cn.top`,
`10086-jf.xyz`, `sbk-nianshen.vip`), as written or in look-alike letters (`dhI-express`,
lower-cased `dhi-express`: i, 1 and 0 read as l, l and o), and its registrable domain is
none of the brand's own; when it spells `gov` outside `gov.cn`; or when it is punycode
(xn--), which renders as look-alike letters. A cheap top-level domain is reported apart:
alone it proves nothing.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

import regex
import tldextract

_PARTS = regex.compile(r"[.\-_]+")
# letters and digits a typosquat writes for others that look alike (dhI for dhl, 1 for l)
_CONFUSABLE = str.maketrans({"i": "l", "1": "l", "0": "o"})
MIN_EMBEDDED = 4  # a token this long may also stand inside a longer part (icbcbank)


@lru_cache(maxsize=1)
def _extractor() -> tldextract.TLDExtract:
    return tldextract.TLDExtract(suffix_list_urls=(), cache_dir=None)


@dataclass(frozen=True)
class HostVerdict:
    lookalike: str = ""  # 'brand:<name>', 'gov' or 'punycode'; '' when none
    cheap_tld: bool = False


class LookalikeJudge:
    def __init__(self, document: Mapping[str, Any]) -> None:
        try:
            self.version = str(document["version"])
            brands = document["brands"]
            self._tokens = {
                str(token).lower(): str(name)
                for name, spec in brands.items()
                for token in spec["tokens"]
            }
            self._official = {
                str(domain).lower() for spec in brands.values() for domain in spec["official"]
            }
            self._cheap = frozenset(str(t).lower() for t in document["cheap_tlds"])
        except (KeyError, TypeError, AttributeError) as exc:
            raise ValueError(f"brand data is malformed: {exc}") from None

    def judge(self, host: str) -> HostVerdict:
        return self._judge(host.lower().rstrip("."))

    @lru_cache(maxsize=65536)  # noqa: B019 - one judge lives as long as the engine
    def _judge(self, host: str) -> HostVerdict:
        parts = _extractor()(host)
        registrable = f"{parts.domain}.{parts.suffix}" if parts.suffix else parts.domain
        cheap = parts.suffix in self._cheap
        if "xn--" in host:
            return HostVerdict("punycode", cheap)
        if registrable in self._official or parts.suffix.endswith("gov.cn"):
            return HostVerdict("", cheap)
        pieces = [p for p in _PARTS.split(f"{parts.subdomain}.{parts.domain}") if p]
        if "gov" in pieces:
            return HostVerdict("gov", cheap)
        # as written first, then in look-alike letters: one order, whatever the hash seed
        for piece in dict.fromkeys([*pieces, *(p.translate(_CONFUSABLE) for p in pieces)]):
            for token, brand in self._tokens.items():
                if piece == token or (
                    len(token) >= MIN_EMBEDDED
                    and (piece.startswith(token) or piece.endswith(token))
                ):
                    return HostVerdict(f"brand:{brand}", cheap)
        return HostVerdict("", cheap)
