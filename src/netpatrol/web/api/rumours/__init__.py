"""API for spread clusters, checks and debunks (M6): routes and their bodies.

May import: domain, services, web's shared modules and web/api/publishing's schemas.
"""
