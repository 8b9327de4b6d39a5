"""The patrol pipeline (M3): normalise, lexicon, indicators, classifier, near-duplicates,
scoring; batch in, batch out, no database.

May import: domain only (and the standard library and the text libraries); strict mypy.
"""
