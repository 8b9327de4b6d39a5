"""Public pages (M7, M8): for now, the page a warning's recipient answers on."""
