"""Publishing (发布): fraud alerts, typical-case bulletins and safety tips, their redaction,
approval and release on the public pages and the units' accounts.

Serves SPEC M8. May import: `netpatrol.domain`, `netpatrol.detect`, `netpatrol.data`, the
shared ports and other capabilities' public functions; never adapters, web, cli, workers or
sim.
"""
