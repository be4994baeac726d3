"""An isolated home per module: nothing from the real machine reaches either library."""

from conformance._isolation import module_home  # noqa: F401 (an autouse fixture)
