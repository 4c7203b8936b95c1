"""S3: the buckets a Firehose delivery stream writes to, their objects and a safe preview."""
