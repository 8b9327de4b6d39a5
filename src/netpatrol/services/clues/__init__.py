"""Clues (线索): the queue and the clue page, claiming, reassigning and escalating, evidence and
a clue's change of state.

Serves SPEC M4. May import: `netpatrol.domain`, `netpatrol.detect`, `netpatrol.data`, the
shared ports and other capabilities' public functions; never adapters, web, cli, workers or
sim.
"""
