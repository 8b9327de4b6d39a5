"""Public pages (M7, M8): reports and receipts, the scam lookup, volunteers, published alerts
and debunks, and the page a warning's recipient answers on.

May import: domain, services, web's shared modules.
"""
