"""ui.sns."""
