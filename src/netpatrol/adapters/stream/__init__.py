"""The durable post stream: NATS JetStream, and an in-memory twin."""
