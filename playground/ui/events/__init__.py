"""ui.events."""
