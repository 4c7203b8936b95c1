"""aws.sqs."""
