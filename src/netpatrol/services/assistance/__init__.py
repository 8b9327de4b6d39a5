"""Assistance between units (协查): asking another unit for help on a clue, the asked unit's
answer in a shared thread, overdue requests escalated, and figures per unit.

Serves SPEC M9. May import: `netpatrol.domain`, the shared ports and other capabilities'
public functions; never adapters, web, cli, workers or sim.
"""
