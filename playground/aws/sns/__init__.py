"""aws.sns."""
