"""The durable post stream (M12): NATS JetStream, and an in-memory twin.

May import: domain and services' ports.
"""
