"""Search (检索) across clues, posts, authors, indicators and public reports, scoped to what
the reader may see.

Serves SPEC M4. May import: `netpatrol.domain` and the shared ports; never adapters, web,
cli, workers or sim.
"""
