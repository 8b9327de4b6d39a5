"""Display names of the domain's codes, as English messages for the catalogues (console and
portal): core.py for clues and measures, rumours.py for clusters, checks and publications.

May import: domain.
"""
