"""lab.actions."""
