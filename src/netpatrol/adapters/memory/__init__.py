"""In-memory twins of the storage adapters, for fast tests of the services."""
