"""``boto3.dynamodb.types``: the module ``strato.dynamodb.types`` itself."""

import sys

import strato.dynamodb.types

sys.modules[__name__] = strato.dynamodb.types
