"""Platform connectors: one protocol, the built-in simulator, and its HTTP client."""
