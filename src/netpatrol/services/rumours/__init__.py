"""Rumours (谣言核查): spread clusters, checks and debunks.

Serves SPEC M6. May import: `netpatrol.domain`, `netpatrol.detect`, `netpatrol.data`, the
shared ports and other capabilities' public functions; never adapters, web, cli, workers or
sim.
"""
