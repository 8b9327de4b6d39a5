"""Stream consumers (M12): thin loops around the services.

May import: domain, detect, services, adapters (the stream) and config.
"""
