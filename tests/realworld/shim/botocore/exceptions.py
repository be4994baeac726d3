"""``botocore.exceptions``: the module ``strato.exceptions`` itself."""

import sys

import strato.exceptions

sys.modules[__name__] = strato.exceptions
