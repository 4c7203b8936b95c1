"""lab.checks."""
