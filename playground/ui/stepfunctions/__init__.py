"""ui.stepfunctions."""
