"""The accounts' inbox (私信): pull, read, assign, answer, handle, report, attach."""
