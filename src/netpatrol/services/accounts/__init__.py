"""Accounts (用户): console users, sessions and tokens, the acting principal, and the units of
the matrix.

Serves SPEC M1, M11. May import: `netpatrol.domain`, `netpatrol.detect`, `netpatrol.data`,
the shared ports and other capabilities' public functions; never adapters, web, cli, workers
or sim.
"""
