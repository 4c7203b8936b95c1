"""Demo mode: a lab played for an audience, its reference solution performed through the UI."""
