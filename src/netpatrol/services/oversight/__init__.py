"""Oversight (监督): the audit chain, figures, the dashboard and statements of reasons.

Serves SPEC M10, M11. May import: `netpatrol.domain`, `netpatrol.detect`, `netpatrol.data`,
the shared ports and other capabilities' public functions; never adapters, web, cli, workers
or sim.
"""
