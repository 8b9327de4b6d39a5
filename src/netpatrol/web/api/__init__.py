"""JSON REST under /api/v1 (M4-M10), OpenAPI documented: one package per capability with
its routes and schemas side by side; routes.py for units, the legal catalogue and sign-in.

May import: domain, services, web's shared modules (auth, deps, labels).
"""
