"""``boto3.s3``: a package for ``boto3.s3.transfer``."""
