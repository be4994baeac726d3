"""``boto3.dynamodb.conditions``: the module ``strato.dynamodb.conditions`` itself."""

import sys

import strato.dynamodb.conditions

sys.modules[__name__] = strato.dynamodb.conditions
