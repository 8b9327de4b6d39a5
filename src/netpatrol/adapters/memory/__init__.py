"""In-memory twins of the storage adapters (all capabilities), one module per capability on
one store, for fast tests of the services; they pass the SQL twins' contract tests.

May import: domain and services' ports and errors.
"""
