"""Loaded by the fork server of `patrol --jobs` and `detect --jobs` (`pool.PRELOAD`), once
for every process it forks: jieba's dictionary, which each process would otherwise load
at its first finding (about a second of CPU each)."""

from netpatrol.detect.words import load_dictionary

load_dictionary()
