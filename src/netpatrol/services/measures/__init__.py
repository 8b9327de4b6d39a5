"""Measures (处置): warnings and the recipient's replies, takedown notices, cases and referrals,
the legal-basis catalogue, delivery through the connectors and the timers.

Serves SPEC M5. May import: `netpatrol.domain`, `netpatrol.detect`, `netpatrol.data`, the
shared ports and other capabilities' public functions; never adapters, web, cli, workers or
sim.
"""
