"""Firehose: delivery streams from a Kinesis stream or direct put into an S3 bucket."""
