"""``boto3.resources.factory``: the module ``strato.resources.factory`` itself."""

import sys

import strato.resources.factory

sys.modules[__name__] = strato.resources.factory
