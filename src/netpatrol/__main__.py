"""`python -m netpatrol` is the same as the `netpatrol` command."""

from netpatrol.cli import main

main()
