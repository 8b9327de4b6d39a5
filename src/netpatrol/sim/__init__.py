"""The platform simulator (模拟平台): simulated platforms and their HTTP app, hoax spread,
simulated traffic and the simulated working day.

Serves SPEC M2 and M12 (demo and load). Depends on services, domain, detect and data, and
on the HTTP connector; nothing below it imports it (only bootstrap, cli and tests).
"""
