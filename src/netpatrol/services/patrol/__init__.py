"""Patrol (巡查): posts in from files, webhooks, the pull loop and the stream; findings out, each
a clue routed to its unit; spread tracking on every batch.

Serves SPEC M2, M3, M6. May import: `netpatrol.domain`, `netpatrol.detect`,
`netpatrol.data`, the shared ports and other capabilities' public functions; never adapters,
web, cli, workers or sim.
"""
