"""API for clue work and measures (M4, M5): routes and their request and response bodies.

May import: domain, services, web's shared modules (auth, deps, labels) and web/api/schemas.
"""
