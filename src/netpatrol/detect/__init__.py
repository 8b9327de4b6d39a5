"""The patrol pipeline: batch in, batch out, no database."""
