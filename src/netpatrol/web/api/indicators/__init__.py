"""API for the shared indicator store (M9): proposing, review, edits, renewal, removal,
false-positive reports, and bulk import and export in CSV and STIX 2.1.

May import: domain, services, web's shared modules.
"""
