"""Operator console (M4, M5, M6, M8, M10, M11): server-rendered pages, one module per page.

May import: domain, services, web's shared modules (auth, deps, labels, i18n).
"""
