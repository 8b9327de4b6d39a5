"""The public API (M7, M8): reports with receipts, volunteers and the scam lookup; no sign-in.

May import: domain, services, web's shared modules and the portal's helpers.
"""
