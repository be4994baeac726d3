"""``boto3.resources.base``: the module ``strato.resources.base`` itself."""

import sys

import strato.resources.base

sys.modules[__name__] = strato.resources.base
