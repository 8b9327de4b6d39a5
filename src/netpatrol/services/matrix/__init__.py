"""The matrix (账号矩阵): what units share with each other; for now the shared store of known scam
indicators.

Serves SPEC M9. May import: `netpatrol.domain`, `netpatrol.detect`, `netpatrol.data`, the
shared ports and other capabilities' public functions; never adapters, web, cli, workers or
sim.
"""
