"""ui.sqs."""
