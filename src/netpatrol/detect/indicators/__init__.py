"""Contact and payment indicators (联系方式与支付线索) read from a post's text.

`extract` finds them (windows over the ASCII runs, one many-branch pattern), `canonical`
gives each its comparable value, `IndicatorStore` holds the known ones (SPEC M3, M9).
May import: the standard library, `regex`, and the domain.
"""

from netpatrol.detect.indicators.canonical import canonical, case_kept, luhn_ok
from netpatrol.detect.indicators.extract import extract, extract_many
from netpatrol.detect.indicators.kinds import Indicator, IndicatorKind
from netpatrol.detect.indicators.patterns import SHORTENERS
from netpatrol.detect.indicators.store import IndicatorStore

__all__ = [
    "SHORTENERS",
    "Indicator",
    "IndicatorKind",
    "IndicatorStore",
    "canonical",
    "case_kept",
    "extract",
    "extract_many",
    "luhn_ok",
]
