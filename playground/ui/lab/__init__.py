"""ui.lab."""
