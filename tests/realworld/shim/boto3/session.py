"""``boto3.session``: the module ``strato.session`` itself."""

import sys

import strato.session

sys.modules[__name__] = strato.session
