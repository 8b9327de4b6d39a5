"""Adapters to the world outside the services: database, stream, platform channels.

Each implements a port declared in services/ (rule 3: a real and an in-memory twin).
May import: domain, detect, services (their ports and errors) and data; never web, cli,
workers or sim.
"""
