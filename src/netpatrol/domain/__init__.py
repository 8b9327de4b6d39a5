"""The domain: pure Python, standard library only."""
