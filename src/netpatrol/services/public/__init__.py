"""The public side (群众举报): reports with receipts, volunteers, the scam lookup, sealed contacts
and what the public pages show.

Serves SPEC M7, M8. May import: `netpatrol.domain`, `netpatrol.detect`, `netpatrol.data`,
the shared ports and other capabilities' public functions; never adapters, web, cli, workers
or sim.
"""
