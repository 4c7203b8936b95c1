"""ui.kinesis."""
