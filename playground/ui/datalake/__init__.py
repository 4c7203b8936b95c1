"""The Data lake workbench: Firehose delivery streams and the S3 objects they write."""
