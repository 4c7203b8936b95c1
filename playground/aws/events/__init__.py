"""aws.events."""
