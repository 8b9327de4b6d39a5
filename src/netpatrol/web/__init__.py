"""The web (M4, M5, M7, M8, M10): JSON API, operator console, public portal.

Routes only translate HTTP to service calls. May import: domain, services, config, bootstrap
(the container) and data; never adapters, workers, cli or sim.
"""
