"""``boto3.dynamodb``: a package for ``conditions`` and ``types``."""
