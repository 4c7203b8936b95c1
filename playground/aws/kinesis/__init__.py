"""aws.kinesis."""
