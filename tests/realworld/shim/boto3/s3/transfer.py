"""``boto3.s3.transfer``: the module ``strato.s3.transfer`` itself."""

import sys

import strato.s3.transfer

sys.modules[__name__] = strato.s3.transfer
