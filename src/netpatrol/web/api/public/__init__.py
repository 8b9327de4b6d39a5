"""The public API: reports, volunteers and the scam lookup (M7, M8)."""
