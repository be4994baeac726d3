"""The original AWS SigV4 test suite (botocore's copy): canonical request, string to sign and
Authorization header for all 34 cases, including the 4 that botocore's own harness skips
(its HTTP parser and dict-of-params builder cannot express them; a URL-based request can)."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from types import SimpleNamespace

import pytest

from strato.signing import sign_v4

from ._paths import CONFORMANCE
from ._rawhttp import parse_raw_request, to_signing_request

SUITE = CONFORMANCE / "aws4-testsuite-classic"
CASES = sorted(p.parent for p in SUITE.rglob("*.req"))
ACCESS_KEY = "AKIDEXAMPLE"
SECRET_KEY = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY"
TIMESTAMP = datetime(2015, 8, 30, 12, 36, 0)
TOKEN_PREFIX = "x-amz-security-token:"


def _read(case: Path, suffix: str) -> str:
    return (case / f"{case.name}{suffix}").read_text(encoding="utf-8")


@pytest.mark.parametrize("case", CASES, ids=[str(p.relative_to(SUITE)) for p in CASES])
def test_classic_suite(case: Path) -> None:
    expected_creq = _read(case, ".creq")
    token = next(
        (
            line[len(TOKEN_PREFIX) :]
            for line in expected_creq.split("\n")
            if line.startswith(TOKEN_PREFIX)
        ),
        None,
    )
    credentials = SimpleNamespace(access_key=ACCESS_KEY, secret_key=SECRET_KEY, token=token)
    request = to_signing_request(parse_raw_request(_read(case, ".req")), encode_path=False)

    result = sign_v4(request, credentials, "us-east-1", "service", timestamp=TIMESTAMP)

    assert result.canonical_request == expected_creq
    assert result.string_to_sign == _read(case, ".sts")
    assert request.headers["Authorization"] == _read(case, ".authz")


def test_suite_is_complete() -> None:
    assert len(CASES) == 34
