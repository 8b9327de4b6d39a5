"""Operator console: server-rendered pages."""
