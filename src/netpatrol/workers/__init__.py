"""Stream consumers and timers: thin loops around the services."""
