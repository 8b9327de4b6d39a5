"""Platform connectors (M2, M5, M8): the HTTP client that implements the connector port
of services/ports.py against a platform's API (the simulator's, for now).

May import: domain and services' ports.
"""
