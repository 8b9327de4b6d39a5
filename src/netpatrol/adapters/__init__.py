"""Adapters to the world outside the domain: database, stream, platform channels."""
