"""``botocore.waiter``: the module ``strato.waiter`` itself."""

import sys

import strato.waiter

sys.modules[__name__] = strato.waiter
