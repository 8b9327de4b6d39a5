"""API for publications (M8): routes and their bodies.

May import: domain, services, web's shared modules and web/api/schemas.
"""
