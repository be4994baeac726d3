"""Where the conformance data lives: ``tests/data/conformance`` (copied in, with its licences)."""

from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
CONFORMANCE = ROOT / "tests" / "data" / "conformance"
CONFIGURED_ENDPOINT_URLS = CONFORMANCE / "botocore-configured-endpoint-urls" / "profile-tests.json"
ENDPOINT_RULES = CONFORMANCE / "botocore-endpoint-rules"

for _path in (CONFIGURED_ENDPOINT_URLS, ENDPOINT_RULES):
    if not _path.exists():
        raise FileNotFoundError(f"conformance data missing: expected {_path}")
