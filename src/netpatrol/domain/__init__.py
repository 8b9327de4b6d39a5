"""The domain (all capabilities): units, posts, findings, clues, measures and their state
machines, policy, legal bases, audit entries, reports, clusters, checks, publications.

Pure Python: imports the standard library only; strict mypy.
"""
