"""Export what a lab built: a CloudFormation template or a boto3 script (headless)."""
