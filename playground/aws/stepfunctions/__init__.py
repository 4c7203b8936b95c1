"""aws.stepfunctions."""
