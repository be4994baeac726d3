"""``botocore.stub``: the module ``strato.stub`` itself."""

import sys

import strato.stub

sys.modules[__name__] = strato.stub
