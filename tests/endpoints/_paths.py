"""Where the conformance data lives: ``tests/data/conformance`` (copied in, with its licences)."""

from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
CONFORMANCE = ROOT / "tests" / "data" / "conformance"
ENGINE_SUITE = CONFORMANCE / "botocore-endpoint-rules-engine"
SERVICE_SUITE = CONFORMANCE / "botocore-endpoint-rules"

if not ENGINE_SUITE.is_dir() or not SERVICE_SUITE.is_dir():
    raise FileNotFoundError(f"conformance data missing: expected it under {CONFORMANCE}")
