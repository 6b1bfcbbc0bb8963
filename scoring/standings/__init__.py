"""League tables computed from results: plain Python, no Django."""
