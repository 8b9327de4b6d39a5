"""SQLAlchemy 2 storage (all capabilities): tables/, one repository module per capability,
the unit of work and Alembic migrations, on SQLite and PostgreSQL.

May import: domain, services' ports and errors; never web, cli, workers or sim.
"""
