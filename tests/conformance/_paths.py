"""Where the conformance data lives: ``tests/data/conformance`` (copied in, with its licences)."""

from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
CONFORMANCE = ROOT / "tests" / "data" / "conformance"
PROFILE_FILE_SUITE = CONFORMANCE / "smithy-rs-profile-file"
BOTOCORE_CFG = CONFORMANCE / "botocore-config-fixtures" / "cfg"
FUZZ_CORPUS = CONFORMANCE / "aws-c-auth-profile-fuzz-corpus"

for _suite in (PROFILE_FILE_SUITE, BOTOCORE_CFG, FUZZ_CORPUS):
    if not _suite.is_dir():
        raise FileNotFoundError(f"conformance data missing: expected {_suite}")
