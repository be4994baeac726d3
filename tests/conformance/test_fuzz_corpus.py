"""aws-c-auth's profile-parser fuzz seeds, each read as a config and as a credentials file.

strato must load the input or raise ConfigParseError (any other exception fails the
test), and must agree with botocore on success or failure and on the profiles found.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from ._isolation import Home
from ._outcomes import assert_same, botocore_outcome, strato_outcome
from ._paths import FUZZ_CORPUS

_INPUTS = sorted(p for d in FUZZ_CORPUS.iterdir() if d.is_dir() for p in d.iterdir())


def test_corpus_is_complete() -> None:
    assert len(_INPUTS) == 80


@pytest.mark.parametrize("role", ["config", "credentials"])
@pytest.mark.parametrize("path", _INPUTS, ids=[f"{p.parent.name[6:-8]}/{p.name}" for p in _INPUTS])
def test_fuzz_input(path: Path, role: str, home: Home) -> None:
    data = path.read_bytes()
    if role == "config":
        home.write_config(data)
    else:
        home.write_credentials(data)
    assert_same(strato_outcome(home), botocore_outcome())
