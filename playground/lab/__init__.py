"""Guided labs: YAML steps whose checks read the live state of the target, rustlings-style."""
