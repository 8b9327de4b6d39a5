"""The web: JSON API, operator console, public portal."""
