"""Hypothesis profile and temp directory for the differential tests against botocore."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings

#: Reproducible in CI (derandomize); the main property asks for 1500 examples.
PROFILE_NAME = "strato-differential"
settings.register_profile(
    PROFILE_NAME,
    max_examples=1500,
    deadline=None,
    derandomize=True,
    database=None,
    print_blob=True,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)


@pytest.fixture(scope="module")
def base_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Parent of every example's fresh directory (see ``scenario.new_root``)."""
    return tmp_path_factory.mktemp("differential")
